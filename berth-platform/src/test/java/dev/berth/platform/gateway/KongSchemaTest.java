package dev.berth.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.berth.platform.gateway.KongConfiguration.Props;
import dev.berth.platform.gateway.KongConfiguration.RateLimit;
import dev.berth.platform.gateway.KongConfiguration.Redis;
import dev.berth.platform.gateway.KongConfiguration.Route;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configurations Berth makes pass Kong 3.9's declarative schema, as transcribed from Kong's Lua in
 * src/test/resources/kong/declarative-3.9.schema.json; and configurations broken the ways Kong refuses fail it,
 * so the schema is known to bite.
 */
class KongSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALB = "internal-notes-prod-alb-1234567890.eu-central-1.elb.amazonaws.com";
    static final String REDIS = "master.notes-prod-sessions.abc123.euc1.cache.amazonaws.com";
    static Schema schema;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = KongSchemaTest.class.getResourceAsStream("/kong/declarative-3.9.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        }
    }

    static List<String> problems(String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    static List<String> problems(JsonNode config) throws Exception {
        return problems(JSON.writeValueAsString(config));
    }

    /** Two, three and five services, each way of limiting; the default route only; one service only by path. */
    static Stream<Props> generated() {
        List<Route> notes = List.of(Route.defaultRoute("web"), Route.paths("api", "/api/*"));
        List<Route> withInternal = List.of(Route.defaultRoute("web"), Route.paths("api", "/api/*"), Route.internal("worker"));
        List<Route> shop = List.of(Route.paths("admin", "/api/admin/*"), Route.paths("api", "/api/*", "/v?/graphql"),
                Route.defaultRoute("web"), Route.internal("jobs"), Route.paths("assets", "*.png", "*/static/*", "/"));
        return Stream.of(
                props("notes", notes).build(),
                props("notes", withInternal).build(),
                props("notes", withInternal).rateLimit(new RateLimit(600, new Redis(REDIS, 6379))).build(),
                props("shop", shop).rateLimit(new RateLimit(60, new Redis(REDIS, 6380))).build(),
                props("solo", List.of(Route.defaultRoute("site"))).build(),
                props("paths", List.of(Route.paths("api", "/api/*"))).build());
    }

    static Props.Builder props(String project, List<Route> routes) {
        return Props.builder().project(project).albInternalDns(ALB).routes(routes).trustedIps(List.of("10.0.0.0/16"));
    }

    @ParameterizedTest
    @MethodSource("generated")
    void generatedConfigurationsPassKongsSchema(Props props) {
        assertThat(problems(new KongConfiguration(props).toJson())).isEmpty();
    }

    /** The three-service example with Redis, as a tree to break. */
    static ObjectNode valid() throws Exception {
        return (ObjectNode) JSON.readTree(new KongConfiguration(props("notes", List.of(Route.defaultRoute("web"),
                Route.paths("api", "/api/*"), Route.internal("worker"))).rateLimit(new RateLimit(600, new Redis(REDIS, 6379)))
                .build()).toJson());
    }

    static ObjectNode service(ObjectNode config, int index) {
        return (ObjectNode) config.path("services").get(index);
    }

    static ObjectNode route(ObjectNode config, int service) {
        return (ObjectNode) service(config, service).path("routes").get(0);
    }

    static ObjectNode upstream(ObjectNode config) {
        return (ObjectNode) config.path("upstreams").get(0);
    }

    static ObjectNode limit(ObjectNode config) {
        return (ObjectNode) config.path("plugins").get(1).path("config");
    }

    static Arguments broken(String what, String expected, Consumer<ObjectNode> breaking) {
        return Arguments.of(what, expected, breaking);
    }

    /** Each a way Kong refuses a configuration, and (a part of) what the validator says about it. */
    static Stream<Arguments> brokenConfigurations() {
        return Stream.of(
                broken("an unknown field in a service", "servce_name",
                        c -> service(c, 0).put("servce_name", "web")),
                broken("an unknown top-level key", "service",
                        c -> c.set("service", JSON.createArrayNode())),
                broken("a service protocol Kong does not know", "/services/0/protocol",
                        c -> service(c, 0).put("protocol", "ftp")),
                broken("a route protocol of another subsystem", "/services/1/routes/0/protocols",
                        c -> ((ArrayNode) route(c, 1).path("protocols")).add("tcp")),
                broken("a route with no protocol", "/services/1/routes/0/protocols",
                        c -> route(c, 1).set("protocols", JSON.createArrayNode())),
                broken("a target without its address", "/upstreams/0/targets/0",
                        c -> ((ObjectNode) upstream(c).path("targets").get(0)).remove("target")),
                broken("a target address that is no host", "/upstreams/0/targets/0/target",
                        c -> ((ObjectNode) upstream(c).path("targets").get(0)).put("target", "internal alb:8443")),
                broken("a target port past 65535", "/upstreams/0/targets/0/target",
                        c -> ((ObjectNode) upstream(c).path("targets").get(0)).put("target", ALB + ":65536")),
                broken("an upstream named with a port", "/upstreams/0/name",
                        c -> upstream(c).put("name", "web.notes.local:8443")),
                broken("an upstream without a name", "/upstreams/0",
                        c -> upstream(c).remove("name")),
                broken("a service host with a port", "/services/0/host",
                        c -> service(c, 0).put("host", "web.notes.local:8443")),
                broken("a service host whose label ends with '-'", "/services/0/host",
                        c -> service(c, 0).put("host", "web-.notes.local")),
                broken("a service without a host", "/services/0",
                        c -> service(c, 0).remove("host")),
                broken("tls_verify on a plain HTTP service", "/services/0/tls_verify",
                        c -> service(c, 0).put("protocol", "http")),
                broken("a path on a TCP service", "/services/0/path",
                        c -> service(c, 0).put("protocol", "tcp").put("path", "/x").remove("tls_verify")),
                broken("a connect timeout of zero", "/services/0/connect_timeout",
                        c -> service(c, 0).put("connect_timeout", 0)),
                broken("retries past 32767", "/services/0/retries",
                        c -> service(c, 0).put("retries", 40000)),
                broken("a route path with an empty segment", "/services/1/routes/0/paths/0",
                        c -> route(c, 1).set("paths", JSON.createArrayNode().add("~/api//x"))),
                broken("a route path neither prefix nor regex", "/services/1/routes/0/paths/0",
                        c -> route(c, 1).set("paths", JSON.createArrayNode().add("api/"))),
                broken("a prefix path with a dot segment", "/services/0/routes/0/paths/0",
                        c -> route(c, 0).set("paths", JSON.createArrayNode().add("/a/../b"))),
                broken("a prefix path with an encoded unreserved character", "/services/0/routes/0/paths/0",
                        c -> route(c, 0).set("paths", JSON.createArrayNode().add("/%41pi"))),
                broken("a prefix path with a stray '%'", "/services/0/routes/0/paths/0",
                        c -> route(c, 0).set("paths", JSON.createArrayNode().add("/50%"))),
                broken("a route that matches on nothing", "/services/1/routes/0",
                        c -> route(c, 1).remove("paths")),
                broken("a nested route naming its service", "/services/1/routes/0/service",
                        c -> route(c, 1).put("service", "api")),
                broken("a route name with a space", "/services/1/routes/0/name",
                        c -> route(c, 1).put("name", "api route")),
                broken("format version 2.0", "/_format_version",
                        c -> c.put("_format_version", "2.0")),
                broken("no format version", "_format_version",
                        c -> c.remove("_format_version")),
                broken("a plugin Berth does not load", "/plugins/0/name",
                        c -> ((ObjectNode) c.path("plugins").get(0)).put("name", "key-auth")),
                broken("a correlation id generator Kong lacks", "/plugins/0/config/generator",
                        c -> ((ObjectNode) c.path("plugins").get(0).path("config")).put("generator", "uuid4")),
                broken("a rate limit without any period", "/plugins/1/config",
                        c -> limit(c).remove("minute")),
                broken("a rate limit of zero", "/plugins/1/config/minute",
                        c -> limit(c).put("minute", 0)),
                broken("the cluster policy, which needs a database", "/plugins/1/config/policy",
                        c -> limit(c).put("policy", "cluster")),
                broken("the redis policy without a Redis host", "/plugins/1/config/redis",
                        c -> ((ObjectNode) limit(c).path("redis")).remove("host")),
                broken("a sync rate with the local policy", "/plugins/1/config/sync_rate",
                        c -> limit(c).put("policy", "local").put("sync_rate", 10).remove("redis")),
                broken("a Redis server name that is an address", "/plugins/1/config/redis/server_name",
                        c -> ((ObjectNode) limit(c).path("redis")).put("server_name", "10.0.3.7")),
                broken("a deprecated redis_host shorthand", "redis_host",
                        c -> limit(c).put("redis_host", REDIS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigurations")
    void kongsSchemaRefuses(String what, String expected, Consumer<ObjectNode> breaking) throws Exception {
        ObjectNode config = valid();
        assertThat(problems(config)).as("before breaking it").isEmpty();

        breaking.accept(config);

        List<String> problems = problems(config);
        assertThat(problems).as(what).isNotEmpty();
        assertThat(String.join("\n", problems)).as(what).contains(expected);
    }

    /** Host names as kong/tools/ip.lua check_hostname takes them, and the generator's own check agrees. */
    @ParameterizedTest
    @ValueSource(strings = {"web.notes.local", "a", "-lead.x", "under_score.x", "trailing.dot.", "UPPER.case", "10.0.0.1"})
    void hostsKongTakes(String host) throws Exception {
        ObjectNode config = valid();
        service(config, 0).put("host", host);
        assertThat(problems(config)).isEmpty();
        if (!host.matches("[0-9.]+")) {
            assertThat(KongConfiguration.isKongHostName(host)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"trail-.x", "a..b", ".", ".lead", "1.2.3", "10.0.0.256", "sp ace.x", "ünï.x", "a/b", ""})
    void hostsKongRefuses(String host) throws Exception {
        ObjectNode config = valid();
        service(config, 0).put("host", host);
        assertThat(problems(config)).isNotEmpty();
        assertThat(KongConfiguration.isKongHostName(host)).isFalse();
    }

    @Test
    void aTokenStandsWhereOnlyAHostNameMayAndSoIsNotValidatedUntilDeployTime() {
        String json = new KongConfiguration(props("notes", List.of(Route.defaultRoute("web"))).albInternalDns("${Token[TOKEN.1]}")
                .build()).toJson();
        assertThat(String.join("\n", problems(json))).contains("/upstreams/0/targets/0/target");
    }
}
