package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.platform.EnvironmentAssembly;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth up's contract: a service gets locally the variables its task definition has on AWS, by the same names, each
 * valued from a local database secret of the same shape, made by the same provisioner on a real PostgreSQL.
 */
class LocalVariablesTest {

    static final String YAML = """
            project: shop
            region: eu-central-1
            services:
              - name: web
                image: {repository: shop/web}
                database: {env: {DATABASE_URL: url}}
                env: {NODE_ENV: production}
              - name: orders
                image: {repository: shop/orders}
                path: /orders/*
                database:
                  name: orders_db
                  env: {SPRING_DATASOURCE_URL: jdbc_url, SPRING_DATASOURCE_USERNAME: username, SPRING_DATASOURCE_PASSWORD: password}
                env: {SPRING_PROFILES_ACTIVE: cloud}
              - name: cart
                image: {repository: shop/cart}
                path: /cart/*
                cache: true
            cache: redis
            environments:
              dev: {}
            """;

    @TempDir
    static Path directory;
    static EnvironmentModel model;
    static LocalDatabase database;

    @BeforeAll
    static void start() throws Exception {
        model = BerthYaml.parse(Path.of("berth.yaml"), new StringReader(YAML)).environment("dev").orElseThrow();
        database = LocalDatabase.start(directory.resolve("postgres"), directory.resolve("secrets"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    static ServiceModel service(String name) {
        return model.services().named(name).orElseThrow();
    }

    static Map<String, String> local(String service) throws SQLException {
        ServiceModel model = service(service);
        return LocalVariables.of(model, LocalVariablesTest.model.services().sharedSecrets(),
                database.serviceSecret(model.name(), model.database().orElseThrow().databaseName()));
    }

    /** The names a container of the synthesized app stack receives, secret and plain, but Berth's public URL. */
    static List<String> taskDefinitionNames(JsonNode app, String service) {
        List<String> names = new ArrayList<>();
        app.path("Resources").properties().stream()
                .filter(resource -> resource.getValue().path("Type").asText().equals("AWS::ECS::TaskDefinition")
                        && resource.getKey().startsWith(service))
                .map(resource -> resource.getValue().path("Properties").path("ContainerDefinitions").get(0))
                .forEach(container -> {
                    container.path("Secrets").forEach(secret -> names.add(secret.path("Name").asText()));
                    container.path("Environment").forEach(variable -> names.add(variable.path("Name").asText()));
                });
        names.remove("BERTH_PUBLIC_URL");
        return names;
    }

    @Test
    void eachServiceGetsLocallyTheVariablesOfItsTaskDefinitionValuedFromItsOwnDatabase() throws Exception {
        Path out = directory.resolve("cdk.out");
        EnvironmentAssembly assembly = new EnvironmentAssembly(model, out);
        assembly.synthesize();
        JsonNode app = new ObjectMapper().readTree(out.resolve(assembly.stack("app").getStackName() + ".template.json").toFile());

        Map<String, String> orders = local("orders");
        assertThat(orders.keySet()).containsExactlyInAnyOrderElementsOf(taskDefinitionNames(app, "Orders"));
        assertThat(orders.get("SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://localhost:" + database.port() + "/orders_db?sslmode=disable");
        assertThat(orders.get("SPRING_DATASOURCE_USERNAME")).isEqualTo("orders_db");
        assertThat(orders.get("SPRING_PROFILES_ACTIVE")).isEqualTo("cloud");
        JsonNode secret = new ObjectMapper().readTree(orders.get("DB_SECRET"));
        assertThat(secret.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyElementsOf(ServiceModel.DatabaseAccess.SECRET_FIELDS);
        assertThat(secret.path("port").isNumber()).isTrue();

        Map<String, String> web = local("web");
        assertThat(web.keySet()).containsExactlyInAnyOrderElementsOf(taskDefinitionNames(app, "Web"));
        assertThat(web.get("DATABASE_URL")).startsWith("postgres://web:").endsWith("@localhost:" + database.port() + "/web?sslmode=disable");

        // The same provisioner as on AWS: each role owns its database and cannot reach the other's.
        try (Connection own = DriverManager.getConnection(orders.get("SPRING_DATASOURCE_URL"), orders.get("SPRING_DATASOURCE_USERNAME"),
                orders.get("SPRING_DATASOURCE_PASSWORD"))) {
            own.createStatement().execute("CREATE TABLE orders (id int)");
        }
        String webPassword = new ObjectMapper().readTree(web.get("DB_SECRET")).path("password").asText();
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + database.port() + "/orders_db", "web",
                webPassword).close()).isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
    }

    @Test
    void aSecondStartGivesTheSameSecretAndKeepsThePasswordToItself() throws Exception {
        assertThat(local("web")).isEqualTo(local("web"));
        Path password = directory.resolve("secrets").resolve("web-database");
        assertThat(Files.getPosixFilePermissions(password)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void whatTheLocalRunCannotGiveYetIsSaidByName() {
        assertThatThrownBy(() -> LocalVariables.of(service("cart"), List.of(), null)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cart needs CACHE_SECRET (cache), which berth up does not give yet: only a service's database runs locally");
    }
}
