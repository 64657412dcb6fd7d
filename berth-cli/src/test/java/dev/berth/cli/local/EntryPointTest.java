package dev.berth.cli.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.cli.local.EntryPoint.Route;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry point between real servers: each upstream answers with its name, the request line and the headers it got,
 * so that a test sees which rule took a request and what arrived; a few paths answer as a case needs (an echo, cookies,
 * a redirect, a slow answer).
 */
class EntryPointTest {

    static final Duration SLOW_ANSWER = Duration.ofSeconds(1);

    @TempDir
    static Path work;

    static final List<HttpServer> upstreams = new ArrayList<>();
    static final CountDownLatch slowRequestArrived = new CountDownLatch(1);
    static EntryPoint entryPoint;
    static HttpClient client;
    static URI closedPort;

    @BeforeAll
    static void start() throws IOException {
        Path site = Files.createDirectories(work.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>site</h1>");
        Files.writeString(site.resolve("app.js"), "console.log('site')");
        Files.writeString(work.resolve("secret.txt"), "outside the site");
        try (ServerSocket released = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + released.getLocalPort());
        }
        entryPoint = EntryPoint.start(0, List.of(
                Route.toService("app", null, null, 1, upstream("app")),
                Route.toService("api", null, "/api/*", 10, upstream("api")),
                Route.toService("admin", null, "/api/admin/*", 5, upstream("admin")),
                Route.toService("shop-api", "shop.localhost", "/api/*", 3, upstream("shop-api")),
                Route.toService("shop", "shop.localhost", null, 20, upstream("shop")),
                Route.toService("tenants", "*.localhost", null, 30, upstream("tenants")),
                Route.toService("report", null, "/report-?", 40, upstream("report")),
                Route.toService("gone", null, "/gone/*", 50, closedPort),
                Route.site("web", "web.localhost", site)));
        // After the entry point, which allows the JDK's client to send a Host of its own: the test's requests set theirs.
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (entryPoint != null) {
            entryPoint.stop(Duration.ZERO);
        }
        if (client != null) {
            client.shutdownNow();
        }
        upstreams.forEach(upstream -> upstream.stop(0));
    }

    @Test
    void pathRulesAreTriedByPriorityAndTheDefaultRouteLast() throws Exception {
        assertThat(serviceFor("/api/admin/users")).isEqualTo("admin");
        assertThat(serviceFor("/api/users")).isEqualTo("api");
        assertThat(serviceFor("/api")).isEqualTo("app");
        assertThat(serviceFor("/API/users")).isEqualTo("app");
        assertThat(serviceFor("/report-7")).isEqualTo("report");
        assertThat(serviceFor("/report-17")).isEqualTo("app");
        assertThat(serviceFor("/report-")).isEqualTo("app");
    }

    @Test
    void hostRulesIgnoreThePortAndCaseAndTakeWildcards() throws Exception {
        assertThat(serviceFor("/", "shop.localhost:8080")).isEqualTo("shop");
        assertThat(serviceFor("/", "SHOP.Localhost")).isEqualTo("shop");
        assertThat(serviceFor("/api/orders", "shop.localhost:8080")).isEqualTo("shop-api");
        assertThat(serviceFor("/", "eu.tenant.localhost")).isEqualTo("tenants");
        assertThat(serviceFor("/api/orders", "eu.tenant.localhost")).isEqualTo("api");
        assertThat(serviceFor("/", "localhost:8080")).isEqualTo("app");
    }

