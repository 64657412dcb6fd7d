package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Notejam's image as it ships: built from notejam/Dockerfile with rootful podman (the project's containers.conf) on
 * base images made on this machine, then run the way Fargate's small tier runs a task (0.5 vCPU, 1 GB, its own
 * user), with {@code DB_SECRET} pointing at a PostgreSQL that, like RDS, admits the app only over TLS with the
 * secret's password. It must get ready, start the fast way, and serve pages from that database.
 *
 * <p>An integration test (Maven's integration-test phase): the image's Maven build runs offline from this machine's
 * Maven repository, which holds everything building the jar needs only once the module has been packaged here.
 * The image is built once per run; the base images and podman's layer cache are kept between runs.
 */
class ContainerImageIT {

    static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();
    static final String TAG = "localhost/notejam:test";
    static final Duration READY_WITHIN = Duration.ofMinutes(3);

    /** Stops what the class started when the run is interrupted (Ctrl-C, a killed fork) before @AfterAll could. */
    static final Thread CLEAN_UP_AT_EXIT = new Thread(ContainerImageIT::cleanUp);

    static Path work;
    static String image;
    static EmbeddedPostgres postgres;
    static String container;
    static int port;

    @BeforeAll
    static void buildAndStart() throws Exception {
        List<String> missing = Stream.of("podman", "runc", "debootstrap").filter(tool -> !onPath(tool)).toList();
        assumeTrue(missing.isEmpty(), "the image test needs rootful podman; not installed: " + String.join(", ", missing)
                + " (apt-get install podman buildah runc debootstrap)");
        assumeTrue(new UnixSystem().getUid() == 0,
                "the image test needs root: podman runs rootful here, and debootstrap makes the base images as root");
        assertThat(REPOSITORY.resolve("notejam/Dockerfile")).as("the repository root, from the module's directory").exists();
        work = Files.createTempDirectory("notejam-image-test");
        Runtime.getRuntime().addShutdownHook(CLEAN_UP_AT_EXIT);

        List<String> build = new ArrayList<>(List.of("podman", "build", "--format", "docker"));
        build.addAll(run(Duration.ofMinutes(15), "scripts/container-base-images").lines().toList());
        // The image's Maven build reads this machine's repository (copy-on-write: the build writes nothing back).
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path iid = work.resolve("image-id");
        build.addAll(List.of("--build-arg", "MAVEN_OFFLINE=true", "--volume", m2 + ":/root/.m2:O",
                "--iidfile", iid.toString(), "--tag", TAG, "--file", "notejam/Dockerfile", "."));
        long buildStart = System.nanoTime();
        run(Duration.ofMinutes(20), build.toArray(String[]::new));
        image = Files.readString(iid).strip();
        System.out.printf("ContainerImageIT: built %s (%s) in %d s%n", TAG, image,
                Duration.ofNanos(System.nanoTime() - buildStart).toSeconds());

        startPostgresRequiringTlsAndPassword(work.resolve("pg"));
        String password = UUID.randomUUID().toString();
        JdbcClient admin = JdbcClient.create(postgres.getPostgresDatabase());
        admin.sql("CREATE USER notejam PASSWORD '" + password + "'").update();
        admin.sql("CREATE DATABASE notejam OWNER notejam").update();
        String secret = new ObjectMapper().writeValueAsString(Map.of("username", "notejam", "password", password,
                "host", "127.0.0.1", "port", postgres.getPort(), "dbname", "notejam", "engine", "postgres"));

        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        container = "notejam-image-test-" + ProcessHandle.current().pid();
        // Fargate's small tier: 0.5 vCPU, 1 GB. The host's network, as a task owns its own (awsvpc): PostgreSQL
        // stays on loopback, and the app takes a free port through PORT, as the test's other apps do.
        long start = System.nanoTime();
        run(Duration.ofMinutes(1), "podman", "run", "--detach", "--name", container, "--network", "host",
                "--cpus", "0.5", "--memory", "1g", "--env", "PORT=" + port, "--env", "DB_SECRET=" + secret, image);
        waitForReadiness();
        System.out.printf("ContainerImageIT: ready in %.1f s at 0.5 vCPU%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void stop() {
        cleanUp();
        Runtime.getRuntime().removeShutdownHook(CLEAN_UP_AT_EXIT);
    }

    /** The container, then PostgreSQL, then the files; each step whatever became of the one before. */
    static synchronized void cleanUp() {
        if (container != null) {
            runQuietly("podman", "rm", "--force", "--time", "0", container);
            container = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("ContainerImageIT: PostgreSQL did not stop cleanly: " + e);
            }
            postgres = null;
        }
        if (work != null) {
            try {
                FileSystemUtils.deleteRecursively(work);
            } catch (IOException e) {
                System.err.println("ContainerImageIT: could not delete " + work + ": " + e);
            }
            work = null;
        }
    }

    @Test
    void getsReadyAsItsOwnUserWithinFargateSmallLimits() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        // The image's USER, not a run option: the JVM (PID 1) is not root.
        assertThat(exec("cat", "/proc/1/status").lines().filter(line -> line.startsWith("Uid:")))
                .containsExactly("Uid:\t10001\t10001\t10001\t10001");
        // The JVM sizes itself to the task: one processor for half a CPU, a heap of 75 % of 1 GB.
        assertThat(metric("system.cpu.count")).isEqualTo(1.0);
        assertThat(metric("jvm.memory.max?tag=area:heap")).isBetween(640.0 * (1 << 20), 768.0 * (1 << 20));
    }

    @Test
    void startsFromSpringAotCodeAndTheJdkAotCache() {
        assertThat(run(Duration.ofMinutes(1), "podman", "logs", container).lines().findFirst().orElse(""))
                .contains("Starting AOT-processed NotejamApplication");
        // The JVM maps the cache's regions from the file when it uses it; a cache it rejected is not mapped.
        assertThat(exec("cat", "/proc/1/maps")).contains("/app/notejam.aot");
    }

    @Test
    void servesPagesFromTheDatabaseOfItsSecret() {
        Browser browser = new Browser(port);
        Browser.Page signIn = browser.get("/signin");
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.document().select("form[action=/signin] input[name=email]")).hasSize(1);

        String email = "image-" + UUID.randomUUID() + "@example.com";
        Browser.Page signedUp = browser.submit("/signup", "form[action=/signup]",
                Map.of("email", email, "password", AcceptanceTest.PASSWORD, "repeatPassword", AcceptanceTest.PASSWORD));
        assertThat(signedUp.text()).contains("Account is created");
        Browser.Page home = browser.submit("/signin", "form[action=/signin]",
                Map.of("email", email, "password", AcceptanceTest.PASSWORD));
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.uri().getPath()).isEqualTo("/");
        assertThat(JdbcClient.create(postgres.getDatabase("postgres", "notejam"))
                .sql("SELECT count(*) FROM users WHERE email = ?").param(email).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void holdsAJlinkedRuntimeAndNoBuildTools() {
        String modules = run(Duration.ofMinutes(1), "podman", "run", "--rm", "--entrypoint", "java", image, "--list-modules");
        assertThat(modules).contains("java.sql@25").doesNotContain("jdk.compiler", "jdk.jlink", "jdk.jdeps");
        String tools = run(Duration.ofMinutes(1), "podman", "run", "--rm", "--entrypoint", "sh", image, "-c",
                "for tool in javac jlink jar mvn objcopy gcc; do command -v $tool || true; done");
        assertThat(tools.lines()).as("build tools in the image").isEmpty();
    }

    /**
     * An embedded PostgreSQL with TLS on (a self-signed certificate, as RDS's is not checked with sslmode=require),
     * where the notejam user may connect only over TLS with its password; the test's own connections are trusted.
     */
    static void startPostgresRequiringTlsAndPassword(Path data) throws Exception {
        Path certificate = work.resolve("server.crt");
        Path key = work.resolve("server.key");
        selfSignedCertificate(certificate, key);
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setRegisterShutdownHook(false)
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificate.toString())
                .setServerConfig("ssl_key_file", key.toString())
                .start();
        Files.writeString(data.resolve("pg_hba.conf"), """
                hostssl notejam  notejam  127.0.0.1/32 scram-sha-256
                host    all      postgres 127.0.0.1/32 trust
                host    all      postgres ::1/128      trust
                """);
        JdbcClient.create(postgres.getPostgresDatabase()).sql("SELECT pg_reload_conf()").query().singleValue();
    }

    /** A throwaway certificate and its key, in the PEM files PostgreSQL reads, made with the JDK's keytool. */
    static void selfSignedCertificate(Path certificate, Path key) throws Exception {
        Path store = work.resolve("tls.p12");
        String password = "test-only";
        run(Duration.ofMinutes(1), Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "postgres", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password);
        KeyStore keyStore = KeyStore.getInstance(store.toFile(), password.toCharArray());
        Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate("postgres").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keyStore.getKey("postgres", password.toCharArray()).getEncoded()));
        // PostgreSQL refuses a key that others can read.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** Polls readiness; fails with the container's log when it stops or is not ready in time. */
    static void waitForReadiness() throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            try {
                if (get("/actuator/health/readiness").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The JVM has not opened its port yet.
            }
            if (attempt % 25 == 0 && !run(Duration.ofMinutes(1), "podman", "inspect", "--format", "{{.State.Running}}",
                    container).strip().equals("true")) {
                throw new AssertionError("the container stopped before it was ready; its log:\n" + logTail());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within " + READY_WITHIN + " at 0.5 vCPU; the container's log:\n" + logTail());
    }

    static String logTail() {
        List<String> lines = runQuietly("podman", "logs", container).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static double metric(String nameAndTags) throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/" + nameAndTags);
        assertThat(response.statusCode()).as("metric %s", nameAndTags).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("measurements").path(0).path("value").asDouble();
    }

    static String exec(String... command) {
        List<String> full = new ArrayList<>(List.of("podman", "exec", container));
        full.addAll(List.of(command));
        return run(Duration.ofMinutes(1), full.toArray(String[]::new));
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator), new String[] {"/usr/sbin"})
                .flatMap(Stream::of).anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
    }

    /**
     * Runs a command from the repository root with the project's containers.conf and returns its standard output;
     * fails with its output when it fails or outlives the timeout (it is then killed).
     */
    static String run(Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("notejam-image-test", ".out");
            Path errors = Files.createTempFile("notejam-image-test", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(output.toFile()).redirectError(errors.toFile());
                builder.environment().put("CONTAINERS_CONF", REPOSITORY.resolve("tools/containers/containers.conf").toString());
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + tail(output) + tail(errors));
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                            + tail(output) + tail(errors));
                }
                return Files.readString(output);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    /** For clean-up and diagnostics: a failure there must not hide the test's own. */
    static String runQuietly(String... command) {
        try {
            return run(Duration.ofMinutes(1), command);
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())) + "\n";
    }
}
