package dev.berth.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.UsageFailure;
import dev.berth.config.BerthConfig;
import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.platform.EnvironmentAssembly;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth up's contract, on the multi-service example: each service gets locally the variables its dev task definition
 * has on AWS, by the same names, each valued from a local secret of the same shape, made by the same code as the
 * cloud's (the provisioner on a real PostgreSQL, the cache secret for a real redis-server, moto's S3 for the bucket).
 */
class LocalVariablesTest {

    static final Path EXAMPLE = Path.of(System.getProperty("berth.home", "..")).resolve("examples/multi-service/berth.yaml");
    /** What the task role gives a service with a bucket in the cloud, and berth up as variables. */
    static final List<String> BUCKET_CLIENT = List.of("AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");

    @TempDir
    static Path directory;
    static BerthConfig config;
    static LocalDatabase database;
    static LocalCache cache;
    static LocalBuckets buckets;
    static int s3Port;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(onPath("redis-server"), "the local contract test needs redis-server (apt-get install redis-server)");
        assumeTrue(onPath("moto_server"), "the local contract test needs moto_server (pip install 'moto[server]')");
        config = BerthYaml.load(EXAMPLE);
        Passwords passwords = new Passwords(directory.resolve("passwords"));
        LogSink log = new LogSink(new PrintWriter(new StringWriter()), List.of("cache", "s3"), false);
        database = LocalDatabase.start(directory.resolve("postgres"), passwords);
        cache = LocalCache.start(directory.resolve("redis"), passwords, List.of("127.0.0.1"), log);
        s3Port = FreePort.any();
        buckets = LocalBuckets.start(directory.resolve("buckets"), "127.0.0.1", s3Port, List.of("shop-local-api"), "eu-central-1", log);
    }

    @AfterAll
    static void stop() throws Exception {
        if (buckets != null) {
            buckets.close();
        }
        if (cache != null) {
            cache.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static boolean onPath(String executable) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    }

    /** The real local sources, with the declared secrets as berth secret set local would have written them. */
    static LocalVariables.Sources sources(Map<String, String> declared) {
        return new LocalVariables.Sources() {
            @Override
            public String databaseSecret(ServiceModel service) {
                try {
                    return database.serviceSecret(service.name(), service.database().orElseThrow().databaseName());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String cacheSecret() {
                return cache.secret("localhost");
            }

            @Override
            public String declaredSecret(String secretName) {
                return declared.get(secretName);
            }

            @Override
            public Map<String, String> bucket(ServiceModel service) {
                Map<String, String> variables = new LinkedHashMap<>(Map.of(LocalVariables.BUCKET_NAME, "shop-local-" + service.name()));
                variables.putAll(LocalBuckets.clientVariables("localhost", s3Port, "eu-central-1"));
                return variables;
            }

            @Override
            public String publicUrl() {
                return "http://localhost:8080";
            }
        };
    }

    static final Map<String, String> DECLARED = Map.of("shop/local/api/stripe-key", "sk_test_local", "shop/local/shared/sentry-dsn",
            "https://key@sentry.example/1");

    static Map<String, String> local(String service) {
        EnvironmentModel model = config.local();
        return LocalVariables.of(model, model.services().named(service).orElseThrow(), sources(DECLARED));
    }

    /** The names a container of the synthesized app stack receives, secret and plain. */
    static List<String> taskDefinitionNames(JsonNode app, String service) {
        List<String> names = new ArrayList<>();
        app.path("Resources").properties().stream()
                .filter(resource -> resource.getValue().path("Type").asText().equals("AWS::ECS::TaskDefinition")
                        && resource.getKey().toLowerCase().startsWith(service))
                .map(resource -> resource.getValue().path("Properties").path("ContainerDefinitions").get(0))
                .forEach(container -> {
                    container.path("Secrets").forEach(secret -> names.add(secret.path("Name").asText()));
                    container.path("Environment").forEach(variable -> names.add(variable.path("Name").asText()));
                });
        return names;
    }

    @Test
    void eachServiceGetsLocallyTheVariablesOfItsTaskDefinitionInTheSameShapes() throws Exception {
        EnvironmentModel dev = config.environment("dev").orElseThrow();
        Path out = directory.resolve("cdk.out");
        EnvironmentAssembly assembly = new EnvironmentAssembly(dev, out);
        assembly.synthesize();
        JsonNode app = JSON.readTree(out.resolve(assembly.stack("app").getStackName() + ".template.json").toFile());

        for (String service : List.of("web", "api", "ledger")) {
            List<String> cloud = taskDefinitionNames(app, service);
            assertThat(cloud).as(service).isNotEmpty();
            List<String> expected = new ArrayList<>(cloud);
            if (service.equals("api")) {
                expected.addAll(BUCKET_CLIENT);
            }
            assertThat(local(service).keySet()).as(service).containsExactlyInAnyOrderElementsOf(expected);
        }

        Map<String, String> api = local("api");
        JsonNode databaseSecret = JSON.readTree(api.get("DB_SECRET"));
        assertThat(databaseSecret.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyElementsOf(ServiceModel.DatabaseAccess.SECRET_FIELDS);
        assertThat(databaseSecret.path("port").isNumber()).isTrue();
        assertThat(api.get("DATABASE_URL")).startsWith("postgres://api:").endsWith("@localhost:" + database.port() + "/api?sslmode=disable");
        JsonNode cacheSecret = JSON.readTree(api.get("CACHE_SECRET"));
        assertThat(cacheSecret.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyElementsOf(ServiceModel.CacheAccess.SECRET_FIELDS);
        assertThat(cacheSecret.path("tls").asBoolean(true)).isFalse();
        assertThat(local("web").get("REDIS_URL")).isEqualTo(cacheSecret.path("url").asText()).startsWith("redis://:");
        assertThat(api.get("STRIPE_KEY")).isEqualTo("sk_test_local");
        assertThat(api.get("SENTRY_DSN")).isEqualTo(local("ledger").get("SENTRY_DSN")).isEqualTo("https://key@sentry.example/1");
        assertThat(api.get("BUCKET_NAME")).isEqualTo("shop-local-api");

        Map<String, String> ledger = local("ledger");
        assertThat(ledger.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://localhost:" + database.port() + "/ledger?sslmode=disable");
        assertThat(ledger.get("SPRING_DATASOURCE_USERNAME")).isEqualTo("ledger");
        // The same provisioner as on AWS: each role owns its database and cannot reach the other's.
        try (Connection own = DriverManager.getConnection(ledger.get("SPRING_DATASOURCE_URL"), ledger.get("SPRING_DATASOURCE_USERNAME"),
                ledger.get("SPRING_DATASOURCE_PASSWORD"))) {
            own.createStatement().execute("CREATE TABLE IF NOT EXISTS entries (id int)");
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + database.port() + "/ledger", "api",
                databaseSecret.path("password").asText()).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void aSecondStartGivesTheSameSecretAndKeepsThePasswordToItself() {
        assertThat(local("api")).isEqualTo(local("api"));
        assertThat(Files.isRegularFile(directory.resolve("passwords").resolve("api-database"))).isTrue();
        assertThat(directory.resolve("passwords").resolve("api-database").toFile().canRead()).isTrue();
    }

    @Test
    void aDeclaredSecretWithNoLocalValueIsNamedWithTheCommandThatSetsIt() {
        EnvironmentModel model = config.local();
        assertThatThrownBy(() -> LocalVariables.of(model, model.services().named("api").orElseThrow(), sources(Map.of())))
                .isInstanceOf(UsageFailure.class)
                .hasMessage("berth: api needs SENTRY_DSN (shop/local/shared/sentry-dsn), which has no local value yet:"
                        + " berth secret set local shared sentry-dsn");
    }
}
