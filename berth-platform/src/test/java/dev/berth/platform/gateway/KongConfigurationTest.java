package dev.berth.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.platform.Templates;
import dev.berth.platform.gateway.KongConfiguration.Props;
import dev.berth.platform.gateway.KongConfiguration.RateLimit;
import dev.berth.platform.gateway.KongConfiguration.Redis;
import dev.berth.platform.gateway.KongConfiguration.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;

/**
 * The declarative configuration Berth gives Kong: exactly what a three-service project gets, the listener's rule
 * order kept, internal services left out, the rate limit with and without Redis, tokens passed through for CDK, the
 * same text every time, and the container's settings.
 */
class KongConfigurationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALB = "internal-notes-dev-alb-1234567890.eu-central-1.elb.amazonaws.com";
    static final String REDIS = "master.notes-dev-sessions.abc123.euc1.cache.amazonaws.com";

    /** web takes the default route, api /api/*, worker only other services. */
    static Props.Builder notes() {
        return Props.builder().project("notes").albInternalDns(ALB)
                .routes(List.of(Route.defaultRoute("web"), Route.paths("api", "/api/*"), Route.internal("worker")));
    }

    static JsonNode tree(KongConfiguration kong) throws Exception {
        return JSON.readTree(kong.toJson());
    }

    @Test
    void threeServicesMakeExactlyThisConfiguration() {
        KongConfiguration kong = new KongConfiguration(notes().rateLimit(new RateLimit(600, null)).build());

        assertThat(kong.toJson()).isEqualTo("""
                {
                  "_format_version": "3.0",
                  "_transform": true,
                  "services": [
                    {
                      "name": "web",
                      "protocol": "https",
                      "host": "web.notes.local",
                      "port": 8443,
                      "connect_timeout": 5000,
                      "write_timeout": 60000,
                      "read_timeout": 60000,
                      "retries": 2,
                      "tls_verify": false,
                      "routes": [
                        {
                          "name": "web",
                          "protocols": [
                            "http",
                            "https"
                          ],
                          "paths": [
                            "/"
                          ],
                          "strip_path": false,
                          "preserve_host": false
                        }
                      ]
                    },
                    {
                      "name": "api",
                      "protocol": "https",
                      "host": "api.notes.local",
                      "port": 8443,
                      "connect_timeout": 5000,
                      "write_timeout": 60000,
                      "read_timeout": 60000,
                      "retries": 2,
                      "tls_verify": false,
                      "routes": [
                        {
                          "name": "api",
                          "protocols": [
                            "http",
                            "https"
                          ],
                          "paths": [
                            "~/api/"
                          ],
                          "regex_priority": 1,
                          "strip_path": false,
                          "preserve_host": false
                        }
                      ]
                    }
                  ],
                  "upstreams": [
                    {
                      "name": "web.notes.local",
                      "algorithm": "round-robin",
                      "host_header": "web.notes.local",
                      "targets": [
                        {
                          "target": "internal-notes-dev-alb-1234567890.eu-central-1.elb.amazonaws.com:8443",
                          "weight": 100
                        }
                      ]
                    },
                    {
                      "name": "api.notes.local",
                      "algorithm": "round-robin",
                      "host_header": "api.notes.local",
                      "targets": [
                        {
                          "target": "internal-notes-dev-alb-1234567890.eu-central-1.elb.amazonaws.com:8443",
                          "weight": 100
                        }
                      ]
                    }
                  ],
                  "plugins": [
                    {
                      "name": "correlation-id",
                      "config": {
                        "header_name": "X-Request-Id",
                        "generator": "uuid",
                        "echo_downstream": true
                      }
                    },
                    {
                      "name": "rate-limiting",
                      "config": {
                        "minute": 600,
                        "limit_by": "ip",
                        "policy": "local",
                        "fault_tolerant": true,
                        "hide_client_headers": false,
                        "sync_rate": -1
                      }
                    }
                  ]
                }""");
    }

    @Test
    void pathRoutesKeepTheListenerRuleOrderThroughRegexPriority() throws Exception {
        KongConfiguration kong = new KongConfiguration(Props.builder().project("shop").albInternalDns(ALB)
                .routes(List.of(Route.paths("admin", "/api/admin/*"), Route.paths("api", "/api/*", "/graphql"),
                        Route.defaultRoute("web"), Route.paths("assets", "*.png", "/static/*")))
                .build());

        List<String> routes = new ArrayList<>();
        for (JsonNode service : tree(kong).path("services")) {
            for (JsonNode route : service.path("routes")) {
                routes.add(service.path("name").asText() + " " + route.path("name").asText() + " "
                        + route.path("paths").get(0).asText() + " " + route.path("regex_priority").asText("-"));
            }
        }
        assertThat(routes).containsExactly(
                "admin admin ~/api/admin/ 3",
                "api api_1 ~/api/ 2",
                "api api_2 ~/graphql$ 2",
                "web web / -",
                "assets assets_1 ~/.*\\.png$ 1",
                "assets assets_2 ~/static/ 1");
    }

    /**
     * Kong (traditional_compatible, kong/router/transform.lua get_priority) tries regex paths before prefix paths,
     * regex paths by regex_priority, prefix paths longest first; the load balancer tries its rules by priority, then
     * its default action. For overlapping patterns, each request reaches the same service either way.
     */
    @Test
    void kongPicksTheServiceTheLoadBalancerWould() throws Exception {
        List<Route> routes = List.of(Route.paths("admin", "/api/admin/*"), Route.paths("api", "/api/*"),
                Route.paths("files", "/api/*/files/*"), Route.paths("assets", "*.png"), Route.defaultRoute("web"));
        JsonNode config = tree(new KongConfiguration(Props.builder().project("shop").albInternalDns(ALB).routes(routes).build()));

        for (String path : List.of("/", "/api", "/api/", "/api/admin/users", "/api/admin", "/api/x/files/a.png",
                "/api/logo.png", "/logo.png", "/img/a/b.png", "/apix", "/index.html")) {
            assertThat(kongService(config, path)).as(path).isEqualTo(loadBalancerService(routes, path));
        }
    }

    /** The service the load balancer sends a path to: the first rule whose pattern matches, else the default. */
    static String loadBalancerService(List<Route> routes, String path) {
        for (Route route : routes) {
            if (route.pathPatterns().stream().anyMatch(pattern -> KongPathTest.albMatches(pattern, path))) {
                return route.service();
            }
        }
        return routes.stream().filter(Route::isDefault).findFirst().map(Route::service).orElse(null);
    }

    /** The service Kong routes a path to: regex routes by regex_priority, then prefix routes longest first. */
    static String kongService(JsonNode config, String path) {
        record Candidate(String service, String path, int regexPriority) {
            boolean regex() {
                return path.startsWith("~");
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode service : config.path("services")) {
            for (JsonNode route : service.path("routes")) {
                for (JsonNode routePath : route.path("paths")) {
                    candidates.add(new Candidate(service.path("name").asText(), routePath.asText(),
                            route.path("regex_priority").asInt(0)));
                }
            }
        }
        candidates.sort((a, b) -> a.regex() != b.regex() ? (a.regex() ? -1 : 1)
                : a.regex() ? Integer.compare(b.regexPriority(), a.regexPriority())
                : Integer.compare(b.path().length(), a.path().length()));
        for (Candidate candidate : candidates) {
            if (KongPathTest.kongMatches(candidate.path(), path)) {
                return candidate.service();
            }
        }
        return null;
    }

    @Test
    void anInternalServiceHasNoServiceNoUpstreamNoRoute() throws Exception {
        KongConfiguration kong = new KongConfiguration(notes().build());

        assertThat(kong.toJson()).doesNotContain("worker");
        assertThat(tree(kong).path("services").findValuesAsText("name")).doesNotContain("worker");
        assertThatThrownBy(() -> new Route("worker", List.of("/jobs/*"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("internal");
    }

    @Test
    void withRedisTheLimitIsSharedAndTheTokenIsAVaultReference() throws Exception {
        KongConfiguration kong = new KongConfiguration(notes().rateLimit(new RateLimit(1200, new Redis(REDIS, 6379))).build());

        JsonNode limit = plugin(tree(kong), "rate-limiting");
        assertThat(limit.path("minute").asInt()).isEqualTo(1200);
        assertThat(limit.path("policy").asText()).isEqualTo("redis");
        JsonNode redis = limit.path("redis");
        assertThat(redis.path("host").asText()).isEqualTo(REDIS);
        assertThat(redis.path("port").asInt()).isEqualTo(6379);
        assertThat(redis.path("ssl").asBoolean()).isTrue();
        assertThat(redis.path("ssl_verify").asBoolean()).isTrue();
        assertThat(redis.path("server_name").asText()).isEqualTo(REDIS);
        assertThat(redis.path("password").asText()).isEqualTo("{vault://env/kong-redis-token}");
        // The env vault's name for that reference (kong/vaults/env/init.lua: upper-case, '-' to '_').
        assertThat("kong-redis-token".toUpperCase().replace('-', '_')).isEqualTo(KongConfiguration.REDIS_TOKEN_VARIABLE);
        // No token: the only password is the reference, and the container's settings do not carry it either.
        assertThat(kong.toJson().split("\"password\"", -1)).hasSize(2);
        assertThat(kong.environment()).doesNotContainKey(KongConfiguration.REDIS_TOKEN_VARIABLE);
        assertThat(String.join(" ", kong.environment().values())).doesNotContain("vault").doesNotContain("redis");
    }

    @Test
    void withoutRedisEachTaskCountsLocally() throws Exception {
        JsonNode limit = plugin(tree(new KongConfiguration(notes().build())), "rate-limiting");

        assertThat(limit.path("policy").asText()).isEqualTo("local");
        assertThat(limit.path("minute").asInt()).isEqualTo(KongConfiguration.DEFAULT_REQUESTS_PER_MINUTE);
        assertThat(limit.has("redis")).isFalse();
        assertThat(limit.path("sync_rate").asInt()).isEqualTo(-1);
    }

    @Test
    void everyRequestGetsAnIdEchoedToTheClient() throws Exception {
        JsonNode plugins = tree(new KongConfiguration(notes().build())).path("plugins");

        assertThat(plugins.findValuesAsText("name")).containsExactly("correlation-id", "rate-limiting");
        JsonNode id = plugin(tree(new KongConfiguration(notes().build())), "correlation-id");
        assertThat(id.path("header_name").asText()).isEqualTo("X-Request-Id");
        assertThat(id.path("generator").asText()).isEqualTo("uuid");
        assertThat(id.path("echo_downstream").asBoolean()).isTrue();
        // Global: on every route.
        for (JsonNode plugin : plugins) {
            assertThat(plugin.has("service") || plugin.has("route") || plugin.has("consumer")).isFalse();
        }
    }

    static JsonNode plugin(JsonNode config, String name) {
        for (JsonNode plugin : config.path("plugins")) {
            if (plugin.path("name").asText().equals(name)) {
                return plugin.path("config");
            }
        }
        throw new AssertionError("no plugin " + name);
    }

    @Test
    void tokensForTheLoadBalancerAndRedisPassThroughUntouched() {
        String alb = "${Token[TOKEN.123]}";
        String redis = "${Token[TOKEN.456]}";
        KongConfiguration kong = new KongConfiguration(notes().albInternalDns(alb)
                .rateLimit(new RateLimit(600, new Redis(redis, 6379))).build());

        Map<?, ?> upstream = (Map<?, ?>) ((List<?>) kong.declarativeConfig().get("upstreams")).get(0);
        Map<?, ?> target = (Map<?, ?>) ((List<?>) upstream.get("targets")).get(0);
        assertThat(target.get("target")).isEqualTo("${Token[TOKEN.123]}:8443");
        Map<?, ?> limit = (Map<?, ?>) ((Map<?, ?>) ((List<?>) kong.declarativeConfig().get("plugins")).get(1)).get("config");
        Map<?, ?> connection = (Map<?, ?>) limit.get("redis");
        assertThat(connection.get("host")).isEqualTo(redis);
        assertThat(connection.get("server_name")).isEqualTo(redis);
    }

    /** What the task's wirer does: Stack.toJsonString of the map, the load balancer's name a real token. */
    @Test
    void cdkTurnsTheMapIntoJsonWithTheTokenResolved() throws Exception {
        Stack stack = Templates.bareStack();
        String alb = Fn.importValue("notes-dev-alb-dns");
        KongConfiguration kong = new KongConfiguration(notes().albInternalDns(alb).build());

        JsonNode resolved = JSON.valueToTree(stack.resolve(stack.toJsonString(kong.declarativeConfig())));

        JsonNode join = resolved.path("Fn::Join");
        assertThat(join.path(0).asText()).isEmpty();
        List<JsonNode> imports = join.path(1).findValues("Fn::ImportValue");
        assertThat(imports).hasSize(2).allSatisfy(value -> assertThat(value.asText()).isEqualTo("notes-dev-alb-dns"));
        // The literal parts around the tokens, joined with a stand-in, are the plain rendering's JSON.
        StringBuilder text = new StringBuilder();
        for (JsonNode part : join.path(1)) {
            text.append(part.isTextual() ? part.asText() : ALB);
        }
        assertThat(JSON.readTree(text.toString())).isEqualTo(tree(new KongConfiguration(notes().build())));
    }

    @Test
    void twoGenerationsAreTheSameText() {
        Props props = notes().rateLimit(new RateLimit(600, new Redis(REDIS, 6379))).trustedIps(List.of("10.0.0.0/16")).build();

        assertThat(new KongConfiguration(props).toJson()).isEqualTo(new KongConfiguration(props).toJson());
        assertThat(new KongConfiguration(props).declarativeConfig()).isEqualTo(new KongConfiguration(props).declarativeConfig());
        assertThat(new KongConfiguration(props).environment()).isEqualTo(new KongConfiguration(props).environment());
        assertThat(new KongConfiguration(props).toJson()).doesNotContain("\r");
    }

    @Test
    void theContainerRunsDbLessWithNoAdminApi() {
        KongConfiguration kong = new KongConfiguration(notes().trustedIps(List.of("10.0.0.0/16")).workerProcesses(2).build());

        assertThat(kong.environment()).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("KONG_DATABASE", "off"),
                Map.entry("KONG_ROUTER_FLAVOR", "traditional_compatible"),
                Map.entry("KONG_PROXY_LISTEN", "0.0.0.0:8000"),
                Map.entry("KONG_ADMIN_LISTEN", "off"),
                Map.entry("KONG_ADMIN_GUI_LISTEN", "off"),
                Map.entry("KONG_STATUS_LISTEN", "0.0.0.0:8100"),
                Map.entry("KONG_PROXY_ACCESS_LOG", "/dev/stdout"),
                Map.entry("KONG_PROXY_ERROR_LOG", "/dev/stderr"),
                Map.entry("KONG_STATUS_ERROR_LOG", "/dev/stderr"),
                Map.entry("KONG_PLUGINS", "correlation-id,rate-limiting"),
                Map.entry("KONG_LUA_SSL_TRUSTED_CERTIFICATE", "system"),
                Map.entry("KONG_HEADERS", "off"),
                Map.entry("KONG_HEADERS_UPSTREAM", "off"),
                Map.entry("KONG_TRUSTED_IPS", "10.0.0.0/16"),
                Map.entry("KONG_REAL_IP_HEADER", "X-Forwarded-For"),
                Map.entry("KONG_REAL_IP_RECURSIVE", "on"),
                Map.entry("KONG_NGINX_WORKER_PROCESSES", "2"),
                Map.entry("KONG_MEM_CACHE_SIZE", "64m"),
                Map.entry("KONG_UPSTREAM_KEEPALIVE_IDLE_TIMEOUT", "50"),
                Map.entry("KONG_ANONYMOUS_REPORTS", "off"))));
        assertThat(kong.environment()).doesNotContainKey(KongConfiguration.CONFIG_VARIABLE);
        assertThat(new KongConfiguration(notes().build()).environment()).doesNotContainKeys("KONG_TRUSTED_IPS",
                "KONG_REAL_IP_HEADER", "KONG_REAL_IP_RECURSIVE");
        // Every plugin the configuration names is loaded: Kong refuses a configuration with one that is not.
        assertThat(kong.environment().get("KONG_PLUGINS").split(","))
                .containsExactlyElementsOf(kong.declarativeConfig().get("plugins") instanceof List<?> plugins
                        ? plugins.stream().map(p -> (String) ((Map<?, ?>) p).get("name")).toList() : List.of());
        assertThat(KongConfiguration.IMAGE).isEqualTo("public.ecr.aws/docker/library/kong:3.9.3");
        assertThat(KongConfiguration.READY_PATH).isEqualTo("/status/ready");
    }

    /**
     * Berth's own promises, beyond Kong's schema: names unique per entity (Kong's declarative loader refuses
     * duplicates), each service's host an upstream with exactly the load balancer as target, each regex path a
     * regex (Java's engine standing in for PCRE and Rust's), one period limited (so no period ordering to get
     * wrong).
     */
    @Test
    void berthsPromisesHold() throws Exception {
        JsonNode config = tree(new KongConfiguration(Props.builder().project("shop").albInternalDns(ALB)
                .routes(List.of(Route.paths("admin", "/api/admin/*"), Route.paths("api", "/api/*", "/v?/*"),
                        Route.defaultRoute("web"), Route.internal("jobs"), Route.paths("assets", "*.png", "*/static/*")))
                .rateLimit(new RateLimit(900, new Redis(REDIS, 6380))).build()));

        Set<String> upstreams = new HashSet<>();
        for (JsonNode upstream : config.path("upstreams")) {
            assertThat(upstreams.add(upstream.path("name").asText())).isTrue();
            assertThat(upstream.path("host_header").asText()).isEqualTo(upstream.path("name").asText());
            assertThat(upstream.path("targets").findValuesAsText("target")).containsExactly(ALB + ":8443");
        }
        Set<String> services = new HashSet<>();
        Set<String> routes = new HashSet<>();
        for (JsonNode service : config.path("services")) {
            assertThat(services.add(service.path("name").asText())).isTrue();
            assertThat(service.path("host").asText()).isEqualTo(service.path("name").asText() + ".shop.local").isIn(upstreams);
            for (JsonNode route : service.path("routes")) {
                assertThat(routes.add(route.path("name").asText())).isTrue();
                for (JsonNode path : route.path("paths")) {
                    if (path.asText().startsWith("~")) {
                        Pattern.compile(path.asText().substring(1));
                    }
                }
            }
        }
        assertThat(services).containsExactlyInAnyOrder("admin", "api", "web", "assets");
        assertThat(upstreams).hasSameSizeAs(services);
        JsonNode limit = plugin(config, "rate-limiting");
        assertThat(List.of("second", "minute", "hour", "day", "month", "year").stream().filter(limit::has)).containsExactly("minute");
    }

    @Test
    void whatKongCannotTakeIsRefused() {
        assertThatThrownBy(() -> new KongConfiguration(notes().project("notes-").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("web.notes-.local");
        assertThatThrownBy(() -> new KongConfiguration(notes().routes(List.of(Route.defaultRoute("api-"))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api-.notes.local");
        assertThatThrownBy(() -> new KongConfiguration(notes().routes(List.of(Route.defaultRoute("web"),
                Route.paths("web", "/x/*"))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new KongConfiguration(notes().routes(List.of(Route.defaultRoute("web"),
                Route.defaultRoute("site"))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default route");
        assertThatThrownBy(() -> new KongConfiguration(notes().routes(List.of(Route.paths("a", "/a/*", "/b/*"),
                Route.paths("a_2", "/c/*"))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a_2'");
        assertThatThrownBy(() -> new KongConfiguration(notes().albInternalDns("internal-alb:8443").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load balancer");
        assertThatThrownBy(() -> new Redis("10.0.0", 6379)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Redis(REDIS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KongConfiguration(notes().routes(List.of(Route.paths("api", "api/*"))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api/*");
    }
}
