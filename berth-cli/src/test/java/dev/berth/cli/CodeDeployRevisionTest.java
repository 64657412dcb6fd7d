package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * A blue/green release's CodeDeploy revision, written from moto's ECS: the newest revision of the family as
 * RegisterTaskDefinition takes it (proved by registering it again through the AWS CLI), and the AppSpec.
 */
class CodeDeployRevisionTest {

    static EcsClient ecs;

    @BeforeAll
    static void startMoto() throws Exception {
        CdkCliAgainstMotoTest.startMoto();
        ecs = EcsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create(CdkCliAgainstMotoTest.endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (ecs != null) {
            ecs.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
    }

    static void register(String family, String image) {
        ecs.registerTaskDefinition(request -> request.family(family)
                .executionRoleArn("arn:aws:iam::123456789012:role/wiki-prod-web-execution")
                .taskRoleArn("arn:aws:iam::123456789012:role/wiki-prod-web-task")
                .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE).cpu("512").memory("1024")
                .containerDefinitions(ContainerDefinition.builder().name("web").image(image).essential(true)
                        .portMappings(mapping -> mapping.containerPort(8080))
                        .secrets(secret -> secret.name("DB_SECRET").valueFrom("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"))
                        .build()));
    }

    @Test
    void theNewestRevisionOfTheFamilyAsRegisterTaskDefinitionTakesIt(@TempDir Path out) throws Exception {
        String repository = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wiki/prod/web";
        register("wiki-prod-web", repository + ":1111111");
        register("wiki-prod-web", repository + ":2222222");
        new CodeDeployRevision(ecs).write("wiki-prod-web", "web", 8080, out.resolve("web"));

        Path taskDefinition = out.resolve("web/taskdef.json");
        JsonNode json = new ObjectMapper().readTree(taskDefinition.toFile());
        assertThat(json.path("family").asText()).isEqualTo("wiki-prod-web");
        assertThat(json.path("containerDefinitions").get(0).path("image").asText()).isEqualTo(repository + ":2222222");
        assertThat(json.path("containerDefinitions").get(0).path("secrets").get(0).path("name").asText()).isEqualTo("DB_SECRET");
        assertThat(json.path("networkMode").asText()).isEqualTo("awsvpc");
        assertThat(json.path("executionRoleArn").asText()).endsWith("role/wiki-prod-web-execution");
        // What ECS keeps about a registered revision would make RegisterTaskDefinition refuse the file.
        assertThat(json.has("taskDefinitionArn")).isFalse();
        assertThat(json.has("revision")).isFalse();
        assertThat(json.has("status")).isFalse();
        assertThat(json.has("registeredAt")).isFalse();

        Map<String, Object> appSpec = new Yaml().load(Files.readString(out.resolve("web/appspec.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Map<String, Object>>) ((List<?>) appSpec.get("Resources"))
                .getFirst()).get("TargetService").get("Properties");
        assertThat(properties.get("TaskDefinition")).isEqualTo("<TASK_DEFINITION>");
        assertThat(properties.get("LoadBalancerInfo")).isEqualTo(Map.of("ContainerName", "web", "ContainerPort", 8080));

        // The CodeDeploy action registers the file as it is: so does the AWS CLI, which checks it against the API's model.
        assumeTrue(CdkCliAgainstMotoTest.onPath("aws"), "registering taskdef.json again needs the AWS CLI (apt-get install awscli)");
        ProcessBuilder registerAgain = new ProcessBuilder("aws", "ecs", "register-task-definition", "--endpoint-url",
                CdkCliAgainstMotoTest.endpoint, "--region", "eu-west-1", "--cli-input-json", "file://" + taskDefinition,
                "--query", "taskDefinition.revision", "--output", "text").redirectErrorStream(true);
        registerAgain.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
        Process process = registerAgain.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("3");
    }

    @Test
    void aFamilyThatDoesNotExistIsAClearError(@TempDir Path out) {
        assertThatThrownBy(() -> new CodeDeployRevision(ecs).write("wiki-prod-none", "none", 8080, out))
                .isInstanceOf(UsageFailure.class).hasMessageStartingWith("berth: no task definition wiki-prod-none to release blue/green");
    }
}
