package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.platform.compute.NginxProxy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx sidecar's configuration ({@link NginxProxy}) in Debian's nginx, started by the container's own command, in
 * front of Notejam as in their task: nginx on its port, the app on its own on localhost. The test stands in for the
 * load balancer from 127.0.0.1, the trusted range (127.0.0.1/32, so that 127.0.0.2 can be a client from outside it).
 *
 * <p>What the app saw as the client's address is observable: Notejam answers {@code /actuator/metrics} to loopback
 * addresses only, and sends anyone else to sign in, at an address built from the Host and X-Forwarded-Proto it got.
 */
class NginxProxyTest {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String HEALTH_CHECK = "/actuator/health/readiness";
    static final String LOAD_BALANCER = "127.0.0.1";
    static final String OUTSIDER = "127.0.0.2";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static final List<ProcessTree> processes = new ArrayList<>();
    static int front;

    @BeforeAll
    static void startNotejamBehindNginx() throws Exception {
        assumeTrue(Files.isRegularFile(UpCommandTest.NOTEJAM), "the nginx proxy test needs Notejam built: " + UpCommandTest.NOTEJAM);
        assumeTrue(Files.isExecutable(NGINX), "the nginx proxy test needs Debian's nginx (apt-get install nginx)");
        int app = BerthProcess.freePort();
        front = BerthProcess.freePort();
        long started = System.nanoTime();
        startNotejam(app);
        long notejamReady = System.nanoTime();
        startNginx(new NginxProxy(NginxProxy.Props.builder()
                .listenPort(front)
                .appPort(app)
                .healthCheckPath(HEALTH_CHECK)
                .trustedProxyRange(LOAD_BALANCER + "/32")
                .runtimeDirectory(work.resolve("nginx").toString())
                .build()));
        System.out.printf("nginx proxy: Notejam ready in %.1f s, nginx listening %d ms later%n", (notejamReady - started) / 1e9,
                (System.nanoTime() - notejamReady) / 1_000_000);
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        long stopping = System.nanoTime();
        for (ProcessTree process : processes.reversed()) {
            process.close();
        }
        System.out.printf("nginx proxy: nginx, Notejam and its PostgreSQL stopped in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
    }

    /** A page (text/html, which nginx always compresses) and its style sheet (text/css, one of the types listed). */
    @Test
    void aPageAndItsStyleSheetComeThroughCompressedForAClientThatAcceptsGzip() throws Exception {
        HttpResponse<byte[]> page = getGzip("/signin");
        String html = gunzipped(page);
        assertThat(html).contains("name=\"_csrf\"").contains("name=\"password\"");
        assertThat(page.headers().firstValue("Server")).as("server_tokens off: no version").contains("nginx");
        HttpResponse<byte[]> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/signin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.headers().firstValue("Content-Encoding")).as("for a client that does not accept gzip").isEmpty();

        Matcher styleSheet = Pattern.compile("href=\"(/static/[^\"]+\\.css)\"").matcher(html);
        assertThat(styleSheet.find()).as(html).isTrue();
        HttpResponse<byte[]> css = getGzip(styleSheet.group(1));
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        String cssText = gunzipped(css);
        assertThat(css.body().length).isLessThan(cssText.length() / 2);
        System.out.printf("nginx proxy: /signin %d bytes gzip'd (%d plain), its style sheet %d (%d)%n", page.body().length,
                plain.body().length, css.body().length, cssText.length());
    }

    static HttpResponse<byte[]> getGzip(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
        assertThat(response.headers().allValues("Vary")).as(path).anyMatch(vary -> vary.contains("Accept-Encoding"));
        return response;
    }

