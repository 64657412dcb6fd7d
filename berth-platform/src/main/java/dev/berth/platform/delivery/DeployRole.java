package dev.berth.platform.delivery;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 * the environment's repositories and its static files' buckets, read its stacks' outputs, and assume the CDK
 * bootstrap roles that deploy; everything a deploy changes, it changes through those roles.
 */
public final class DeployRole extends Construct {

    /**
     * @param roleName the role's name
     * @param subject the OIDC subject it trusts, e.g. {@code repo:acme/notes:ref:refs/heads/main}; null for CodeBuild
     * @param repositories the repositories it may push to, and those whose images it may only list
     * @param uploads the buckets berth push writes static files to, and the stacks whose outputs name them
     * @param bootstrap the CDK bootstrap qualifier and the regions whose roles it may assume
     */
    public record Props(String roleName, String subject, Repositories repositories, Uploads uploads, Bootstrap bootstrap) {

        /**
         * @param pushed the repositories it may push to
         * @param listed the repositories whose images it may only list: a deploy runs their newest tag
         */
        public record Repositories(List<IRepository> pushed, List<IRepository> listed) {

            public Repositories {
                pushed = List.copyOf(pushed);
                listed = List.copyOf(listed);
            }
        }

        /**
         * @param bucketArns the buckets (ARNs, patterns allowed) whose objects it may read and write
         * @param stackArns the stacks (ARNs, patterns allowed) it may describe, for their outputs
         */
        public record Uploads(List<String> bucketArns, List<String> stackArns) {

            public Uploads {
                bucketArns = List.copyOf(bucketArns);
                stackArns = List.copyOf(stackArns);
            }
        }

        /**
         * @param qualifier the CDK bootstrap qualifier
         * @param regions the regions the environment's stacks deploy to besides the stack's own (us-east-1 for the edge)
         */
        public record Bootstrap(String qualifier, List<String> regions) {

            public Bootstrap {
                regions = List.copyOf(regions);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String roleName;
            private String subject;
            private List<IRepository> repositories = List.of();
            private List<IRepository> readRepositories = List.of();
            private Uploads uploads = new Uploads(List.of(), List.of());
            private String bootstrapQualifier = "hnb659fds";
            private List<String> bootstrapRegions = List.of();

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

            /** Default none. */
            public Builder uploads(Uploads uploads) {
                this.uploads = uploads;
                return this;
            }

            /** Default {@code hnb659fds}, the CDK's own. */
            public Builder bootstrapQualifier(String bootstrapQualifier) {
                this.bootstrapQualifier = bootstrapQualifier;
                return this;
            }

            /** Default none: the stack's region alone. */
            public Builder bootstrapRegions(List<String> bootstrapRegions) {
                this.bootstrapRegions = bootstrapRegions;
                return this;
            }

            public Props build() {
                return new Props(Objects.requireNonNull(roleName, "roleName"), subject,
                        new Repositories(repositories, readRepositories), uploads, new Bootstrap(bootstrapQualifier, bootstrapRegions));
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
                        ? new FederatedPrincipal(GitHubOidcProvider.arn(this), Map.of("StringEquals", new TreeMap<>(Map.of(
                                GitHubOidcProvider.ISSUER + ":aud", GitHubOidcProvider.AUDIENCE,
                                GitHubOidcProvider.ISSUER + ":sub", props.subject()))), "sts:AssumeRoleWithWebIdentity")
                        : new ServicePrincipal("codebuild.amazonaws.com"))
                .maxSessionDuration(software.amazon.awscdk.Duration.hours(1))
                .build();
        for (IRepository repository : props.repositories().pushed()) {
            repository.grantPullPush(role);
        }
        List<String> listed = java.util.stream.Stream.concat(props.repositories().pushed().stream(), props.repositories().listed().stream())
                .map(IRepository::getRepositoryArn).toList();
        if (!listed.isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecr:DescribeRepositories", "ecr:DescribeImages"))
                    .resources(listed)
                    .build());
        }
        Props.Uploads uploads = props.uploads();
        if (!uploads.bucketArns().isEmpty()) {
            // HeadObject before PutObject: a file already there with the same content is not sent again.
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetObject", "s3:PutObject"))
                    .resources(uploads.bucketArns().stream().map(bucket -> bucket + "/*").toList())
                    .build());
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:ListBucket"))
                    .resources(uploads.bucketArns())
                    .build());
        }
        for (String bucket : uploads.bucketArns()) {
            PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, bucket) + "/*]",
                    "The objects of a bucket berth push writes static files to; no other bucket, and no deletion.");
            if (bucket.endsWith("*")) {
                PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, bucket) + "]",
                        "The sites' buckets, whose names CloudFormation derives from their stack's: that stack's alone.");
            }
        }
        if (!uploads.stackArns().isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("cloudformation:DescribeStacks"))
                    .resources(uploads.stackArns())
                    .build());
            uploads.stackArns().forEach(stackArn -> PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::"
                    + PolicyGate.findingText(this, stackArn) + "]", "The environment's own stacks, read for their outputs"
                    + " (the buckets berth push writes to); describing changes nothing."));
        }
        // The CDK's bootstrap roles of this account in each region the environment deploys to, each by name: the
        // deploy itself runs through them.
        List<String> regions = new java.util.ArrayList<>(List.of(stack.getRegion()));
        props.bootstrap().regions().stream().filter(region -> !regions.contains(region)).forEach(regions::add);
        List<String> bootstrapRoles = regions.stream().flatMap(region -> BOOTSTRAP_ROLES.stream().map(role -> "arn:"
                + stack.getPartition() + ":iam::" + stack.getAccount() + ":role/cdk-" + props.bootstrap().qualifier() + "-" + role
                + "-" + stack.getAccount() + "-" + region)).toList();
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