    @Test
    void theRequestArrivesAsTheLoadBalancerForwardsIt() throws Exception {
        HttpResponse<String> response = send(get("/api/things?q=1&b=%20x", "shop.example:8080")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Port", "1")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("Keep-Alive", "timeout=5"));

        Seen seen = Seen.of(response.body());
        assertThat(seen.requestLine()).isEqualTo("GET /api/things?q=1&b=%20x");
        assertThat(seen.headers()).containsEntry("host", "shop.example:8080")
                .containsEntry("x-forwarded-for", "203.0.113.9, 127.0.0.1")
                .containsEntry("x-forwarded-proto", "http")
                .containsEntry("x-forwarded-port", Integer.toString(entryPoint.port()))
                .doesNotContainKeys("proxy-authorization", "keep-alive");
        assertThat(seen.headers().get("x-amzn-trace-id")).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        long traceSeconds = Long.parseLong(seen.headers().get("x-amzn-trace-id").substring(7, 15), 16);
        assertThat(traceSeconds).isCloseTo(System.currentTimeMillis() / 1000, within(60L));

        Seen traced = Seen.of(send(get("/api/things", "localhost").header("X-Amzn-Trace-Id", "Root=1-1-2")).body());
        assertThat(traced.headers()).containsEntry("x-amzn-trace-id", "Root=1-1-2");
    }

    @Test
    void aLargeBodyIsStreamedBothWays() throws Exception {
        byte[] large = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(large);
        HttpResponse<byte[]> sized = client.send(request("/echo", "localhost").POST(BodyPublishers.ofByteArray(large))
                .build(), BodyHandlers.ofByteArray());
        assertThat(sized.statusCode()).isEqualTo(200);
        assertThat(Arrays.equals(sized.body(), large)).as("the 5 MB body, echoed").isTrue();

        byte[] small = "in chunks".getBytes(UTF_8);
        HttpResponse<String> chunked = send(request("/echo", "localhost")
                .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))));
        assertThat(chunked.body()).isEqualTo("in chunks");
    }

    @Test
    void theAnswerComesBackAsTheServiceGaveIt() throws Exception {
        HttpResponse<String> cookies = send(get("/cookies", "localhost"));
        assertThat(cookies.headers().allValues("Set-Cookie")).containsExactlyInAnyOrder("a=1; Path=/", "b=2; Path=/");

        HttpResponse<String> redirect = send(get("/redirect", "localhost"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/elsewhere");

        HttpResponse<String> head = send(request("/fixed", "localhost").HEAD());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(head.body()).isEmpty();
        assertThat(send(get("/fixed", "localhost")).body()).isEqualTo("fixed body");
    }

    @Test
    void aServiceThatDoesNotAnswerIsNamed() throws Exception {
        HttpResponse<String> response = send(get("/gone/x", "localhost"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("berth: gone is not answering on " + closedPort + "\n");
    }

    @Test
    void aRequestNoRouteTakesListsTheRoutes() throws Exception {
        try (EntryPoint withoutDefault = EntryPoint.start(0, List.of(
                Route.toService("shop", "shop.localhost", null, 20, closedPort),
                Route.toService("api", null, "/api/*", 10, closedPort)))) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + withoutDefault.port() + "/nothing")).build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("/nothing")
                    .contains("  api: path /api/* (priority 10)\n  shop: host shop.localhost (priority 20)\n");
        }
    }

    @Test
    void aSiteAnswersItsFilesAndItsIndexForAnyOtherPath() throws Exception {
        HttpResponse<String> index = send(get("/", "web.localhost:8080"));
        assertThat(index.body()).isEqualTo("<h1>site</h1>");
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");

        HttpResponse<String> script = send(get("/app.js", "web.localhost"));
        assertThat(script.body()).isEqualTo("console.log('site')");
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");

        HttpResponse<String> route = send(get("/notes/42", "web.localhost"));
        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(route.body()).isEqualTo("<h1>site</h1>");

        String traversal = rawGet("/../secret.txt", "web.localhost");
        assertThat(traversal).startsWith("HTTP/1.1 404").doesNotContain("outside the site");
        assertThat(send(get("/%2e%2e/secret.txt", "web.localhost")).body()).doesNotContain("outside the site");
    }

    @Test
    void stoppingRefusesNewConnectionsAndLetsARequestInFlightFinish() throws Exception {
        EntryPoint stopped = EntryPoint.start(0, List.of(Route.toService("app", null, null, 1, upstream("slow"))));
        try {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + stopped.port() + "/slow")).build(), BodyHandlers.ofString());
            assertThat(slowRequestArrived.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> stopped.stop(Duration.ofSeconds(5)));

            assertThat(refusesConnections(stopped.port(), SLOW_ANSWER)).as("refused while a request is in flight").isTrue();
            assertThat(inFlight).isNotDone();
            HttpResponse<String> answered = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).isEqualTo("slept");
            stopping.get(5, TimeUnit.SECONDS);
        } finally {
            stopped.stop(Duration.ZERO);
        }
    }

    /** What an upstream saw: its name, the request line and the headers, names in lower case. */
    record Seen(String service, String requestLine, Map<String, String> headers) {

        static Seen of(String body) {
            List<String> lines = body.lines().toList();
            Map<String, String> headers = lines.subList(2, lines.size()).stream()
                    .map(line -> line.split(": ", 2))
                    .collect(Collectors.toMap(header -> header[0], header -> header[1]));
            return new Seen(lines.get(0), lines.get(1), headers);
        }
    }

    static String serviceFor(String path) throws Exception {
        return serviceFor(path, "localhost");
    }

    static String serviceFor(String path, String host) throws Exception {
        HttpResponse<String> response = send(get(path, host));
        assertThat(response.statusCode()).as(host + path).isEqualTo(200);
        return Seen.of(response.body()).service();
    }

    static HttpRequest.Builder request(String path, String host) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + entryPoint.port() + path)).header("Host", host);
    }

    static HttpRequest.Builder get(String path, String host) {
        return request(path, host).GET();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), BodyHandlers.ofString());
    }

    /** A request as written, path untouched by any client. */
    static String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), entryPoint.port())) {
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(UTF_8));
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        }
    }

    static boolean refusesConnections(int port, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
            } catch (ConnectException refused) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** A service on a free port that answers with what it saw, but on the paths a case needs. */
    static URI upstream(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstreams.add(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(name, exchange);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static void answer(String name, HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/echo" -> {
                exchange.sendResponseHeaders(200, 0);
                try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
            case "/cookies" -> {
                exchange.getResponseHeaders().add("Set-Cookie", "a=1; Path=/");
                exchange.getResponseHeaders().add("Set-Cookie", "b=2; Path=/");
                exchange.sendResponseHeaders(204, -1);
            }
            case "/redirect" -> {
                exchange.getResponseHeaders().set("Location", "/elsewhere");
                exchange.sendResponseHeaders(302, -1);
            }
            case "/fixed" -> {
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", "10");
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    reply(exchange, "fixed body");
                }
            }
            case "/slow" -> {
                slowRequestArrived.countDown();
                try {
                    Thread.sleep(SLOW_ANSWER);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply(exchange, "slept");
            }
            default -> reply(exchange, name + "\n" + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + exchange.getRequestHeaders().entrySet().stream()
                            .map(header -> header.getKey().toLowerCase() + ": " + String.join(", ", header.getValue())
                                    + "\n")
                            .collect(Collectors.joining()));
        }
    }

    static void reply(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
