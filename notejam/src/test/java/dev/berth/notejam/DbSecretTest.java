package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.notejam.system.DbSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** DB_SECRET, the JSON ECS injects from Secrets Manager, is where the app finds its database on AWS. */
@ExtendWith(OutputCaptureExtension.class)
class DbSecretTest {

    @Test
    void parsesTheRdsSecretJson() {
        DbSecret secret = DbSecret.parse("""
                {"username":"berth","password":"p@ss w0rd","host":"db.abc.eu-central-1.rds.amazonaws.com",
                 "port":5432,"dbname":"notejam","engine":"postgres","dbInstanceIdentifier":"notejam-dev"}""");
        assertThat(secret.jdbcUrl("require"))
                .isEqualTo("jdbc:postgresql://db.abc.eu-central-1.rds.amazonaws.com:5432/notejam?sslmode=require");
        assertThat(secret.username()).isEqualTo("berth");
        assertThat(secret.toString()).doesNotContain("p@ss");
    }

    @Test
    void namesWhatIsMissingButNeverAValue() {
        assertThatThrownBy(() -> DbSecret.parse("{\"username\":\"berth\",\"password\":\"hunter22\"}"))
                .hasMessage("DB_SECRET lacks host");
        assertThatThrownBy(() -> DbSecret.parse("hunter22")).hasMessage("DB_SECRET is not JSON");
    }

    @Test
    void theAppRunsOnTheDatabaseOfDbSecret(CapturedOutput output) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("notejam-dbsecret-pg")).start()) {
            JdbcClient.create(postgres.getPostgresDatabase()).sql("CREATE USER app PASSWORD 'Secr3t-value'").update();
            JdbcClient.create(postgres.getPostgresDatabase()).sql("CREATE DATABASE appdb OWNER app").update();
            String secret = "{\"username\":\"app\",\"password\":\"Secr3t-value\",\"host\":\"localhost\",\"port\":"
                    + postgres.getPort() + ",\"dbname\":\"appdb\"}";
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(NotejamApplication.class)
                    .run("--DB_SECRET=" + secret, "--notejam.database.sslmode=disable", "--server.port=0")) {
                JdbcClient jdbc = JdbcClient.create(app.getBean(javax.sql.DataSource.class));
                assertThat(jdbc.sql("SELECT current_database() || ' as ' || current_user").query(String.class).single())
                        .isEqualTo("appdb as app");
                assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single())
                        .isEqualTo(3);
            }
        }
        assertThat(output.getAll()).contains("Database from DB_SECRET").doesNotContain("Secr3t-value");
    }
}
