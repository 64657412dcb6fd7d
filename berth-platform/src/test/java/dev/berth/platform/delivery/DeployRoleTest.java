package dev.berth.platform.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.Repository;

/** The GitHub deploy role and the account's OIDC provider, alone. */
class DeployRoleTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        new GitHubOidcProvider(stack, "Oidc");
        Repository api = Repository.Builder.create(stack, "Api").repositoryName("shop/dev/api").build();
        Repository web = Repository.Builder.create(stack, "Web").repositoryName("shared/web").build();
        new DeployRole(stack, "Deploy", DeployRole.Props.builder().roleName("shop-dev-github-deploy")
                .subject("repo:acme/shop:ref:refs/heads/main").repositories(List.of(api)).readRepositories(List.of(web))
                .uploads(new DeployRole.Props.Uploads(List.of("arn:aws:s3:::shop-dev-assets", "arn:aws:s3:::shop-dev-sites-*"),
                        List.of("arn:aws:cloudformation:eu-central-1:111122223333:stack/shop-dev-*/*")))
                .bootstrapRegions(List.of("us-east-1"))
                .build());
        template = Templates.template(stack);
    }

    static List<JsonNode> statements() {
        JsonNode policy = Templates.single(template, "AWS::IAM::Policy", "Deploy").path("Properties").path("PolicyDocument");
        return StreamSupport.stream(policy.path("Statement").spliterator(), false).toList();
    }

    @Test
    void theAccountTrustsGitHubsTokensForStsAndKeepsTheProvider() {
        JsonNode provider = Templates.single(template, "AWS::IAM::OIDCProvider");
        assertThat(provider.path("Properties").path("Url").asText()).isEqualTo("https://token.actions.githubusercontent.com");
        assertThat(provider.path("Properties").path("ClientIdList").toString()).isEqualTo("[\"sts.amazonaws.com\"]");
        assertThat(provider.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(Templates.resources(template, "AWS::Lambda::Function")).isEmpty();
    }

    @Test
    void onlyTheOneSubjectOfOneRepositoryMayAssumeIt() {
        JsonNode trust = Templates.single(template, "AWS::IAM::Role", "Deploy").path("Properties").path("AssumeRolePolicyDocument")
                .path("Statement").get(0);
        assertThat(trust.path("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(trust.path("Principal").path("Federated").toString()).contains("oidc-provider/token.actions.githubusercontent.com");
        JsonNode equals = trust.path("Condition").path("StringEquals");
        assertThat(equals.path("token.actions.githubusercontent.com:sub").asText()).isEqualTo("repo:acme/shop:ref:refs/heads/main");
        assertThat(equals.path("token.actions.githubusercontent.com:aud").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(trust.path("Condition").has("StringLike")).isFalse();
    }

    @Test
    void itPushesToItsRepositoriesAndDeploysThroughTheBootstrapRolesAlone() {
        List<JsonNode> statements = statements();
        JsonNode push = statements.stream().filter(s -> s.path("Action").toString().contains("ecr:PutImage")).findFirst().orElseThrow();
        assertThat(push.path("Resource").toString()).contains("Api").doesNotContain("Web");
        // A service it does not build: its images are only listed, for the newest tag a deploy runs.
        JsonNode listed = statements.stream().filter(s -> s.path("Action").toString().contains("ecr:DescribeImages")).findFirst().orElseThrow();
        assertThat(listed.path("Resource").toString()).contains("Api").contains("Web");
        assertThat(statements).filteredOn(s -> s.path("Resource").toString().contains("Web"))
                .allSatisfy(s -> assertThat(s.path("Action").toString()).doesNotContain("PutImage").doesNotContain("UploadLayerPart"));
        JsonNode assume = statements.stream().filter(s -> s.path("Action").toString().contains("sts:AssumeRole")).findFirst().orElseThrow();
        // The four bootstrap roles in the stack's region and in us-east-1, where the edge stack deploys.
        assertThat(assume.path("Resource").size()).isEqualTo(8);
        assertThat(assume.path("Resource").toString()).contains("cdk-hnb659fds-deploy-role-").contains("cdk-hnb659fds-image-publishing-role-")
                .doesNotContain("*");
        // Only ecr:GetAuthorizationToken, which has no resource-level permissions, is on *.
        assertThat(statements).filteredOn(s -> s.path("Resource").asText().equals("*"))
                .allSatisfy(s -> assertThat(s.path("Action").asText()).isEqualTo("ecr:GetAuthorizationToken"));
        assertThat(statements.toString()).doesNotContain("ecs:").doesNotContain("iam:PassRole")
                .doesNotContain("cloudformation:CreateStack").doesNotContain("cloudformation:UpdateStack");
    }

    @Test
    void itWritesTheStaticFilesReadsTheStacksOutputsAndDeploysInUsEast1Too() {
        List<JsonNode> statements = statements();
        JsonNode write = statements.stream().filter(s -> s.path("Action").toString().contains("s3:PutObject")).findFirst().orElseThrow();
        assertThat(Templates.texts(write.path("Resource"))).containsExactly("arn:aws:s3:::shop-dev-assets/*", "arn:aws:s3:::shop-dev-sites-*/*");
        assertThat(write.path("Action").toString()).doesNotContain("Delete");
        JsonNode describe = statements.stream().filter(s -> s.path("Action").toString().contains("cloudformation:DescribeStacks"))
                .findFirst().orElseThrow();
        assertThat(describe.path("Resource").asText()).isEqualTo("arn:aws:cloudformation:eu-central-1:111122223333:stack/shop-dev-*/*");
        JsonNode assume = statements.stream().filter(s -> s.path("Action").toString().contains("sts:AssumeRole")).findFirst().orElseThrow();
        assertThat(assume.path("Resource").toString()).contains("cdk-hnb659fds-deploy-role-111122223333-eu-central-1")
                .contains("cdk-hnb659fds-deploy-role-111122223333-us-east-1");
    }
}