    static String gunzipped(HttpResponse<byte[]> response) throws IOException {
        try (InputStream body = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Forms posted through nginx, with their CSRF tokens and the session cookie: a sign-up, a sign-in, and a note of
     * 1 MB, over the 128 KiB nginx keeps in memory: its body goes through a file in the runtime directory.
     */
    @Test
    void formsPostedThroughNginxReachTheAppWholeEvenABodyBufferedInAFile() throws Exception {
        UpCommandTest.Session session = new UpCommandTest.Session(front);
        String email = "nginx@example.com";
        String password = "behind-nginx-7";
        assertThat(session.submit("/signup", "/signup", Map.of("email", email, "password", password, "repeatPassword", password)))
                .contains("Account is created");
        session.signIn(email, password);
        String text = "buffered-by-nginx ".repeat(1_000_000 / 18);
        assertThat(session.submit("/notes/create", "/notes/create", Map.of("name", "Large", "text", text, "pad", "")))
                .contains("Note is created")
                .contains(text);
        assertThat(Files.readString(work.resolve("nginx-error.log")))
                .contains("a client request body is buffered to a temporary file " + work.resolve("nginx/client_body"));
    }

    /** nginx answers 413 itself: its log shows no upstream for the request, so the app never saw it. */
    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItReachesTheApp() throws Exception {
        int limit = 10 * 1024 * 1024;
        String response = exchange(LOAD_BALANCER, "POST /signup HTTP/1.1\r\nHost: localhost\r\nUser-Agent: too-large\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + (limit + 1) + "\r\n\r\n", new byte[limit + 1]);
        assertThat(response).startsWith("HTTP/1.1 413 ");
        JsonNode logged = awaitLogged("too-large");
        assertThat(logged.path("status").asInt()).isEqualTo(413);
        assertThat(logged.path("upstream").asText()).as("the address of the app, had nginx passed the request on").isEmpty();
    }

    /**
     * As behind the ALB, which ends TLS and appends the client's address to X-Forwarded-For: nginx logs that client,
     * and the app sees it too (not loopback: sent to sign in) and builds its links with https and the client's Host.
     * The same request without X-Forwarded-For is the app's own (loopback) and gets the metrics.
     */
    @Test
    void theClientTheLoadBalancerForwardsIsTheOneNginxAndTheAppSee() throws Exception {
        String forwarded = exchange(LOAD_BALANCER, "GET /actuator/metrics HTTP/1.1\r\nHost: notes.example.com\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\n"
                + "User-Agent: forwarded\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(forwarded).startsWith("HTTP/1.1 302 ").contains("\r\nLocation: https://notes.example.com/signin\r\n");
        JsonNode logged = awaitLogged("forwarded");
        assertThat(logged.path("client").asText()).isEqualTo("203.0.113.7");
        assertThat(logged.path("peer").asText()).isEqualTo(LOAD_BALANCER);

        String direct = exchange(LOAD_BALANCER, "GET /actuator/metrics HTTP/1.1\r\nHost: notes.example.com\r\n"
                + "User-Agent: direct\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(direct).startsWith("HTTP/1.1 200 ").contains("\"names\"");
    }

    /**
     * From outside the trusted range, X-Forwarded-For is the client's own claim: nginx logs the address it connected from,
     * and passes only that on. (Tomcat trusts loopback proxies: had nginx passed the chain on, the app would believe it.)
     */
    @Test
    void aForwardedForFromOutsideTheTrustedRangeIsNotBelieved() throws Exception {
        String forged = exchange(OUTSIDER, "GET /actuator/metrics HTTP/1.1\r\nHost: notes.example.com\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nUser-Agent: forged\r\nConnection: close\r\n\r\n",
                new byte[0]);
        assertThat(forged).as("the app saw %s, a loopback address", OUTSIDER).startsWith("HTTP/1.1 200 ").contains("\"names\"");
        JsonNode logged = awaitLogged("forged");
        assertThat(logged.path("client").asText()).isEqualTo(OUTSIDER);
    }

    /**
     * The health check is the app's answer, and only a failing one is logged. Sent on one connection before a request
     * that is logged: one worker handles both in turn, so once the second is logged the first would have been.
     */
    @Test
    void theHealthCheckIsTheAppsAnswerAndNotLoggedWhenItPasses() throws Exception {
        String responses = exchange(LOAD_BALANCER, "GET " + HEALTH_CHECK + " HTTP/1.1\r\nHost: 10.0.1.23:" + front + "\r\n"
                + "User-Agent: ELB-HealthChecker/2.0\r\n\r\n"
                + "GET /signin HTTP/1.1\r\nHost: localhost\r\nUser-Agent: after-health-check\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(responses).startsWith("HTTP/1.1 200 ").contains("{\"status\":\"UP\"}");
        awaitLogged("after-health-check");
        assertThat(logged("ELB-HealthChecker/2.0")).isEmpty();
    }

    static String base() {
        return "http://localhost:" + front;
    }

    /** Notejam as its image runs it (extracted), on the embedded PostgreSQL, ready when it says so. */
    static void startNotejam(int port) throws Exception {
        Path launcher = dev.berth.cli.local.JarService.extracted(JAVA, UpCommandTest.NOTEJAM, work.resolve("app"));
        Path data = work.resolve("postgres");
        Path log = work.resolve("notejam.log");
        ProcessTree notejam = ProcessTree.start(new ProcessBuilder(JAVA, "-jar", launcher.toString(), "--server.port=" + port,
                "--notejam.embedded-postgres.data-directory=" + data, "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        // pg_ctl daemonizes PostgreSQL out of the tree; its command line names the data directory.
        notejam.alsoStopProcessesMentioning(data.toString());
        processes.add(notejam);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && notejam.root().isAlive()) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HEALTH_CHECK)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    notejam.remember();
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Notejam did not become ready: " + Files.readString(log));
    }

    /**
     * nginx by the container's command, with the configuration in its variable. Its access log is its stdout, appended
     * to a file as nginx appends to it. Started as root, nginx runs its workers as nobody: they write request bodies in
     * the runtime directory, inside this test's directory, which they must be able to enter.
     */
    static void startNginx(NginxProxy proxy) throws Exception {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder(proxy.containerCommand())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(accessLog().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("nginx-error.log").toFile()));
        builder.environment().put(NginxProxy.CONFIG_VARIABLE, proxy.config());
        builder.environment().put("PATH", NGINX.getParent() + ":" + System.getenv("PATH"));
        ProcessTree nginx = ProcessTree.start(builder);
        processes.add(nginx);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && nginx.root().isAlive()) {
            try (Socket probe = new Socket(LOAD_BALANCER, front)) {
                nginx.remember();
                return;
            } catch (ConnectException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen on " + front + ": " + Files.readString(work.resolve("nginx-error.log")));
    }

    static Path accessLog() {
        return work.resolve("nginx-access.log");
    }

    /** The access log's entry for the request sent with this User-Agent, if nginx has written it. */
    static Optional<JsonNode> logged(String userAgent) throws IOException {
        // A line nginx is still writing has no closing brace yet.
        for (String line : Files.readAllLines(accessLog()).stream().filter(line -> line.endsWith("}")).toList()) {
            JsonNode entry = JSON.readTree(line);
            if (entry.path("user_agent").asText().equals(userAgent)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** nginx logs a request when it is done with it, which can be just after the client has its answer. */
    static JsonNode awaitLogged(String userAgent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Optional<JsonNode> entry = logged(userAgent); ; entry = logged(userAgent)) {
            if (entry.isPresent()) {
                return entry.get();
            }
            assertThat(System.nanoTime()).as("nginx logged the request of %s:%n%s", userAgent, Files.readString(accessLog()))
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Sends a request as written, from a local address of choice, and reads all nginx answers until it closes the
     * connection: headers the JDK's client would not send as given (Host), and a body nginx refuses before reading it.
     */
    static String exchange(String from, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(LOAD_BALANCER, front), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
