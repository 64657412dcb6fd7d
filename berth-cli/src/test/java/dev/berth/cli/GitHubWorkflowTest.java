package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.BerthProcess.Finished;
import dev.berth.config.BerthConfig;
import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.EnvironmentAssembly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * berth ci github: the workflow it writes passes GitHub's workflow schema (action-validator), and each release job
 * can assume its environment's deploy role: the role's trust names exactly the subject GitHub gives that job.
 */
class GitHubWorkflowTest {

    static final Path VALIDATOR = BerthCliTest.HOME.resolve("tools/action-validator");

    static final String BERTH_YAML = """
            project: shop
            region: eu-central-1
            services:
              - name: web
                image: {build: web}
            environments:
              dev: {}
              staging: {profile: prod, account: "123456789012", domain: staging.shop.example.com, cidr: 10.2.0.0/16}
              prod: {account: "210987654321", domain: shop.example.com, cidr: 10.1.0.0/16}
            delivery:
              github: acme/shop
              branch: trunk
              test: make test
            """;

    @TempDir
    static Path repository;
    static Path workflow;
    static Map<String, Object> jobs;
    static Map<String, Object> document;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void write() throws Exception {
        Files.createDirectories(repository.resolve("deploy/web"));
        Files.writeString(repository.resolve("deploy/web/Dockerfile"), "FROM scratch\n");
        Files.writeString(repository.resolve("deploy/berth.yaml"), BERTH_YAML);
        BerthCliTest.Run run = BerthCliTest.berth("ci", "github", "--config", repository.resolve("deploy/berth.yaml").toString(),
                "--repository", repository.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        workflow = repository.resolve(".github/workflows/berth.yml");
        assertThat(run.out()).contains("berth: wrote " + workflow);
        document = new Yaml().load(Files.readString(workflow));
        jobs = (Map<String, Object>) document.get("jobs");
    }

    @Test
    void theWorkflowPassesGitHubsSchema() throws Exception {
        assumeTrue(CdkCliAgainstMotoTest.onPath("npm"), "validating workflows needs npm (@action-validator/cli)");
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules/@action-validator/cli"))) {
            Finished install = BerthProcess.run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(VALIDATOR.toFile())
                    .redirectErrorStream(true), Duration.ofMinutes(5));
            assertThat(install.exit()).as(install.output()).isZero();
        }
        Finished validation = BerthProcess.run(new ProcessBuilder(VALIDATOR.resolve("node_modules/.bin/action-validator").toString(),
                workflow.toString()).redirectErrorStream(true), Duration.ofMinutes(2));
        assertThat(validation.exit()).as(validation.output()).isZero();

