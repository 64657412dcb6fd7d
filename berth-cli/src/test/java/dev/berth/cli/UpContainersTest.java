package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.cli.BerthProcess.Finished;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth up on the multi-service example, in podman: each service built from its Dockerfile and run in a container,
 * one entry point answering for each route, the api reaching the internal ledger by its Cloud Map name, each service on
 * its own database and role, the cache and the bucket; declared secrets from berth secret set local; SIGTERM stops
 * everything (nothing left: containers, processes, PostgreSQL); data kept for the next run.
 */
class UpContainersTest {

    static final Path CONTAINERS_CONF = BerthCliTest.HOME.resolve("tools/containers/containers.conf");
    final HttpClient client = HttpClient.newHttpClient();

    @Test
    void everyServiceOfTheMultiServiceExampleRunsBehindOneEntryPointAndStopsCleanly(@TempDir Path project) throws Exception {
        assumeTrue(CdkCliAgainstMotoTest.onPath("podman"), "berth up's container test needs podman (apt-get install podman buildah runc)");
        assumeTrue(CdkCliAgainstMotoTest.onPath("debootstrap"), "berth up's container test makes its base image with debootstrap");
        assumeTrue(CdkCliAgainstMotoTest.onPath("redis-server"), "berth up's container test needs redis-server");
        assumeTrue(CdkCliAgainstMotoTest.onPath("moto_server"), "berth up's container test needs moto_server (pip install 'moto[server]')");
        copy(BerthCliTest.HOME.resolve("examples/multi-service"), project);
        Path config = project.resolve("berth.yaml");
        // The base image the Dockerfiles take, made here: no registry is reachable.
        Finished base = BerthProcess.run(new ProcessBuilder(BerthCliTest.HOME.resolve("scripts/container-base-images").toString()),
                Duration.ofMinutes(15));
        assertThat(base.exit()).as(base.output()).isZero();

        setLocally(config, "sk_test_local", "api", "stripe-key");
        setLocally(config, "https://key@sentry.example/1", "shared", "sentry-dsn");
        assertThat(Files.getPosixFilePermissions(project.resolve(".berth/secrets.json"))).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(Files.readString(project.resolve(".berth/.gitignore"))).contains("*");

        int port = BerthProcess.freePort();
        String entry = "http://localhost:" + port;
        try (UpCommandTest.Running running = up(config, port, project)) {
            running.ready().get(15, TimeUnit.MINUTES);
            // The default route: web, which renders what the api (api.shop.local) answers and counts visits in Redis.
            assertThat(get(entry + "/")).contains("<h1>shop</h1>").contains("hello").contains("world")
                    .contains("<span id=\"visits\">1</span>");
            // /api/*: the api, on its own database and role; ledger, internal, through the api by its Cloud Map name.
            assertThat(get(entry + "/api/db")).isEqualTo("{\"service\": \"api\", \"database\": \"api\", \"user\": \"api\"}");
            assertThat(get(entry + "/api/ledger")).isEqualTo("{\"service\": \"ledger\", \"database\": \"ledger\", \"user\": \"ledger\"}");
            assertThat(get(entry + "/api/config")).contains("\"stripe_key_set\": true").contains("\"sentry_dsn_set\": true");
            assertThat(get(entry + "/api/visits")).isEqualTo("{\"visits\": 1}");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(entry + "/api/files/kept.txt"))
                    .PUT(HttpRequest.BodyPublishers.ofString("kept between runs")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(201);
            assertThat(running.output().toString()).contains("berth:   ledger").contains("internal");

            running.tree().remember();
            new ProcessBuilder("kill", "-TERM", Long.toString(running.process().pid())).start().waitFor();
            assertThat(running.process().waitFor(120, TimeUnit.SECONDS)).as("berth up stops on SIGTERM").isTrue();
            assertThat(running.process().exitValue()).as(running.output().toString()).isEqualTo(143);
            assertThat(running.tree().stillRunning()).as("left running after berth up stopped").isEmpty();
            assertThat(podman("ps", "--all", "--quiet", "--filter", "label=dev.berth.project=shop")).isEmpty();
            String output = running.output().toString();
            // Callers before what they call, the data tier last.
            assertThat(output.indexOf("berth: web stopped")).isPositive().isLessThan(output.indexOf("berth: api stopped"));
            assertThat(output.indexOf("berth: api stopped")).isLessThan(output.indexOf("berth: ledger stopped"));
            assertThat(output.indexOf("berth: ledger stopped")).isLessThan(output.indexOf("berth: PostgreSQL stopped"));
        }

        try (UpCommandTest.Running again = up(config, port, project)) {
            again.ready().get(5, TimeUnit.MINUTES);
            // Redis's data, the bucket's objects and the databases are where the last run left them.
            assertThat(get(entry + "/api/visits")).isEqualTo("{\"visits\": 2}");
            assertThat(get(entry + "/api/files/kept.txt")).isEqualTo("kept between runs");
            assertThat(get(entry + "/api/db")).contains("\"database\": \"api\"");
            assertThat(UpCommandTest.interrupt(again)).isEqualTo(130);
            assertThat(podman("ps", "--all", "--quiet", "--filter", "label=dev.berth.project=shop")).isEmpty();
        }
    }

    static UpCommandTest.Running up(Path config, int port, Path project) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("up", "--config", config.toString(), "--port", Integer.toString(port),
                "--build-arg", "BASE_IMAGE=localhost/berth-debian:bookworm",
                // The Debian mirror the Dockerfiles install from is reached from the host's network alone here.
                "--engine-option=--network=host"));
        Consumer<ProcessBuilder> podman = builder -> {
            builder.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
            builder.environment().put(ContainerEngine.ENGINE_VARIABLE, "podman");
        };
        return UpCommandTest.start(arguments, "berth: shop is up on http://localhost:" + port, podman, project.toString());
    }

    static void setLocally(Path config, String value, String owner, String name) throws Exception {
        ProcessBuilder set = BerthProcess.of("secret", "set", "local", owner, name, "--config", config.toString())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = set.start();
        process.getOutputStream().write(value.getBytes());
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("set shop/local/" + owner + "/" + name + " for berth up").doesNotContain(value);
    }

    String get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String podman(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(path -> !path.toString().contains(".berth")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
