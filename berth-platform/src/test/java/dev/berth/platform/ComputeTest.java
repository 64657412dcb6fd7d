package dev.berth.platform;

import static dev.berth.platform.Synthesized.resources;
import static dev.berth.platform.Synthesized.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeTest {

    static JsonNode service(String environment) {
        return single(Synthesized.shipped(environment).app(), "AWS::ECS::Service").path("Properties");
    }

    static JsonNode taskDefinition(String environment) {
        return single(Synthesized.shipped(environment).app(), "AWS::ECS::TaskDefinition").path("Properties");
    }

    @Test
    void dbSecretComesWholeFromSecretsManager() {
        JsonNode container = taskDefinition("prod").path("ContainerDefinitions").get(0);
        assertThat(container.path("Environment").toString()).doesNotContain("DB_SECRET").doesNotContain("password");
        JsonNode secrets = container.path("Secrets");
        assertThat(secrets).hasSize(1);
        assertThat(secrets.get(0).path("Name").asText()).isEqualTo("DB_SECRET");
        // The secret's ARN, exported by the data stack: the whole JSON, not a single field.
        assertThat(secrets.get(0).path("ValueFrom").toString()).contains("Fn::ImportValue").contains("notejam-prod-data")
                .doesNotContain("::password");
    }

    @Test
    void theContainerLearnsThePublicUrlAndNothingSecretInPlainText() {
        JsonNode prod = taskDefinition("prod").path("ContainerDefinitions").get(0).path("Environment");
        assertThat(prod).hasSize(1);
        assertThat(prod.get(0).path("Name").asText()).isEqualTo("BERTH_PUBLIC_URL");
        assertThat(prod.get(0).path("Value").asText()).isEqualTo("https://notes.example.com");
        JsonNode dev = taskDefinition("dev").path("ContainerDefinitions").get(0).path("Environment");
        assertThat(dev.get(0).path("Value").toString()).contains("http://").contains("DNSName");
    }

    @Test
    void rollingDeploysRollBackThroughTheCircuitBreaker() {
        for (String environment : List.of("dev", "prod")) {
            JsonNode deployment = service(environment).path("DeploymentConfiguration");
            assertThat(deployment.path("DeploymentCircuitBreaker").path("Enable").asBoolean()).isTrue();
            assertThat(deployment.path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
            assertThat(deployment.path("MinimumHealthyPercent").asInt()).isEqualTo(100);
            assertThat(deployment.path("MaximumPercent").asInt()).isEqualTo(200);
            assertThat(service(environment).path("HealthCheckGracePeriodSeconds").asInt()).isEqualTo(60);
        }
    }

    @Test
    void aDeployNeverResetsTheTaskCount() {
        assertThat(service("prod").has("DesiredCount")).isFalse();
        assertThat(service("dev").has("DesiredCount")).isFalse();
    }

    @Test
    void tasksRunInPrivateSubnetsWithoutPublicIps() {
        JsonNode network = service("prod").path("NetworkConfiguration").path("AwsvpcConfiguration");
        assertThat(network.path("AssignPublicIp").asText()).isEqualTo("DISABLED");
        assertThat(network.path("Subnets").toString()).contains("computeSubnet").doesNotContain("publicSubnet");
        assertThat(network.path("SecurityGroups").toString()).contains("SecurityGroupsCompute");
    }

    @Test
    void capacityProvidersFollowTheProfile() {
        assertThat(service("dev").path("CapacityProviderStrategy").toString())
                .contains("FARGATE_SPOT").doesNotContain("\"FARGATE\"");
        assertThat(service("prod").path("CapacityProviderStrategy").toString())
                .contains("\"FARGATE\"").doesNotContain("FARGATE_SPOT");
        JsonNode mixed = single(Synthesized.example("multi-service", "dev").app(), "AWS::ECS::Service",
                "api");
        assertThat(mixed.path("Properties").path("CapacityProviderStrategy").toString())
                .contains("{\"Base\":1,\"CapacityProvider\":\"FARGATE\",\"Weight\":1}")
                .contains("{\"CapacityProvider\":\"FARGATE_SPOT\",\"Weight\":3}");
    }

    @Test
    void taskSizedByTierWithSeparateRoles() {
        JsonNode task = taskDefinition("dev");
        assertThat(task.path("Cpu").asText()).isEqualTo("512");
        assertThat(task.path("Memory").asText()).isEqualTo("1024");
        assertThat(task.path("RequiresCompatibilities").toString()).contains("FARGATE");
        assertThat(task.path("TaskRoleArn").toString()).isNotEqualTo(task.path("ExecutionRoleArn").toString());
        // The task role holds no permission: the app needs none of AWS yet.
        assertThat(resources(Synthesized.shipped("dev").app(), "AWS::IAM::Policy").values())
                .allSatisfy(policy -> assertThat(policy.path("Properties").path("Roles").toString()).contains("ExecutionRole"));
    }

    @Test
    void executionRoleReadsOnlyItsSecretAndDecryptsOnlyThroughSecretsManager() {
        JsonNode policy = single(Synthesized.shipped("prod").app(), "AWS::IAM::Policy").path("Properties").path("PolicyDocument");
        String text = policy.toString();
        assertThat(text).contains("secretsmanager:GetSecretValue").doesNotContain("secretsmanager:*");
        assertThat(text).contains("kms:Decrypt").contains("kms:ViaService").contains("secretsmanager.eu-central-1.amazonaws.com");
        assertThat(text).doesNotContain("\"Action\":\"*\"");
    }

    @Test
    void logsGoToAnEncryptedGroupWithTheProfileRetention() {
        JsonNode logs = single(Synthesized.shipped("dev").app(), "AWS::Logs::LogGroup").path("Properties");
        assertThat(logs.path("RetentionInDays").asInt()).isEqualTo(7);
        assertThat(logs.path("KmsKeyId").toString()).contains("EnvironmentKey");
        JsonNode logConfig = taskDefinition("dev").path("ContainerDefinitions").get(0).path("LogConfiguration");
        assertThat(logConfig.path("LogDriver").asText()).isEqualTo("awslogs");
    }

    @Test
    void autoscalingOnCpuAndRequestsPerTarget() {
        JsonNode app = Synthesized.shipped("prod").app();
        JsonNode target = single(app, "AWS::ApplicationAutoScaling::ScalableTarget").path("Properties");
        assertThat(target.path("MinCapacity").asInt()).isEqualTo(1);
        assertThat(target.path("MaxCapacity").asInt()).isEqualTo(4);
        assertThat(resources(app, "AWS::ApplicationAutoScaling::ScalingPolicy").values())
                .extracting(policy -> policy.path("Properties").path("TargetTrackingScalingPolicyConfiguration")
                        .path("PredefinedMetricSpecification").path("PredefinedMetricType").asText())
                .containsExactlyInAnyOrder("ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget");
    }

    @Test
    void clusterHasContainerInsights() {
        JsonNode cluster = single(Synthesized.shipped("dev").app(), "AWS::ECS::Cluster").path("Properties");
        assertThat(cluster.path("ClusterSettings").toString()).contains("containerInsights").contains("enabled");
    }

    @Test
    void imageTagIsAStackParameterForEcrImages() {
        JsonNode app = Synthesized.shipped("prod").app();
        assertThat(app.path("Parameters").path("WebImageTag").path("Type").asText()).isEqualTo("String");
        assertThat(app.path("Parameters").path("WebImageTag").has("Default")).isFalse();
        assertThat(taskDefinition("prod").path("ContainerDefinitions").get(0).path("Image").toString())
                .contains("WebImageTag").contains("notejam");
    }
}
