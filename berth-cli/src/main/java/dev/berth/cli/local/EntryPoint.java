package dev.berth.cli.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * berth up's one door: an HTTP reverse proxy on one port that sends each request where the environment's Application
 * Load Balancer would (its listener rules, their priorities, its path and host patterns), with the headers the load
 * balancer adds and the Host it keeps, so that a service behaves on this machine as it does behind the load balancer. It
 * also serves single-page sites from their built directory, answering as their CloudFront distribution does.
 */
public final class EntryPoint implements AutoCloseable {

    public static final String RESTRICTED_HEADERS_PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

    // The JDK's HTTP client reads the property once, when it is first used: the Host must be allowed before that.
    static {
        String allowed = System.getProperty(RESTRICTED_HEADERS_PROPERTY);
        if (allowed == null || allowed.isBlank()) {
            System.setProperty(RESTRICTED_HEADERS_PROPERTY, "host");
        } else if (!allowed.toLowerCase(java.util.Locale.ROOT).contains("host")) {
            System.setProperty(RESTRICTED_HEADERS_PROPERTY, allowed + ",host");
        }
    }

    /** The load balancer's default idle timeout: an upstream that takes longer gets a 504. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Headers that belong to one connection, neither forwarded nor passed back. */
    private static final Set<String> HOP_BY_HOP = caseInsensitive(
            "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade");
    /** Headers the proxy sets itself on the forwarded request, besides the hop-by-hop ones. */
    private static final Set<String> SET_BY_PROXY = caseInsensitive(
            "Content-Length", "Expect", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Port");

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"));

    /**
     * One listener rule, or a site's directory.
     *
     * @param name the service or site, named in the proxy's own answers
     * @param host the Host pattern (case-insensitive, {@code *} and {@code ?} wildcards, port ignored), or null for none
     * @param pathPattern the path pattern (case-sensitive, {@code *} and {@code ?} wildcards, query not included), or null
     *         for none; with no host either, the route is the default one, tried last whatever its priority
     * @param priority lower first, as on the listener
     * @param upstream the service's address (scheme, host and port); the request's path and query are kept as they are
     * @param directory the built site, whose index.html answers every path that is not a file
     */
    public record Route(String name, String host, String pathPattern, int priority, URI upstream, Path directory) {

        /** Before every listener rule, whose priorities start at 1, as a site's front end comes before the path rules. */
        static final int SITE_PRIORITY = 0;

        public Route {
            Objects.requireNonNull(name, "name");
            if ((upstream == null) == (directory == null)) {
                throw new IllegalArgumentException("route " + name + ": exactly one of an upstream and a directory");
            }
        }

        public static Route toService(String name, String host, String pathPattern, int priority, URI upstream) {
            return new Route(name, host, pathPattern, priority, Objects.requireNonNull(upstream, "upstream"), null);
        }

        public static Route site(String name, String host, Path directory) {
            return new Route(name, host, null, SITE_PRIORITY, null, Objects.requireNonNull(directory, "directory"));
        }

        public boolean isDefault() {
            return host == null && pathPattern == null;
        }

        /** The route's conditions, as the proxy lists them when no route matches. */
        String conditions() {
            if (isDefault()) {
                return "default";
            }
            return (host == null ? "" : "host " + host + " ") + (pathPattern == null ? "" : "path " + pathPattern + " ")
                    + "(priority " + priority + ")";
        }
    }

    /** A route with its patterns compiled once. */
    private record Rule(Route route, Pattern host, Pattern path) {

        static Rule of(Route route) {
            return new Rule(route, wildcards(route.host(), Pattern.CASE_INSENSITIVE), wildcards(route.pathPattern(), 0));
        }

        boolean matches(String requestHost, String requestPath) {
            return (host == null || host.matcher(requestHost).matches())
                    && (path == null || path.matcher(requestPath).matches());
        }

        /** The load balancer's pattern as a regular expression: {@code *} any run of characters, {@code ?} one. */
        private static Pattern wildcards(String pattern, int flags) {
            if (pattern == null) {
                return null;
            }
            String regex = Pattern.compile("(?<=[*?])|(?=[*?])").splitAsStream(pattern)
                    .map(part -> switch (part) {
                        case "*" -> ".*";
                        case "?" -> ".";
                        default -> Pattern.quote(part);
                    })
                    .collect(Collectors.joining());
            return Pattern.compile(regex, flags);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final HttpClient client;
    private final List<Rule> rules;

    private EntryPoint(HttpServer server, ExecutorService handlers, HttpClient client, List<Rule> rules) {
        this.server = server;
        this.handlers = handlers;
        this.client = client;
        this.rules = rules;
    }

    /** Listens on the port on every address (0: any free port) and routes by the routes, the default one last. */
    public static EntryPoint start(int port, List<Route> routes) throws IOException {
        requireHostHeaderAllowed();
        List<Rule> rules = routes.stream()
                .sorted(Comparator.comparing(Route::isDefault).thenComparingInt(Route::priority))
                .map(Rule::of)
                .toList();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        EntryPoint entryPoint = new EntryPoint(server, handlers, client, rules);
        server.createContext("/", entryPoint::handle);
        server.setExecutor(handlers);
        server.start();
        return entryPoint;
    }

    /** The HTTP client of this JVM was used before this class was loaded: it would replace every request's Host. */
    private static void requireHostHeaderAllowed() {
        try {
            HttpRequest.newBuilder().header("Host", "berth");
        } catch (IllegalArgumentException restricted) {
            throw new IllegalStateException("berth: the JDK's HTTP client was loaded before the entry point and will not"
                    + " send a request's own Host header; start Java with -D" + RESTRICTED_HEADERS_PROPERTY + "=host",
                    restricted);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops accepting connections at once (the port refuses new connections), lets requests in flight finish (up to
     * {@code drain}, rounded up to whole seconds), then returns.
     */
    public void stop(Duration drain) {
        long seconds = drain.plusNanos(999_999_999).toSeconds();
        server.stop((int) Math.min(seconds, Integer.MAX_VALUE));
        handlers.shutdownNow();
        client.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = Objects.toString(exchange.getRequestHeaders().getFirst("Host"), "");
            String hostWithoutPort = host.replaceFirst(":\\d*$", "");
            String path = exchange.getRequestURI().getRawPath();
            Optional<Route> route = rules.stream()
                    .filter(rule -> rule.matches(hostWithoutPort, path))
                    .map(Rule::route)
                    .findFirst();
            if (route.isEmpty()) {
                answer(exchange, 404, "berth: no route for " + exchange.getRequestMethod() + " " + host + path
                        + "\nroutes, in the order they are tried:\n" + rules.stream()
                                .map(rule -> "  " + rule.route().name() + ": " + rule.route().conditions() + "\n")
                                .collect(Collectors.joining()));
            } else if (route.get().directory() != null) {
                serveFile(exchange, route.get().directory());
            } else {
                forward(exchange, route.get());
            }
        }
    }

    private void forward(HttpExchange exchange, Route route) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(upstreamRequest(exchange, route.upstream()), BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException timeout) {
            boolean connecting = timeout instanceof HttpConnectTimeoutException;
            answer(exchange, connecting ? 502 : 504, connecting ? notAnswering(route) : "berth: " + route.name()
                    + " did not answer on " + route.upstream() + " within " + IDLE_TIMEOUT.toSeconds() + " s\n");
            return;
        } catch (IOException unreachable) {
            answer(exchange, 502, notAnswering(route));
            return;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = response.statusCode();
        boolean bodiless = bodiless(exchange, status);
        response.headers().map().forEach((name, values) -> {
            if (!hopByHop(name) && (bodiless || !name.equalsIgnoreCase("Content-Length"))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        try (InputStream body = response.body()) {
            sendBody(exchange, status, response.headers().firstValueAsLong("Content-Length").orElse(-1), body);
        }
    }

    private static String notAnswering(Route route) {
        return "berth: " + route.name() + " is not answering on " + route.upstream() + "\n";
    }

    /** The request as the load balancer forwards it: same method, path, query, body and Host, and its own headers. */
    private HttpRequest upstreamRequest(HttpExchange exchange, URI upstream) {
        URI requested = exchange.getRequestURI();
        URI target = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority() + requested.getRawPath()
                + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()));
        Headers headers = exchange.getRequestHeaders();
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(IDLE_TIMEOUT)
                .method(exchange.getRequestMethod(), requestBody(exchange));
        headers.forEach((name, values) -> {
            if (!hopByHop(name) && !SET_BY_PROXY.contains(name)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        String clientAddress = exchange.getRemoteAddress().getAddress().getHostAddress();
        List<String> forwardedFor = headers.getOrDefault("X-Forwarded-For", List.of());
        request.header("X-Forwarded-For",
                forwardedFor.isEmpty() ? clientAddress : String.join(", ", forwardedFor) + ", " + clientAddress);
        request.header("X-Forwarded-Proto", "http");
        request.header("X-Forwarded-Port", Integer.toString(port()));
        if (!headers.containsKey("X-Amzn-Trace-Id")) {
            byte[] random = new byte[12];
            ThreadLocalRandom.current().nextBytes(random);
            request.header("X-Amzn-Trace-Id",
                    "Root=1-%08x-%s".formatted(Instant.now().getEpochSecond(), HexFormat.of().formatHex(random)));
        }
        return request.build();
    }

    /** The client's body as it arrives, with its length when the client gave one. */
    private static BodyPublisher requestBody(HttpExchange exchange) {
        Headers headers = exchange.getRequestHeaders();
        long length = Long.parseLong(Objects.requireNonNullElse(headers.getFirst("Content-Length"), "0"));
        if (length > 0) {
            return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(exchange::getRequestBody), length);
        }
        return headers.containsKey("Transfer-Encoding")
                ? BodyPublishers.ofInputStream(exchange::getRequestBody)
                : BodyPublishers.noBody();
    }

    private static boolean hopByHop(String header) {
        return HOP_BY_HOP.contains(header) || header.regionMatches(true, 0, "Proxy-", 0, "Proxy-".length());
    }

    /** A file of the site, or its index.html for a path that is not one, as the site's distribution answers. */
    private static void serveFile(HttpExchange exchange, Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Path file;
        try {
            file = root.resolve(exchange.getRequestURI().getPath().replaceFirst("^/+", "")).normalize();
        } catch (InvalidPathException notAPath) {
            file = root;
        }
        if (!file.startsWith(root)) {
            answer(exchange, 404, "berth: not found\n");
            return;
        }
        if (!Files.isRegularFile(file)) {
            file = root.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            answer(exchange, 404, "berth: " + root + " has no index.html\n");
            return;
        }
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase();
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
        try (InputStream body = Files.newInputStream(file)) {
            sendBody(exchange, 200, Files.size(file), body);
        }
    }

    /** A short plain-text answer of the proxy's own. */
    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        try (InputStream in = new ByteArrayInputStream(body)) {
            sendBody(exchange, status, body.length, in);
        }
    }

    /**
     * The status and the body, with its length when known (-1: not known, sent chunked); none at all for a HEAD request
     * or a status that has no body.
     */
    private static void sendBody(HttpExchange exchange, int status, long length, InputStream body) throws IOException {
        if (bodiless(exchange, status) || length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, Math.max(length, 0));
        try (OutputStream out = exchange.getResponseBody()) {
            body.transferTo(out);
        }
    }

    private static boolean bodiless(HttpExchange exchange, int status) {
        return exchange.getRequestMethod().equalsIgnoreCase("HEAD") || status == 204 || status == 304;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
