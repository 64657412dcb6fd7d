package dev.berth.platform.delivery;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.FederatedPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The role that releases an environment: a GitHub Actions job's, trusted by one OIDC subject only (a branch, or a
 * protected GitHub environment, of one repository), or the environment's CodeBuild release project's. It may push to
 * the environment's repositories and assume the CDK bootstrap roles that deploy; everything a deploy changes, it
 * changes through those roles.
 */
public final class DeployRole extends Construct {

    /**
     * @param roleName the role's name
     * @param subject the OIDC subject it trusts, e.g. {@code repo:acme/notes:ref:refs/heads/main}; null for CodeBuild
     * @param repositories the repositories it may push to
     * @param readRepositories the repositories whose images it may only list: a deploy runs their newest tag
     * @param bootstrapQualifier the CDK bootstrap qualifier whose roles it may assume
     */
    public record Props(String roleName, String subject, List<IRepository> repositories, List<IRepository> readRepositories,
            String bootstrapQualifier) {

        public Props {
            repositories = List.copyOf(repositories);
            readRepositories = List.copyOf(readRepositories);
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String roleName;
            private String subject;
            private List<IRepository> repositories = List.of();
            private List<IRepository> readRepositories = List.of();
            private String bootstrapQualifier = "hnb659fds";

            /** Required. */
            public Builder roleName(String roleName) {
                this.roleName = roleName;
                return this;
            }

            /** The GitHub job it trusts; without one, CodeBuild's service principal. */
            public Builder subject(String subject) {
                this.subject = subject;
                return this;
            }

            /** Default none. */
            public Builder repositories(List<IRepository> repositories) {
                this.repositories = repositories;
                return this;
            }

            /** Default none. */
            public Builder readRepositories(List<IRepository> readRepositories) {
                this.readRepositories = readRepositories;
                return this;
            }

            /** Default {@code hnb659fds}, the CDK's own. */
            public Builder bootstrapQualifier(String bootstrapQualifier) {
                this.bootstrapQualifier = bootstrapQualifier;
                return this;
            }

            public Props build() {
                return new Props(Objects.requireNonNull(roleName, "roleName"), subject,
                        repositories, readRepositories, bootstrapQualifier);
            }
        }
    }

    /** The roles {@code cdk bootstrap} makes that a deploy assumes. */
    static final List<String> BOOTSTRAP_ROLES = List.of("deploy-role", "file-publishing-role", "image-publishing-role", "lookup-role");

    private final Role role;

    public DeployRole(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.role = Role.Builder.create(this, "Role")
                .roleName(props.roleName())
                .description(props.subject() != null ? "GitHub Actions deploys through this role: " + props.subject()
                        : "The release pipeline's CodeBuild project deploys through this role")
                .assumedBy(props.subject() != null
                        ? new FederatedPrincipal(GitHubOidcProvider.arn(this), Map.of("StringEquals", Map.of(
                                GitHubOidcProvider.ISSUER + ":aud", GitHubOidcProvider.AUDIENCE,
                                GitHubOidcProvider.ISSUER + ":sub", props.subject())), "sts:AssumeRoleWithWebIdentity")
                        : new ServicePrincipal("codebuild.amazonaws.com"))
                .maxSessionDuration(software.amazon.awscdk.Duration.hours(1))
                .build();
        for (IRepository repository : props.repositories()) {
            repository.grantPullPush(role);
        }
        List<String> listed = java.util.stream.Stream.concat(props.repositories().stream(), props.readRepositories().stream())
                .map(IRepository::getRepositoryArn).toList();
        if (!listed.isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecr:DescribeRepositories", "ecr:DescribeImages"))
                    .resources(listed)
                    .build());
        }
        // The CDK's bootstrap roles of this account and region, each by name: the deploy itself runs through them.
        List<String> bootstrapRoles = BOOTSTRAP_ROLES.stream().map(role -> "arn:" + stack.getPartition() + ":iam::"
                + stack.getAccount() + ":role/cdk-" + props.bootstrapQualifier() + "-" + role + "-" + stack.getAccount()
                + "-" + stack.getRegion()).toList();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sts:AssumeRole", "sts:TagSession"))
                .resources(bootstrapRoles)
                .build());
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "ecr:GetAuthorizationToken has no resource-level"
                + " permissions (it must be granted on *); pushes are scoped to the environment's repositories.");
    }

    public Role getRole() {
        return role;
    }
}
