package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth up, as a user runs it: Notejam on the embedded PostgreSQL, stopped with Ctrl-C, notes kept for the next start. */
class UpCommandTest {

    static final Path NOTEJAM = BerthCliTest.HOME.resolve("notejam/target/notejam.jar");
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A running berth up; closing it stops berth, Notejam and its PostgreSQL, whatever state they are in. */
    record Running(ProcessTree tree, CompletableFuture<Void> ready, StringBuffer output) implements AutoCloseable {

        Process process() {
            return tree.root();
        }

        /** What Ctrl-C does to the berth process. */
        void ctrlC() throws IOException, InterruptedException {
            tree.remember();
            BerthProcess.interrupt(process());
        }

        @Override
        public void close() throws InterruptedException {
            tree.close();
        }
    }

    static Running up(int port, Path data) throws Exception {
        return start(List.of("up", "--config", BerthCliTest.HOME.resolve("berth.yaml").toString(), "--port", Integer.toString(port),
                "--data-dir", data.toString()), "berth: notejam is up on http://localhost:" + port, builder -> { }, data.toString());
    }

    /**
     * Starts berth with {@code arguments} as a terminal's shell would, under a parent that ignores SIGINT (as a
     * background job's does): Ctrl-C must stop berth however the tests run.
     *
     * @param readyLine the start of the line that says it is up
     * @param environment what the builder needs beside
     * @param dataMarker text in the command line of servers that leave the tree as they start (PostgreSQL's data directory)
     */
    static Running start(List<String> arguments, String readyLine, java.util.function.Consumer<ProcessBuilder> environment,
            String dataMarker) throws Exception {
        ProcessBuilder berthUp = BerthProcess.interruptible(arguments.toArray(String[]::new));
        berthUp.command().addAll(0, List.of("bash", "-c", "trap '' INT; exec \"$@\"", "bash"));
        environment.accept(berthUp);
        ProcessTree tree = ProcessTree.start(berthUp);
        // pg_ctl daemonizes PostgreSQL out of the tree; its command line names the data directory.
        tree.alsoStopProcessesMentioning(dataMarker);
        Process process = tree.root();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith(readyLine)) {
                        tree.remember();
                        ready.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new AssertionError("berth up ended before it was ready"));
        });
        return new Running(tree, ready, output);
    }

    /** What Ctrl-C does to the berth process; once berth has ended, nothing it started is left running. */
    static int interrupt(Running running) throws Exception {
        running.ctrlC();
        assertThat(running.process().waitFor(60, TimeUnit.SECONDS)).as("berth up stops on Ctrl-C").isTrue();
        assertThat(running.tree().stillRunning()).as("left running after berth up stopped").isEmpty();
        return running.process().exitValue();
    }

    static final class Session {
        final String base;
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();

        Session(int port) {
            this.base = "http://localhost:" + port;
        }

        String get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        String submit(String formPage, String action, Map<String, String> fields) throws Exception {
            Matcher csrf = CSRF.matcher(get(formPage));
            assertThat(csrf.find()).isTrue();
            String body = fields.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&", "_csrf=" + csrf.group(1) + "&", ""));
            return client.send(HttpRequest.newBuilder(URI.create(base + action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        void signIn(String email, String password) throws Exception {
            assertThat(submit("/signin", "/signin", Map.of("email", email, "password", password))).contains("All notes (");
        }
    }

    @Test
    void servesNotejamStopsOnCtrlCAndKeepsTheNotes(@TempDir Path data) throws Exception {
        assumeTrue(Files.isRegularFile(NOTEJAM), "berth up needs Notejam built: " + NOTEJAM);
        int port = BerthProcess.freePort();
        String email = "up@example.com";
        String password = "kept-across-9";

        try (Running first = up(port, data)) {
            first.ready().get(120, TimeUnit.SECONDS);
            assertThat(first.output().toString()).as("the jar starts from the bean definitions generated at build time")
                    .contains("Starting AOT-processed NotejamApplication")
                    .as("web's own database and role, from the provisioner, in the secret's shape")
                    .contains("Database from DB_SECRET: DbSecret[username=web, host=localhost")
                    .as("text lines for a person, each prefixed with its service, not the cloud's JSON")
                    .containsPattern("(?m)^web +\\| .*Starting AOT-processed").doesNotContain("\"@timestamp\"");
            Session session = new Session(port);
            assertThat(session.submit("/signup", "/signup", Map.of("email", email, "password", password, "repeatPassword", password)))
                    .contains("Account is created");
            session.signIn(email, password);
            assertThat(session.submit("/notes/create", "/notes/create", Map.of("name", "Survives restarts", "text", "yes", "pad", "")))
                    .contains("Note is created");
            // 130: ended by SIGINT, as after any Ctrl-C; what matters is that both servers shut down cleanly first.
            assertThat(interrupt(first)).as(first.output().toString()).isEqualTo(130);
            assertThat(first.output().toString()).contains("Graceful shutdown complete").contains("berth: PostgreSQL stopped");
        }

        try (Running second = up(port, data)) {
            second.ready().get(120, TimeUnit.SECONDS);
            Session again = new Session(port);
            again.signIn(email, password);
            assertThat(again.get("/")).contains("All notes (1)").contains("Survives restarts");
            assertThat(interrupt(second)).isEqualTo(130);
        }
    }

    /** SIGTERM, as a service manager or a closing terminal session sends it, to a berth up started as a background job. */
    @Test
    void sigtermStopsEverythingInOrder(@TempDir Path data) throws Exception {
        assumeTrue(Files.isRegularFile(NOTEJAM), "berth up needs Notejam built: " + NOTEJAM);
        int port = BerthProcess.freePort();
        try (Running running = up(port, data)) {
            running.ready().get(120, TimeUnit.SECONDS);
            running.tree().remember();
            new ProcessBuilder("kill", "-TERM", Long.toString(running.process().pid())).start().waitFor();
            assertThat(running.process().waitFor(60, TimeUnit.SECONDS)).as("berth up stops on SIGTERM").isTrue();
            assertThat(running.process().exitValue()).isEqualTo(143);
            assertThat(running.tree().stillRunning()).as("left running after berth up stopped").isEmpty();
            String output = running.output().toString();
            assertThat(output).contains("berth: stopping (SIGTERM");
            // In order: the app drains and stops before its database does.
            assertThat(output.indexOf("Graceful shutdown complete")).isPositive()
                    .isLessThan(output.indexOf("berth: web stopped"));
            assertThat(output.indexOf("berth: web stopped")).isLessThan(output.indexOf("berth: PostgreSQL stopped"));
        }
    }

    /**
     * Stopping drops nothing, as a load balancer's deregistration: when the stop signal comes the entry point refuses new
     * connections, a request already in flight is still forwarded and answered, and only then does Notejam stop (its
     * graceful shutdown). The request is held in flight by sending its body in two halves.
     */
    @Test
    void aRequestInFlightIsAnsweredDuringTheGracefulShutdown(@TempDir Path data) throws Exception {
        assumeTrue(Files.isRegularFile(NOTEJAM), "berth up needs Notejam built: " + NOTEJAM);
        int port = BerthProcess.freePort();
        String body = "email=late%40example.com&password=x&repeatPassword=x";
        try (Running running = up(port, data)) {
            running.ready().get(120, TimeUnit.SECONDS);
            try (java.net.Socket inFlight = new java.net.Socket("127.0.0.1", port)) {
                var toServer = inFlight.getOutputStream();
                toServer.write(("POST /signup HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
                toServer.flush();
                Thread.sleep(500);

                running.ctrlC();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!running.output().toString().contains("berth: stopping (SIGINT") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(running.output().toString()).contains("berth: stopping (SIGINT");
                assertThat(refusesConnections(port)).as("no new connections while draining").isTrue();
                assertThat(running.output().toString()).as("Notejam serves until the entry point has drained")
                        .doesNotContain("Commencing graceful shutdown");

                toServer.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
                toServer.flush();
                String status = new BufferedReader(new InputStreamReader(inFlight.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                // No CSRF token, so 403: what matters is that the request in flight got its answer.
                assertThat(status).startsWith("HTTP/1.1 403");
            }
            assertThat(running.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(running.output().toString()).contains("Graceful shutdown complete");
        }
    }

    private static boolean refusesConnections(int port) {
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
