package dev.berth.platform.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

/** ReleasePipeline alone: a branch through a connection, an approval, a privileged build that runs berth release. */
class ReleasePipelineTest {

    static final String CONNECTION = "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Key key = new Key(stack, "Key");
        DeployRole role = new DeployRole(stack, "Deployer", DeployRole.Props.builder().roleName("wiki-prod-pipeline-release").build());
        new ReleasePipeline(stack, "Pipeline", ReleasePipeline.Props.builder()
                .source(new ReleasePipeline.Props.Source(CONNECTION, "acme", "wiki", "trunk"))
                .environment(new ReleasePipeline.Props.Target("prod", "deploy/berth.yaml"))
                .testCommand("make test")
                .role(role.getRole())
                .key(key)
                .settings(new ReleasePipeline.Props.Settings(true, RetentionDays.THREE_MONTHS, null))
                .build());
        template = Templates.template(stack);
    }

    @Test
    void sourceApprovalThenRelease() {
        JsonNode pipeline = Templates.single(template, "AWS::CodePipeline::Pipeline").path("Properties");
        List<String> stages = new ArrayList<>();
        pipeline.path("Stages").forEach(stage -> stages.add(stage.path("Name").asText()));
        assertThat(stages).containsExactly("Source", "Approve", "Release");
        JsonNode source = pipeline.path("Stages").get(0).path("Actions").get(0);
        assertThat(source.path("ActionTypeId").path("Provider").asText()).isEqualTo("CodeStarSourceConnection");
        assertThat(source.path("Configuration").path("ConnectionArn").asText()).isEqualTo(CONNECTION);
        assertThat(source.path("Configuration").path("FullRepositoryId").asText()).isEqualTo("acme/wiki");
        assertThat(source.path("Configuration").path("BranchName").asText()).isEqualTo("trunk");
        assertThat(source.path("Configuration").path("OutputArtifactFormat").asText()).isEqualTo("CODEBUILD_CLONE_REF");
        assertThat(pipeline.path("Stages").get(1).path("Actions").get(0).path("ActionTypeId").path("Provider").asText()).isEqualTo("Manual");
        assertThat(pipeline.path("PipelineType").asText()).isEqualTo("V2");
    }

    @Test
    void theBuildTestsThenReleasesAsTheReleaseRoleEncryptedWithTheKey() {
        JsonNode project = Templates.single(template, "AWS::CodeBuild::Project").path("Properties");
        assertThat(project.path("Environment").path("PrivilegedMode").asBoolean()).isTrue();
        assertThat(project.path("EncryptionKey").toString()).contains("Key");
        assertThat(project.path("ServiceRole").toString()).contains("Deployer");
        String buildSpec = project.path("Source").path("BuildSpec").asText();
        assertThat(buildSpec).contains("make test").contains("./berth release prod --config deploy/berth.yaml --require-approval never")
                .contains("jdk/hotspot");
        assertThat(buildSpec.indexOf("make test")).isLessThan(buildSpec.indexOf("./berth release"));
        JsonNode logs = Templates.single(template, "AWS::Logs::LogGroup").path("Properties");
        assertThat(logs.path("KmsKeyId").toString()).contains("Key");
        assertThat(logs.path("RetentionInDays").asInt()).isEqualTo(90);
    }

    @Test
    void artifactsAreEncryptedWithTheKeyAndOnlyOverTls() {
        JsonNode bucket = Templates.single(template, "AWS::S3::Bucket").path("Properties");
        assertThat(bucket.path("BucketEncryption").toString()).contains("aws:kms").contains("Key");
        assertThat(bucket.path("PublicAccessBlockConfiguration").path("BlockPublicPolicy").asBoolean()).isTrue();
        assertThat(Templates.single(template, "AWS::S3::BucketPolicy").toString()).contains("aws:SecureTransport");
        assertThat(Templates.single(template, "AWS::CodePipeline::Pipeline").path("DependsOn").toString()).doesNotContain("PipelineRole0");
    }

    @Test
    void theReleaseRoleIsCodeBuildsAlone() {
        JsonNode trust = Templates.single(template, "AWS::IAM::Role", "Deployer").path("Properties").path("AssumeRolePolicyDocument");
        assertThat(trust.path("Statement").get(0).path("Principal").path("Service").asText()).isEqualTo("codebuild.amazonaws.com");
    }

    @Test
    void blueGreenAddsADeployStageThatHandsEachServicesRevisionToCodeDeploy() {
        Stack stack = Templates.bareStack();
        DeployRole role = new DeployRole(stack, "Deployer", DeployRole.Props.builder().roleName("wiki-prod-pipeline-release").build());
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("web", "wiki-prod-web");
        groups.put("api", "wiki-prod-api");
        new ReleasePipeline(stack, "Pipeline", ReleasePipeline.Props.builder()
                .source(new ReleasePipeline.Props.Source(CONNECTION, "acme", "wiki", "main"))
                .environment(new ReleasePipeline.Props.Target("prod", "berth.yaml"))
                .role(role.getRole())
                .key(new Key(stack, "Key"))
                .settings(new ReleasePipeline.Props.Settings(false, RetentionDays.ONE_MONTH,
                        new ReleasePipeline.Props.BlueGreen("wiki-prod", groups)))
                .build());
        JsonNode blueGreen = Templates.template(stack);
        JsonNode stages = Templates.single(blueGreen, "AWS::CodePipeline::Pipeline").path("Properties").path("Stages");
        List<String> names = new ArrayList<>();
        stages.forEach(stage -> names.add(stage.path("Name").asText()));
        assertThat(names).containsExactly("Source", "Release", "Deploy");
        assertThat(stages.get(1).path("Actions").get(0).path("OutputArtifacts").toString())
                .isEqualTo("[{\"Name\":\"web-revision\"},{\"Name\":\"api-revision\"}]");
        JsonNode deploys = stages.get(2).path("Actions");
        assertThat(deploys).hasSize(2);
        JsonNode web = deploys.get(0);
        assertThat(web.path("ActionTypeId").path("Provider").asText()).isEqualTo("CodeDeployToECS");
        assertThat(web.path("Configuration").path("ApplicationName").asText()).isEqualTo("wiki-prod");
        assertThat(web.path("Configuration").path("DeploymentGroupName").asText()).isEqualTo("wiki-prod-web");
        assertThat(web.path("Configuration").path("TaskDefinitionTemplatePath").asText()).isEqualTo("taskdef.json");
        assertThat(web.path("Configuration").path("AppSpecTemplatePath").asText()).isEqualTo("appspec.yaml");
        assertThat(web.path("Configuration").path("AppSpecTemplateArtifact").asText()).isEqualTo("web-revision");

        String buildSpec = Templates.single(blueGreen, "AWS::CodeBuild::Project").path("Properties").path("Source").path("BuildSpec").asText();
        assertThat(buildSpec).contains("--codedeploy-out .berth/codedeploy").contains("\"secondary-artifacts\"")
                .contains("\"base-directory\": \".berth/codedeploy/api\"");
        assertThat(Templates.single(blueGreen, "AWS::IAM::Policy", "Deployer").toString()).contains("ecs:DescribeTaskDefinition");
    }

    @Test
    void aRollingReleaseHasNoDeployStageAndNoArtifacts() {
        String buildSpec = Templates.single(template, "AWS::CodeBuild::Project").path("Properties").path("Source").path("BuildSpec").asText();
        assertThat(buildSpec).doesNotContain("artifacts").doesNotContain("codedeploy");
    }
}