        // And the validator does fail a broken workflow: a job with an unknown key.
        Path broken = repository.resolve("broken.yml");
        Files.writeString(broken, Files.readString(workflow).replace("    runs-on: ubuntu-latest", "    runs-onn: ubuntu-latest"));
        Finished refused = BerthProcess.run(new ProcessBuilder(VALIDATOR.resolve("node_modules/.bin/action-validator").toString(),
                broken.toString()).redirectErrorStream(true), Duration.ofMinutes(2));
        assertThat(refused.exit()).isNotZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void testsEveryChangeAndReleasesOnlyPushesToTheDeliveryBranchOneAtATime() {
        Map<String, Object> on = (Map<String, Object>) document.get(Boolean.TRUE) != null
                ? (Map<String, Object>) document.get(Boolean.TRUE) : (Map<String, Object>) document.get("on");
        assertThat(((Map<String, Object>) on.get("push")).get("branches")).isEqualTo(List.of("trunk"));
        assertThat(on).containsKey("pull_request");
        assertThat(jobs).containsOnlyKeys("test", "release-dev", "release-staging", "release-prod");
        assertThat(job("test").toString()).contains("run=make test");
        assertThat(job("release-dev").get("needs")).isEqualTo(List.of("test"));
        assertThat(job("release-staging").get("needs")).isEqualTo(List.of("release-dev"));
        assertThat(job("release-prod").get("needs")).isEqualTo(List.of("release-dev"));
        for (String environment : List.of("dev", "staging", "prod")) {
            Map<String, Object> release = job("release-" + environment);
            assertThat(release.get("if")).isEqualTo("github.event_name == 'push' && github.ref == 'refs/heads/trunk'");
            assertThat(release.get("concurrency")).isEqualTo(Map.of("group", "berth-release-" + environment, "cancel-in-progress", false));
            assertThat(release.get("permissions")).isEqualTo(Map.of("contents", "read", "id-token", "write"));
            assertThat(release.toString()).contains("run=./berth release " + environment + " --config deploy/berth.yaml --require-approval never");
        }
        assertThat(job("release-dev")).doesNotContainKey("environment");
        assertThat(job("release-prod").get("environment")).isEqualTo("prod");
        // Only release jobs may ask GitHub for an OIDC token.
        assertThat(document.get("permissions")).isEqualTo(Map.of("contents", "read"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachReleaseJobAssumesARoleThatTrustsExactlyThatJob(@TempDir Path out) throws Exception {
        BerthConfig config = BerthYaml.load(repository.resolve("deploy/berth.yaml"));
        for (String environment : List.of("dev", "staging", "prod")) {
            EnvironmentModel model = config.environment(environment).orElseThrow();
            EnvironmentAssembly assembly = new EnvironmentAssembly(model, out.resolve(environment));
            assembly.synthesize();
            JsonNode delivery = new ObjectMapper().readTree(out.resolve(environment).resolve("shop-" + environment + "-delivery.template.json").toFile());
            JsonNode role = delivery.path("Resources").properties().stream().map(Map.Entry::getValue)
                    .filter(resource -> resource.path("Type").asText().equals("AWS::IAM::Role")).findFirst().orElseThrow();
            String trusted = role.path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0)
                    .path("Condition").path("StringEquals").path("token.actions.githubusercontent.com:sub").asText();

            Map<String, Object> release = job("release-" + environment);
            // The subject GitHub puts in a job's token: its environment's, or else the branch it runs on.
            String subject = release.containsKey("environment") ? "repo:acme/shop:environment:" + release.get("environment")
                    : "repo:acme/shop:ref:refs/heads/trunk";
            assertThat(trusted).as(environment).isEqualTo(subject);
            String assumed = ((List<Map<String, Object>>) release.get("steps")).stream()
                    .filter(step -> String.valueOf(step.get("uses")).startsWith("aws-actions/configure-aws-credentials@"))
                    .map(step -> (String) ((Map<String, Object>) step.get("with")).get("role-to-assume")).findFirst().orElseThrow();
            assertThat(assumed).endsWith(":role/" + role.path("Properties").path("RoleName").asText());
            assertThat(assumed).startsWith(model.naming().account() == null ? "arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:"
                    : "arn:aws:iam::" + model.naming().account() + ":");
        }
    }

    @Test
    void withoutADeliveryRepositoryThereIsNothingToWrite() {
        BerthCliTest.Run run = BerthCliTest.berth("ci", "github", "--config", BerthCliTest.HOME.resolve("examples/minimal/berth.yaml").toString(),
                "--repository", BerthCliTest.HOME.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("names no GitHub repository to deploy from: add delivery: {github: OWNER/NAME}");
        assertThat(BerthCliTest.HOME.resolve(".github")).doesNotExist();

        BerthCliTest.Run pipeline = BerthCliTest.berth("ci", "github", "--config",
                BerthCliTest.HOME.resolve("examples/codepipeline/berth.yaml").toString(), "--repository", BerthCliTest.HOME.toString());
        assertThat(pipeline.exit()).isEqualTo(2);
        assertThat(pipeline.err()).contains("has delivery.pipeline: codepipeline");
        assertThat(BerthCliTest.HOME.resolve(".github")).doesNotExist();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> job(String id) {
        return (Map<String, Object>) jobs.get(id);
    }
}
