package dev.berth.platform.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kong Gateway's declarative configuration for an environment with {@code gateway: kong}, made from the services'
 * routes, and the settings of the container that runs Kong DB-less.
 *
 * <p>Kong routes a request by its path and proxies it, not to the service's tasks, but back to the load balancer's
 * internal HTTPS listener ({@value #INTERNAL_LISTENER_PORT}) with the Host header {@code SERVICE.PROJECT.local}; that
 * listener's rules forward by host to the service's target group, the rules Berth's wake-up function switches for a
 * service asleep. So each Berth service reachable through Kong is one Kong service, one upstream named after its host
 * with the load balancer as its one target, and one route per path pattern. An internal service is none of these:
 * Kong's configuration names only what the internet may reach through it.
 *
 * <p>The configuration is plain maps and lists in a fixed order, so that {@code Stack.toJsonString(...)} turns it
 * into the same JSON on every synth, with the load balancer's DNS name (a token until deploy time) resolved in it;
 * {@link #toJson()} renders it as text where every value is plain (tests, plans). Kong 3.9's own schema, transcribed
 * in the test resources, is what the output is checked against.
 */
public final class KongConfiguration {

    /**
     * The image: Kong's Docker Official Image, 3.9.3, the newest release of the 3.9 line, the last open-source one
     * (Kong/kong has no 3.10 tag). Built from Kong/docker-kong's tag 3.9.3 (ubuntu/Dockerfile).
     */
    public static final String IMAGE = "public.ecr.aws/docker/library/kong:3.9.3";

    /** Where Kong proxies: plain HTTP, from the load balancer's external listener only. */
    public static final int PROXY_PORT = 8000;

    /** Kong's Status API, for the load balancer's health check. */
    public static final int STATUS_PORT = 8100;

    /**
     * The health check's path on {@link #STATUS_PORT}: 200 once the configuration is loaded and every worker has
     * built its router and plugins, 503 before that and while draining (kong/status/ready.lua).
     */
    public static final String READY_PATH = "/status/ready";

    /** The load balancer's internal listener Kong proxies to. */
    public static final int INTERNAL_LISTENER_PORT = 8443;

    /** The variable the declarative configuration reaches Kong in, as JSON; set by whoever makes the task. */
    public static final String CONFIG_VARIABLE = "KONG_DECLARATIVE_CONFIG_STRING";

    /**
     * The variable that must hold Redis's AUTH token when the limit is shared (an ECS secret): the env vault turns
     * the resource of {@link #REDIS_TOKEN_REFERENCE} into a variable name by upper-casing it and replacing each '-'
     * with '_' (kong/vaults/env/init.lua). Not a Kong setting: Kong reads KONG_ variables only for its own
     * properties and the nginx_ namespaces (kong/conf_loader).
     */
    public static final String REDIS_TOKEN_VARIABLE = "KONG_REDIS_TOKEN";

    /** Redis's password in the configuration: a vault reference, so the token is in no template. */
    public static final String REDIS_TOKEN_REFERENCE = "{vault://env/kong-redis-token}";

    /** The header each request's id travels in, to the service and back to the client. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Default {@link RateLimit#requestsPerMinute()}. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 3000;

    static final String FORMAT_VERSION = "3.0";
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** At least the load balancer's idle timeout (60 s): a response the load balancer still waits for, Kong does too. */
    static final int READ_TIMEOUT_MS = 60_000;
    static final int WRITE_TIMEOUT_MS = 60_000;
    /** Another try on a connection error or time-out, to the load balancer's next node: its DNS name has one per zone. */
    static final int RETRIES = 2;
    static final int REDIS_TIMEOUT_MS = 2_000;
    /**
     * Kong drops a kept-alive connection to the load balancer after this many idle seconds: fewer than the load
     * balancer's idle timeout (60 s), so Kong never sends a request on a connection the load balancer is closing.
     */
    static final int UPSTREAM_KEEPALIVE_IDLE_SECONDS = 50;

    private static final String CORRELATION_ID = "correlation-id";
    private static final String RATE_LIMITING = "rate-limiting";
    private static final String TOKEN_MARK = "${Token[";
    /** Characters an ALB path pattern may have. */
    private static final Pattern ALB_PATTERN_CHARACTERS = Pattern.compile("[A-Za-z0-9_\\-.$/~\"'@:+&*?]+");
    private static final int ALB_PATTERN_MAX_LENGTH = 128;
    /** A name as kong/tools/ip.lua check_hostname takes it: no segment ends with '-', only the last may be empty. */
    private static final Pattern KONG_HOST_NAME = Pattern.compile("[0-9A-Za-z_-]*[0-9A-Za-z_](\\.[0-9A-Za-z_-]*[0-9A-Za-z_])*\\.?");
    /** Digits and dots only: kong/tools/ip.lua hostname_type takes it for an IPv4 address, not a name. */
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    /**
     * A Berth service as Kong sees it.
     *
     * @param service the service's name
     * @param pathPatterns its load balancer path patterns, such as {@code /api/*}; none for the default route
     * @param internal whether only other services reach it: Kong then has nothing of it
     */
    public record Route(String service, List<String> pathPatterns, boolean internal) {

        public Route {
            Objects.requireNonNull(service, "service");
            pathPatterns = List.copyOf(pathPatterns);
            if (internal && !pathPatterns.isEmpty()) {
                throw new IllegalArgumentException("service '" + service + "' is internal: it has no route, so no path"
                        + " pattern; got " + pathPatterns);
            }
        }

        /** The service that takes the requests no path pattern matches. */
        public static Route defaultRoute(String service) {
            return new Route(service, List.of(), false);
        }

        /** A service routed by path patterns. */
        public static Route paths(String service, String... pathPatterns) {
            if (pathPatterns.length == 0) {
                throw new IllegalArgumentException("service '" + service + "': at least one path pattern");
            }
            return new Route(service, List.of(pathPatterns), false);
        }

        /** A service Kong does not reach. */
        public static Route internal(String service) {
            return new Route(service, List.of(), true);
        }

        public boolean isDefault() {
            return !internal && pathPatterns.isEmpty();
        }
    }

    /**
     * The Redis the rate limit's counters are shared in, over TLS with its AUTH token ({@link #REDIS_TOKEN_VARIABLE}).
     *
     * @param host its primary endpoint's DNS name; a token string is taken as it is
     * @param port its port, known at synth time (Kong wants an integer, a token would be a string)
     */
    public record Redis(String host, int port) {

        public Redis {
            Objects.requireNonNull(host, "host");
            hostName(host, "the Redis host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the Redis port is 1 to 65535; got " + port);
            }
        }
    }

    /**
     * Kong's request limit per client address.
     *
     * @param requestsPerMinute requests one client address may make in a minute
     * @param redis where every Kong task counts, or null: each task counts on its own
     */
    public record RateLimit(int requestsPerMinute, Redis redis) {

        public RateLimit {
            if (requestsPerMinute < 1) {
                throw new IllegalArgumentException("requests per minute is at least 1; got " + requestsPerMinute);
            }
        }

        public Optional<Redis> shared() {
            return Optional.ofNullable(redis);
        }
    }

    /**
     * What {@link KongConfiguration} needs.
     *
     * @param project the project's name, the second label of each service's host name
     * @param albInternalDns the load balancer's DNS name; a token string is taken as it is
     * @param routes the services, in the order of their listener rules (the default route anywhere)
     * @param rateLimit the request limit
     * @param trustedIps address ranges whose X-Forwarded-For Kong believes (the VPC's, where the load balancer is);
     *     token strings are taken as they are
     * @param workerProcesses nginx worker processes: one per vCPU of the task
     */
    public record Props(String project, String albInternalDns, List<Route> routes, RateLimit rateLimit,
            List<String> trustedIps, int workerProcesses) {

        public Props {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(albInternalDns, "albInternalDns");
            Objects.requireNonNull(rateLimit, "rateLimit");
            routes = List.copyOf(routes);
            trustedIps = List.copyOf(trustedIps);
            if (workerProcesses < 1) {
                throw new IllegalArgumentException("at least one worker process; got " + workerProcesses);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String project;
            private String albInternalDns;
            private List<Route> routes = List.of();
            private RateLimit rateLimit = new RateLimit(DEFAULT_REQUESTS_PER_MINUTE, null);
            private List<String> trustedIps = List.of();
            private int workerProcesses = 1;

            public Builder project(String project) {
                this.project = project;
                return this;
            }

            public Builder albInternalDns(String albInternalDns) {
                this.albInternalDns = albInternalDns;
                return this;
            }

            /** Default: none (Kong then answers 404 to everything). */
            public Builder routes(List<Route> routes) {
                this.routes = routes;
                return this;
            }

            /**
             * Default: {@value KongConfiguration#DEFAULT_REQUESTS_PER_MINUTE} requests a minute per client address,
             * counted by each task.
             */
            public Builder rateLimit(RateLimit rateLimit) {
                this.rateLimit = rateLimit;
                return this;
            }

            /** Default: none; Kong then replaces any X-Forwarded-For with its own. */
            public Builder trustedIps(List<String> trustedIps) {
                this.trustedIps = trustedIps;
                return this;
            }

            /** Default: 1, for a task of up to one vCPU. */
            public Builder workerProcesses(int workerProcesses) {
                this.workerProcesses = workerProcesses;
                return this;
            }

            public Props build() {
                return new Props(project, albInternalDns, routes, rateLimit, trustedIps, workerProcesses);
            }
        }
    }

    private final Props props;
    private final Map<String, Object> declarativeConfig;

    /** Checks the props and makes the configuration; an IllegalArgumentException says what Kong could not take. */
    public KongConfiguration(Props props) {
        this.props = Objects.requireNonNull(props, "props");
        this.declarativeConfig = build(props);
    }

    /** The host name a service is reached by on the load balancer's internal listener: {@code SERVICE.PROJECT.local}. */
    public static String upstreamName(String service, String project) {
        String name = service + "." + project + ".local";
        if (!isKongHostName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a host name Kong takes (service '" + service
                    + "', project '" + project + "'): each label of letters, digits, '-' and '_', none ending with '-'");
        }
        return name;
    }

    /**
     * The Kong route path matching what an ALB path pattern matches. ALB matches the whole path, case-sensitively;
     * '*' is any run of characters, '/' included, '?' exactly one. Kong matches a prefix path as a prefix and a
     * regex path ({@code ~}) anchored at the start only. Every pattern becomes a regex path, so that
     * {@code regex_priority} can keep the listener's rule order: Kong (traditional_compatible) tries regex paths
     * before any prefix path, whatever their length, and a prefix path longer than another before it, which would
     * not be the load balancer's order. {@code /api/*} becomes {@code ~/api/} and {@code /health} {@code ~/health$}.
     *
     * @throws IllegalArgumentException for what is no ALB pattern, or what no path Kong routes can match: a pattern
     *     not starting with '/', '*' or '?' (every path starts with '/'), or with '//' (Kong refuses empty segments
     *     and merges slashes before routing)
     */
    public static String kongPath(String albPattern) {
        Objects.requireNonNull(albPattern, "albPattern");
        if (albPattern.length() > ALB_PATTERN_MAX_LENGTH || !ALB_PATTERN_CHARACTERS.matcher(albPattern).matches()) {
            throw new IllegalArgumentException("'" + albPattern + "' is no ALB path pattern: 1 to 128 of A-Z a-z 0-9"
                    + " _ - . $ / ~ \" ' @ : + & * ?");
        }
        String head;
        String rest;
        switch (albPattern.charAt(0)) {
            case '/', '?' -> { // '?' is one character, and the first of every path is '/'
                head = "/";
                rest = albPattern.substring(1);
            }
            case '*' -> {
                String tail = albPattern.replaceFirst("^\\*+", "");
                if (tail.startsWith("/")) { // the '*' may be empty: /api/... or /x/.../api/...
                    head = "/(?:.*/)?";
                    rest = tail.substring(1);
                } else if (tail.startsWith("?")) { // at least one character, the first of them '/'
                    head = "/.*";
                    rest = tail.substring(1);
                } else { // '/' then anything, then the literal
                    head = "/.*";
                    rest = tail;
                }
            }
            default -> throw new IllegalArgumentException("'" + albPattern + "' matches no path: every path starts"
                    + " with '/'");
        }
        StringBuilder regex = new StringBuilder(head);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            switch (c) {
                case '*' -> {
                    if (!endsWithAnyRun(regex)) {
                        regex.append(".*");
                    }
                }
                case '?' -> regex.append('.');
                case '.', '$', '+' -> regex.append('\\').append(c);
                default -> regex.append(c);
            }
        }
        String path;
        if (endsWithAnyRun(regex)) { // "X.*" anchored at the start is "X"
            path = "~" + regex.substring(0, regex.length() - 2);
        } else {
            path = "~" + regex + "$";
        }
        if (path.contains("//")) {
            throw new IllegalArgumentException("'" + albPattern + "' has '//': Kong refuses a path with an empty segment,"
                    + " and merges slashes in a request's path before it routes it");
        }
        return path;
    }

    /** Whether the regex so far ends with {@code .*}: a '*' in it is always a pattern's '*' (ALB has no literal one). */
    private static boolean endsWithAnyRun(StringBuilder regex) {
        return !regex.isEmpty() && regex.charAt(regex.length() - 1) == '*';
    }

    /** The declarative configuration, in a fixed order: tokens stay as they are, for Stack.toJsonString. */
    public Map<String, Object> declarativeConfig() {
        return declarativeConfig;
    }

    /** The declarative configuration as JSON text (two-space indents, '\n' line ends on every platform). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(declarativeConfig);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps, lists, strings, numbers and booleans always serialize", e);
        }
    }

    /** The plugins the configuration uses, the only ones Kong loads. */
    public List<String> plugins() {
        return List.of(CORRELATION_ID, RATE_LIMITING);
    }

    /**
     * The Kong container's environment, by name; {@link #CONFIG_VARIABLE} (the configuration) and, with Redis,
     * {@link #REDIS_TOKEN_VARIABLE} (a secret) are the task's to add.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        env.put("KONG_DATABASE", "off");
        // The route conversion relies on this router's ordering (regex paths first, by regex_priority): pinned.
        env.put("KONG_ROUTER_FLAVOR", "traditional_compatible");
        env.put("KONG_PROXY_LISTEN", "0.0.0.0:" + PROXY_PORT);
        // DB-less, the Admin API could still replace the whole configuration (POST /config): no Admin API at all,
        // and no Kong Manager.
        env.put("KONG_ADMIN_LISTEN", "off");
        env.put("KONG_ADMIN_GUI_LISTEN", "off");
        env.put("KONG_STATUS_LISTEN", "0.0.0.0:" + STATUS_PORT);
        env.put("KONG_PROXY_ACCESS_LOG", "/dev/stdout");
        env.put("KONG_PROXY_ERROR_LOG", "/dev/stderr");
        env.put("KONG_STATUS_ERROR_LOG", "/dev/stderr");
        env.put("KONG_PLUGINS", String.join(",", plugins()));
        // The image's system CA bundle, for verifying Redis's certificate (ElastiCache's, from a public CA).
        env.put("KONG_LUA_SSL_TRUSTED_CERTIFICATE", "system");
        // No Server, Via or latency headers: they tell Kong's version; the request id reaches the client through
        // correlation-id's echo, and the service through its header, not X-Kong-Request-Id.
        env.put("KONG_HEADERS", "off");
        env.put("KONG_HEADERS_UPSTREAM", "off");
        if (!props.trustedIps().isEmpty()) {
            env.put("KONG_TRUSTED_IPS", String.join(",", props.trustedIps()));
            env.put("KONG_REAL_IP_HEADER", "X-Forwarded-For");
            env.put("KONG_REAL_IP_RECURSIVE", "on");
        }
        env.put("KONG_NGINX_WORKER_PROCESSES", Integer.toString(props.workerProcesses()));
        // Two caches of this size per task: the configuration is a few entities, 128m each (the default) is for
        // thousands.
        env.put("KONG_MEM_CACHE_SIZE", "64m");
        env.put("KONG_UPSTREAM_KEEPALIVE_IDLE_TIMEOUT", Integer.toString(UPSTREAM_KEEPALIVE_IDLE_SECONDS));
        env.put("KONG_ANONYMOUS_REPORTS", "off");
        return Collections.unmodifiableMap(env);
    }

    private static Map<String, Object> build(Props props) {
        hostName(props.albInternalDns(), "the load balancer's DNS name");
        Set<String> names = new HashSet<>();
        List<Route> reachable = new ArrayList<>();
        for (Route route : props.routes()) {
            if (!names.add(route.service())) {
                throw new IllegalArgumentException("service '" + route.service() + "' is listed twice");
            }
            if (!route.internal()) {
                reachable.add(route);
            }
        }
        long defaults = reachable.stream().filter(Route::isDefault).count();
        if (defaults > 1) {
            throw new IllegalArgumentException("only one service takes the default route; got " + defaults);
        }
        long routedByPath = reachable.stream().filter(route -> !route.isDefault()).count();

        List<Object> services = new ArrayList<>();
        List<Object> upstreams = new ArrayList<>();
        int regexPriority = (int) routedByPath;
        for (Route route : reachable) {
            String upstream = upstreamName(route.service(), props.project());
            services.add(service(route, upstream, route.isDefault() ? 0 : regexPriority--));
            upstreams.add(upstream(upstream, props.albInternalDns()));
        }

        Set<String> routeNames = new HashSet<>();
        for (Object service : services) {
            for (Object route : (List<?>) ((Map<?, ?>) service).get("routes")) {
                Object name = ((Map<?, ?>) route).get("name");
                if (!routeNames.add((String) name)) {
                    throw new IllegalArgumentException("two routes would be named '" + name + "': Kong wants route"
                            + " names unique");
                }
            }
        }

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("_format_version", FORMAT_VERSION);
        config.put("_transform", true);
        config.put("services", List.copyOf(services));
        config.put("upstreams", List.copyOf(upstreams));
        config.put("plugins", List.of(correlationId(), rateLimiting(props.rateLimit())));
        return Collections.unmodifiableMap(config);
    }

    /**
     * One Kong service: HTTPS to the load balancer's internal listener, the upstream by name.
     *
     * <p>tls_verify is false, on purpose. Kong would check the certificate against the upstream's host name,
     * SERVICE.PROJECT.local; the internal listener serves the public domain's certificate, whose names never include
     * a .local one, so every check would fail. Verifying would take a private CA issuing *.PROJECT.local (ACM Private
     * CA, 400 USD a month per CA in general-purpose mode) or a host header the certificate names, which the listener's host rules
     * cannot route by. What is given up is the server's authentication inside the VPC: the traffic is still
     * encrypted, goes from Kong's tasks to the load balancer's interfaces over the VPC's own routes, and only
     * Kong's security group may open 8443; an impostor would need to be inside the VPC and answer for the load
     * balancer's DNS name.
     */
    private static Map<String, Object> service(Route route, String upstream, int regexPriority) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", route.service());
        service.put("protocol", "https");
        service.put("host", upstream);
        service.put("port", INTERNAL_LISTENER_PORT);
        service.put("connect_timeout", CONNECT_TIMEOUT_MS);
        service.put("write_timeout", WRITE_TIMEOUT_MS);
        service.put("read_timeout", READ_TIMEOUT_MS);
        service.put("retries", RETRIES);
        service.put("tls_verify", false);
        List<Object> routes = new ArrayList<>();
        if (route.isDefault()) {
            // A prefix path: after every regex path, so after every path pattern, as the listener's default action is.
            routes.add(route(route.service(), "/", 0));
        } else {
            List<String> patterns = route.pathPatterns();
            for (int i = 0; i < patterns.size(); i++) {
                // '_' is in no Berth service name: "api_2" is no other service's route.
                String name = patterns.size() == 1 ? route.service() : route.service() + "_" + (i + 1);
                routes.add(route(name, kongPath(patterns.get(i)), regexPriority));
            }
        }
        service.put("routes", List.copyOf(routes));
        return Collections.unmodifiableMap(service);
    }

    /**
     * A route: the path as the client sent it (strip_path false), and the upstream's host header, not the client's
     * (preserve_host false), since the internal listener routes by it. The load balancer reaches Kong over plain
     * HTTP, the client having used HTTPS to CloudFront: both protocols match.
     */
    private static Map<String, Object> route(String name, String path, int regexPriority) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", name);
        route.put("protocols", List.of("http", "https"));
        route.put("paths", List.of(path));
        if (path.startsWith("~")) {
            route.put("regex_priority", regexPriority);
        }
        route.put("strip_path", false);
        route.put("preserve_host", false);
        return Collections.unmodifiableMap(route);
    }

    /** The upstream Kong balances a service's requests over: the load balancer, with the service's host header. */
    private static Map<String, Object> upstream(String name, String albInternalDns) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", albInternalDns + ":" + INTERNAL_LISTENER_PORT);
        target.put("weight", 100);
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("name", name);
        upstream.put("algorithm", "round-robin");
        upstream.put("host_header", name);
        upstream.put("targets", List.of(Collections.unmodifiableMap(target)));
        return Collections.unmodifiableMap(upstream);
    }

    /**
     * Every request gets an id, a UUID unless the request came with one, passed to the service and echoed to the
     * client. uuid rather than uuid#counter: no worker's id and request count in what clients see.
     */
    private static Map<String, Object> correlationId() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("header_name", REQUEST_ID_HEADER);
        config.put("generator", "uuid");
        config.put("echo_downstream", true);
        return plugin(CORRELATION_ID, config);
    }

    /**
     * The limit per client address (limit_by ip); requests go on when the counters cannot be reached (fault
     * tolerant), the limit then not applied. With Redis, every task counts in it, synchronously (sync_rate -1),
     * over TLS checked against the host's name; its password is the vault reference, never the token.
     */
    private static Map<String, Object> rateLimiting(RateLimit limit) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("minute", limit.requestsPerMinute());
        config.put("limit_by", "ip");
        config.put("policy", limit.shared().isPresent() ? "redis" : "local");
        config.put("fault_tolerant", true);
        config.put("hide_client_headers", false);
        config.put("sync_rate", -1);
        limit.shared().ifPresent(redis -> {
            Map<String, Object> connection = new LinkedHashMap<>();
            connection.put("host", redis.host());
            connection.put("port", redis.port());
            connection.put("timeout", REDIS_TIMEOUT_MS);
            connection.put("database", 0);
            connection.put("ssl", true);
            connection.put("ssl_verify", true);
            connection.put("server_name", redis.host());
            connection.put("password", REDIS_TOKEN_REFERENCE);
            config.put("redis", Collections.unmodifiableMap(connection));
        });
        return plugin(RATE_LIMITING, config);
    }

    private static Map<String, Object> plugin(String name, Map<String, Object> config) {
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("name", name);
        plugin.put("config", Collections.unmodifiableMap(config));
        return Collections.unmodifiableMap(plugin);
    }

    /** A DNS name Kong takes, or a token string (resolved at deploy time, unchecked here). */
    private static void hostName(String name, String what) {
        if (name.contains(TOKEN_MARK)) {
            return;
        }
        if (!isKongHostName(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a host name Kong takes");
        }
    }

    static boolean isKongHostName(String name) {
        return KONG_HOST_NAME.matcher(name).matches() && !DIGITS_AND_DOTS.matcher(name).matches();
    }

    private static final ObjectWriter JSON = new ObjectMapper().writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));
}
