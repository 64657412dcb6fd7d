package dev.berth.functions.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.functions.Moto;
import dev.berth.functions.MotoServer;
import dev.berth.functions.PackagedJar;
import dev.berth.functions.TestClients;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The packaged jar holds the database resources' function and the SQL function, and in JVMs of their own they take
 * everything from the environment Lambda sets: the first completes a secret in moto's Secrets Manager and asks
 * Lambda's API (moto's) for the SQL function; the second makes a database on the real PostgreSQL over TLS with the
 * shaded JDBC driver.
 */
@ExtendWith({Moto.class, Postgres.class})
class DatabaseFunctionsJarIT {

    static final String CACHE_HOST = "master.notejam-dev-cache.x1y2z3.euc1.cache.amazonaws.com";

    @Test
    void theResourcesFunctionCompletesASecretAndCallsTheSqlFunctionFromTheEnvironmentAlone(MotoServer moto) throws Exception {
        SecretsManagerClient secrets = new TestClients(moto).secrets();
        String cache = secrets.createSecret(request -> request.name("notejam-dev-cache").secretString("{\"token\":\"Tk4Gq8Lm2Xz7\"}")).arn();
        Map<String, String> lambda = new HashMap<>(PackagedJar.awsEnvironment(moto));

        PackagedJar.Run completed = PackagedJar.run(lambda, List.of(), "cache-secret", cache, CACHE_HOST);

        assertThat(completed.exit()).as(completed.output()).isZero();
        assertThat(completed.output()).contains("answer: {PhysicalResourceId=" + cache + "}");
        assertThat(secrets.getSecretValue(request -> request.secretId(cache)).secretString())
                .isEqualTo("{\"host\":\"" + CACHE_HOST + "\",\"port\":6379,\"token\":\"Tk4Gq8Lm2Xz7\",\"tls\":true,"
                        + "\"url\":\"rediss://:Tk4Gq8Lm2Xz7@" + CACHE_HOST + ":6379\"}");

        String master = secrets.createSecret(request -> request.name("notejam-dev-db-master").secretString(
                "{\"username\":\"postgres\",\"password\":\"MasterPw1\",\"host\":\"db.internal\",\"port\":5432,\"dbname\":\"postgres\",\"engine\":\"postgres\"}")).arn();
        String orders = secrets.createSecret(request -> request.name("notejam-dev-orders-db")
                .secretString("{\"username\":\"orders\",\"password\":\"OrdersPw1\"}")).arn();
        PackagedJar.Run unset = PackagedJar.run(lambda, List.of(), "service-database", master, orders);

        assertThat(unset.exit()).isNotZero();
        assertThat(unset.output()).contains("dev.berth.functions.ConfigurationException: SQL_FUNCTION: not set")
                .doesNotContain("MasterPw1").doesNotContain("OrdersPw1");

        lambda.put(LambdaDatabaseSql.FUNCTION, "notejam-dev-database-sql");
        PackagedJar.Run absent = PackagedJar.run(lambda, List.of(), "service-database", master, orders);

        assertThat(absent.exit()).isNotZero();
        assertThat(absent.output()).as("Lambda's API answered, without such a function")
                .contains("could not invoke the SQL function notejam-dev-database-sql: Function not found")
                .doesNotContain("MasterPw1").doesNotContain("OrdersPw1");
    }

    @Test
    void theSqlFunctionMakesADatabaseFromItsPayloadAlone(PostgresServer postgres) throws Exception {
        PackagedJar.Run sql = PackagedJar.run(Map.of("AWS_REGION", TestClients.REGION.id()), List.of(), "database-sql",
                PostgresServer.HOST, Integer.toString(postgres.port()), PostgresServer.MASTER, PostgresServer.MASTER_PASSWORD,
                "shipping", "shipping", "ShippingPw3Xc7");

        assertThat(sql.exit()).as(sql.output()).isZero();
        assertThat(sql.output()).contains("answer: {made=[role shipping, database shipping]}");
        try (Connection connection = postgres.connect("shipping", "shipping", "ShippingPw3Xc7")) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }
}
