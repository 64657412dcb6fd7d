package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.cli.BerthProcess.Finished;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth push, end to end on this machine: Notejam's image built with podman from the repository's Dockerfile,
 * logged in and pushed with an ECR token and repository that moto serves, to a real registry (Debian's
 * docker-registry), then pulled back by its tag. Only the registry host differs from ECR (BERTH_REGISTRY).
 */
class PushCommandTest {

    static ProcessTree registry;
    static String registryAddress;
    static Path registryDirectory;

    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(CdkCliAgainstMotoTest.onPath("podman"), "berth push's test needs podman (apt-get install podman buildah runc)");
        assumeTrue(CdkCliAgainstMotoTest.onPath("docker-registry"), "berth push's test needs a registry (apt-get install docker-registry)");
        assumeTrue(CdkCliAgainstMotoTest.onPath("debootstrap"), "berth push's test makes its base images with debootstrap");
        CdkCliAgainstMotoTest.startMoto();
        int port = BerthProcess.freePort();
        registryAddress = "127.0.0.1:" + port;
        registryDirectory = Files.createTempDirectory("berth-registry");
        Path config = registryDirectory.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                """.formatted(registryDirectory.resolve("data"), registryAddress));
        registry = ProcessTree.start(new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(registryDirectory.resolve("registry.log").toFile()));
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://" + registryAddress + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("docker-registry did not start: " + Files.readString(registryDirectory.resolve("registry.log")));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
        if (registryDirectory != null) {
            try (var files = Files.walk(registryDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            // The images this run tagged for the registry; the build's layers stay cached for the next build.
            ProcessBuilder remove = new ProcessBuilder("sh", "-c", "podman images --format '{{.Repository}}:{{.Tag}}' | grep '^"
                    + registryAddress + "/' | xargs -r podman rmi").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            remove.environment().put("CONTAINERS_CONF", BerthCliTest.HOME.resolve("tools/containers/containers.conf").toString());
            remove.start().waitFor();
        }
    }

    /** The environment every podman call of this test runs with: the project's settings, this registry over HTTP. */
    static void containerEnvironment(ProcessBuilder builder, Path home) throws Exception {
        Path registries = home.resolve("registries.conf");
        Files.writeString(registries, "[[registry]]\nlocation = \"" + registryAddress + "\"\ninsecure = true\n");
        builder.environment().put("CONTAINERS_CONF", BerthCliTest.HOME.resolve("tools/containers/containers.conf").toString());
        builder.environment().put("CONTAINERS_REGISTRIES_CONF", registries.toString());
        builder.environment().put(ContainerEngine.ENGINE_VARIABLE, "podman");
        builder.environment().put(ImageRegistry.REGISTRY_VARIABLE, registryAddress);
    }

    static String run(ProcessBuilder builder) throws Exception {
        Finished finished = BerthProcess.run(builder.redirectErrorStream(true), Duration.ofMinutes(20));
        assertThat(finished.exit()).as(finished.output()).isZero();
        return finished.output();
    }

    @Test
    void pushesNotejamsImageTaggedWithTheCommitAndItPullsBack(@TempDir Path home) throws Exception {
        String config = BerthCliTest.HOME.resolve("berth.yaml").toString();
        // The repository the dev environment's delivery stack creates, here in moto's ECR.
        ProcessBuilder create = new ProcessBuilder("aws", "ecr", "create-repository", "--repository-name", "notejam/dev/web",
                "--endpoint-url", CdkCliAgainstMotoTest.endpoint, "--region", "eu-central-1");
        motoCredentials(create);
        run(create);
        // The delivery stack's assets bucket and the output berth push finds it by.
        ProcessBuilder delivery = new ProcessBuilder("aws", "cloudformation", "create-stack", "--stack-name", "notejam-dev-delivery",
                "--template-body", "{\"Resources\": {\"Assets\": {\"Type\": \"AWS::S3::Bucket\"}},"
                        + " \"Outputs\": {\"AssetsBucketName\": {\"Value\": {\"Ref\": \"Assets\"}}}}",
                "--endpoint-url", CdkCliAgainstMotoTest.endpoint, "--region", "eu-central-1");
        motoCredentials(delivery);
        run(delivery);

        List<String> buildArguments = run(new ProcessBuilder(BerthCliTest.HOME.resolve("scripts/container-base-images").toString()))
                .lines().filter(line -> line.startsWith("--build-arg=")).toList();
        List<String> arguments = new ArrayList<>(List.of("push", "dev", "--config", config, "--allow-dirty",
                "--build-arg", "MAVEN_OFFLINE=true",
                "--engine-option=--volume=" + System.getProperty("user.home") + "/.m2:/root/.m2:O"));
        // berth push takes the script's --build-arg=NAME=VALUE lines as they are.
        assertThat(buildArguments).hasSize(2);
        arguments.addAll(buildArguments);
        ProcessBuilder push = BerthProcess.of(arguments.toArray(String[]::new));
        motoCredentials(push);
        containerEnvironment(push, home);
        Finished pushed = BerthProcess.run(push, Duration.ofMinutes(20));
        assertThat(pushed.exit()).as(pushed.output()).isZero();

        String commit = git("rev-parse", "--short=12", "HEAD");
        String tag = pushed.output().lines().filter(line -> line.startsWith(commit)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no tag printed:\n" + pushed.output()));
        assertThat(tag).matches(commit + "(-dirty-\\d{8}T\\d{6})?");
        assertThat(pushed.output()).contains("berth: pushed " + registryAddress + "/notejam/dev/web:" + tag);

        // Notejam's content-hashed files, as its build exported them, are in the assets bucket under the same keys.
        Path exported = BerthCliTest.HOME.resolve("notejam/target/public");
        List<String> files;
        try (var walk = Files.walk(exported)) {
            files = walk.filter(Files::isRegularFile).map(file -> exported.relativize(file).toString()).sorted().toList();
        }
        assertThat(files).isNotEmpty().allMatch(key -> key.startsWith("static/"));
        assertThat(pushed.output()).contains("berth: web's static files: " + files.size() + " sent, 0 already in ");
        ProcessBuilder list = new ProcessBuilder("aws", "s3api", "list-objects-v2", "--bucket", bucket(),
                "--query", "Contents[].Key", "--output", "text", "--endpoint-url", CdkCliAgainstMotoTest.endpoint);
        motoCredentials(list);
        assertThat(List.of(run(list).strip().split("\\s+"))).containsExactlyInAnyOrderElementsOf(files);

        // The registry holds the tag, and the image comes back from it.
        String tags = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + registryAddress + "/v2/notejam/dev/web/tags/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(tags).contains("\"" + tag + "\"");
        String image = registryAddress + "/notejam/dev/web:" + tag;
        ProcessBuilder remove = new ProcessBuilder("podman", "rmi", image);
        containerEnvironment(remove, home);
        run(remove);
        ProcessBuilder pull = new ProcessBuilder("podman", "pull", image);
        containerEnvironment(pull, home);
        run(pull);
        ProcessBuilder user = new ProcessBuilder("podman", "image", "inspect", "--format", "{{.Config.User}}", image);
        containerEnvironment(user, home);
        assertThat(run(user).strip()).isEqualTo("10001");
    }

    /** The assets bucket the delivery stack in moto made. */
    static String bucket() throws Exception {
        ProcessBuilder describe = new ProcessBuilder("aws", "cloudformation", "describe-stacks", "--stack-name", "notejam-dev-delivery",
                "--query", "Stacks[0].Outputs[0].OutputValue", "--output", "text", "--endpoint-url", CdkCliAgainstMotoTest.endpoint);
        motoCredentials(describe);
        return run(describe).strip();
    }

    static void motoCredentials(ProcessBuilder builder) {
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("AWS_DEFAULT_REGION", "eu-central-1");
        builder.environment().put("AWS_ENDPOINT_URL", CdkCliAgainstMotoTest.endpoint);
    }

    static String git(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", BerthCliTest.HOME.toString()));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor()).isZero();
        return output;
    }
}
