package dev.berth.functions.database;

import static dev.berth.functions.database.DatabaseResourceHandler.SERVICE_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.functions.Moto;
import dev.berth.functions.MotoServer;
import dev.berth.functions.TestClients;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * Custom::ServiceDatabase from the CDK Provider's events: the secrets in moto's Secrets Manager as CloudFormation
 * makes them (the master secret as RDS writes it, each service's with a generated password), the SQL function in
 * process against a real PostgreSQL over TLS, as RDS's master user. Each test has databases of its own names: the
 * server is the run's.
 */
@ExtendWith({Moto.class, Postgres.class})
class DatabaseResourceHandlerTest {

    static final String READER_HOST = "localhost";
    static final ObjectMapper JSON = new ObjectMapper();

    PostgresServer postgres;
    SecretsManagerClient secrets;
    DatabaseResourceHandler handler;
    /** What each run of the SQL function made, in order. */
    List<List<String>> made = new ArrayList<>();
    String masterSecret;

    @BeforeEach
    void environment(MotoServer moto, PostgresServer server) {
        postgres = server;
        secrets = new TestClients(moto).secrets();
        DatabaseSql inProcess = new InProcessDatabaseSql();
        handler = new DatabaseResourceHandler(secrets, request -> {
            List<String> answer = inProcess.ensure(request);
            made.add(answer);
            return answer;
        });
        masterSecret = masterSecret("notejam-dev-db-master", PostgresServer.MASTER_PASSWORD);
    }

    @Test
    void createMakesEachServicesDatabaseAndCompletesItsSecret() throws Exception {
        String orders = serviceSecret("orders", "OrdersPw7Hq2Lm9Xz4Rt6Vb1");
        String sales = serviceSecret("sales", "SalesPw3Kd8Nf5Wq1Ys7Jc2");

        assertThat(handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "OrdersDatabase", properties(orders, "orders", "orders")), null))
                .isEqualTo(Map.of("PhysicalResourceId", "orders", "Data", Map.of("Database", "orders", "Role", "orders")));
        handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "SalesDatabase", properties(sales, "sales", "sales")), null);

        assertThat(made).containsExactly(List.of("role orders", "database orders"), List.of("role sales", "database sales"));
        JsonNode secret = read(orders);
        assertThat(secret.fieldNames()).toIterable().containsExactly("engine", "host", "port", "dbname", "username", "password", "url",
                "jdbc_url", "reader_host", "reader_url", "reader_jdbc_url");
        int port = postgres.port();
        assertThat(secret.get("engine").asText()).isEqualTo("postgres");
        assertThat(secret.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(secret.get("port").isInt()).as("a number").isTrue();
        assertThat(secret.get("port").asInt()).isEqualTo(port);
        assertThat(secret.get("dbname").asText()).isEqualTo("orders");
        assertThat(secret.get("username").asText()).isEqualTo("orders");
        assertThat(secret.get("password").asText()).as("CloudFormation's").isEqualTo("OrdersPw7Hq2Lm9Xz4Rt6Vb1");
        assertThat(secret.get("url").asText()).isEqualTo("postgres://orders:OrdersPw7Hq2Lm9Xz4Rt6Vb1@127.0.0.1:" + port + "/orders?sslmode=require");
        assertThat(secret.get("jdbc_url").asText()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/orders?sslmode=require");
        assertThat(secret.get("reader_host").asText()).isEqualTo(READER_HOST);
        assertThat(secret.get("reader_url").asText()).isEqualTo("postgres://orders:OrdersPw7Hq2Lm9Xz4Rt6Vb1@localhost:" + port + "/orders?sslmode=require");
        assertThat(secret.get("reader_jdbc_url").asText()).isEqualTo("jdbc:postgresql://localhost:" + port + "/orders?sslmode=require");
        assertThat(URI.create(secret.get("url").asText()).getUserInfo()).isEqualTo("orders:OrdersPw7Hq2Lm9Xz4Rt6Vb1");

        JsonNode salesSecret = read(sales);
        for (String url : List.of("jdbc_url", "reader_jdbc_url")) {
            try (Connection connection = connect(secret, url); Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT current_user || ' in ' || current_database()")).isEqualTo("orders in orders");
            }
        }
        try (Connection connection = connect(salesSecret, "jdbc_url"); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT current_user || ' in ' || current_database()")).isEqualTo("sales in sales");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(salesSecret.get("jdbc_url").asText(), "orders", "OrdersPw7Hq2Lm9Xz4Rt6Vb1").close())
                .as("another service's role").isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database \"sales\"");
    }

    @Test
    void aSecondRunMakesNothingAndWritesNoNewVersion() {
        String invoices = serviceSecret("invoices", "InvoicesPw2Gh6Tk9Qa3Zm8");
        Map<String, String> properties = properties(invoices, "invoices", "invoices");
        handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "InvoicesDatabase", properties), null);
        List<String> versions = versions(invoices);
        String complete = secrets.getSecretValue(request -> request.secretId(invoices)).secretString();

        Map<String, Object> again = handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "InvoicesDatabase", properties), null);
        Map<String, Object> updated = handler.handleRequest(
                ProviderEvents.update(SERVICE_DATABASE, "InvoicesDatabase", "invoices", properties, properties), null);

        assertThat(made).containsExactly(List.of("role invoices", "database invoices"), List.of(), List.of());
        assertThat(versions).as("CloudFormation's and the complete one").hasSize(2);
        assertThat(versions(invoices)).isEqualTo(versions);
        assertThat(secrets.getSecretValue(request -> request.secretId(invoices)).secretString()).isEqualTo(complete);
        assertThat(again).isEqualTo(updated).containsEntry("PhysicalResourceId", "invoices");
    }

    @Test
    void aRenameIsRefusedChangesNothingAndItsRollbackPasses() throws Exception {
        String billing = serviceSecret("billing", "BillingPw5Rt8Yu1Io4Pa7");
        Map<String, String> properties = properties(billing, "billing", "billing");
        handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "BillingDatabase", properties), null);
        List<String> versions = versions(billing);
        Map<String, String> renamed = properties(billing, "payments", "billing");

        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.update(SERVICE_DATABASE, "BillingDatabase", "billing", renamed, properties), null))
                .hasMessage("the database of a service is never renamed (billing → payments): its data would stay behind under the"
                        + " old name; keep database.name: billing, or make a new service");
        // CloudFormation's rollback: the old properties as the new ones, the refused ones as the old.
        handler.handleRequest(ProviderEvents.update(SERVICE_DATABASE, "BillingDatabase", "billing", properties, renamed), null);

        Map<String, String> newRole = properties(billing, "billing", "billing_v2");
        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.update(SERVICE_DATABASE, "BillingDatabase", "billing", newRole, properties), null))
                .hasMessage("the SQL function failed: database billing exists and belongs to role billing, not billing_v2: a service's"
                        + " database is never shared nor given to another role; keep role billing, or name another database");
        handler.handleRequest(ProviderEvents.update(SERVICE_DATABASE, "BillingDatabase", "billing", properties, newRole), null);

        assertThat(made).containsExactly(List.of("role billing", "database billing"), List.of(), List.of());
        try (Connection master = postgres.master(); Statement statement = master.createStatement()) {
            assertThat(single(statement, "SELECT count(*)::text FROM pg_database WHERE datname = 'payments'")).isEqualTo("0");
            assertThat(single(statement, "SELECT count(*)::text FROM pg_roles WHERE rolname = 'billing_v2'")).isEqualTo("0");
        }
        assertThat(versions(billing)).isEqualTo(versions);
    }

    @Test
    void deleteLeavesTheDatabaseAndItsData() throws Exception {
        String archive = serviceSecret("archive", "ArchivePw9Lk2Jh5Gf8Ds1");
        Map<String, String> properties = properties(archive, "archive", "archive");
        handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "ArchiveDatabase", properties), null);
        JsonNode secret = read(archive);
        try (Connection connection = connect(secret, "jdbc_url"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE documents (id bigint PRIMARY KEY, title text)");
            statement.execute("INSERT INTO documents VALUES (1, 'kept')");
        }
        List<String> versions = versions(archive);

        assertThat(handler.handleRequest(ProviderEvents.delete(SERVICE_DATABASE, "ArchiveDatabase", "archive", properties), null))
                .isEqualTo(Map.of("PhysicalResourceId", "archive"));

        assertThat(made).hasSize(1);
        try (Connection connection = connect(secret, "jdbc_url"); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT title FROM documents WHERE id = 1")).isEqualTo("kept");
        }
        assertThat(versions(archive)).isEqualTo(versions);
    }

    @Test
    void aFailureSaysWhyAndNeverShowsAPassword() {
        String wrongMaster = "WrongMasterPw4Bn7Mv2Cx5";
        String secure = serviceSecret("secure", "SecurePw6Df3Gh8Jk1Lz4");
        Map<String, String> properties = properties(secure, "secure", "secure");
        properties.put("MasterSecretArn", masterSecret("notejam-dev-db-master-restored", wrongMaster));

        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "SecureDatabase", properties), null))
                .hasMessage("the SQL function failed: could not make database secure (role secure) on 127.0.0.1:" + postgres.port()
                        + ": SQL state 28P01: FATAL: password authentication failed for user \"postgres\"")
                .message().doesNotContain(wrongMaster).doesNotContain("SecurePw6Df3Gh8Jk1Lz4");
        assertThat(versions(secure)).as("the secret is as CloudFormation made it").hasSize(1);

        String notJson = secrets.createSecret(request -> request.name("notejam-dev-plain").secretString("password=PlainPw1Qw2Er3")).arn();
        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "PlainDatabase",
                properties(notJson, "plain", "plain")), null))
                .hasMessage("the service's secret " + notJson + " is not JSON");
    }

    @Test
    void anUnknownTypeOrAMissingPropertyIsRefusedNamingIt() {
        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create("Custom::Queue", "Jobs", Map.of()), null))
                .hasMessage("Jobs: resource type Custom::Queue is none of this function's (Custom::ServiceDatabase, Custom::CacheSecret)");
        Map<String, String> properties = properties("arn:aws:secretsmanager:eu-central-1:123456789012:secret:x", "orders", "orders");
        properties.remove("ReaderHost");
        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "OrdersDatabase", properties), null))
                .hasMessage("OrdersDatabase (Custom::ServiceDatabase): property ReaderHost is missing");
        Map<String, String> gone = properties(serviceSecret("orders", "OrdersPw7Hq2Lm9Xz4Rt6Vb1"), "orders", "orders");
        gone.put("MasterSecretArn", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:notejam-dev-db-master-AbCdEf");
        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create(SERVICE_DATABASE, "OrdersDatabase", gone), null))
                .hasMessageStartingWith("could not read the master secret arn:aws:secretsmanager:eu-central-1:123456789012:secret:"
                        + "notejam-dev-db-master-AbCdEf: Secrets Manager can't find the specified secret.");
        assertThat(made).isEmpty();
    }

    /** The master secret as RDS writes it for the instance. */
    private String masterSecret(String name, String password) {
        String json = "{\"username\":\"" + PostgresServer.MASTER + "\",\"password\":\"" + password + "\",\"host\":\"" + PostgresServer.HOST
                + "\",\"port\":" + postgres.port() + ",\"dbname\":\"postgres\",\"engine\":\"postgres\"}";
        return secrets.createSecret(request -> request.name(name).secretString(json)).arn();
    }

    /** A service's secret as CloudFormation generates it: the role's name and a password of letters and digits. */
    private String serviceSecret(String role, String password) {
        return secrets.createSecret(request -> request.name("notejam-dev-" + role + "-db")
                .secretString("{\"username\":\"" + role + "\",\"password\":\"" + password + "\"}")).arn();
    }

    private Map<String, String> properties(String secretArn, String database, String role) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("MasterSecretArn", masterSecret);
        properties.put("SecretArn", secretArn);
        properties.put("Database", database);
        properties.put("Role", role);
        properties.put("ReaderHost", READER_HOST);
        return properties;
    }

    private JsonNode read(String secretArn) throws Exception {
        return JSON.readTree(secrets.getSecretValue(request -> request.secretId(secretArn)).secretString());
    }

    private List<String> versions(String secretArn) {
        return secrets.listSecretVersionIds(request -> request.secretId(secretArn)).versions().stream()
                .map(SecretVersionsListEntry::versionId).sorted().toList();
    }

    private static Connection connect(JsonNode secret, String url) throws SQLException {
        return DriverManager.getConnection(secret.get(url).asText(), secret.get("username").asText(), secret.get("password").asText());
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }
}
