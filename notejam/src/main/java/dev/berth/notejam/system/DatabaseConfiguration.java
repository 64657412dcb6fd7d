package dev.berth.notejam.system;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where the database is, in order: {@code DB_SECRET} (ECS on AWS), the usual {@code spring.datasource.url},
 * {@code username} and {@code password}, or else an embedded PostgreSQL whose data survives restarts. Decided
 * when the app starts, in one bean, rather than by conditions on beans: Spring's build-time AOT processing
 * evaluates conditions once at build time, and every choice must stay open until the task starts.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Static: a post-processor is made before the beans it processes. */
    @Bean
    static FailFastDataSource.Wrapper failFastDataSource() {
        return new FailFastDataSource.Wrapper();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(Environment environment) throws IOException {
        String secretJson = environment.getProperty("DB_SECRET", "");
        if (!secretJson.isBlank()) {
            DbSecret secret = DbSecret.parse(secretJson);
            log.info("Database from DB_SECRET: {}", secret);
            return pool(secret.jdbcUrl(environment.getProperty("notejam.database.sslmode", "require")),
                    secret.username(), secret.password());
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.isBlank()) {
            log.info("Database from spring.datasource.url");
            return pool(url, environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"));
        }
        Path dataDirectory = Path.of(environment.getProperty("notejam.embedded-postgres.data-directory",
                Path.of(System.getProperty("user.home"), ".notejam", "postgres").toString()));
        int port = environment.getProperty("notejam.embedded-postgres.port", Integer.class, 0);
        return EmbeddedDatabase.start(dataDirectory, port);
    }

    private static HikariDataSource pool(String url, String username, String password) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** The pool of an embedded PostgreSQL that it started, and stops when it is closed (at shutdown). */
    static final class EmbeddedDatabase extends HikariDataSource {

        private final transient EmbeddedPostgres postgres;

        private EmbeddedDatabase(EmbeddedPostgres postgres) {
            this.postgres = postgres;
            setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            setUsername("postgres");
        }

        static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedDatabase(postgres);
        }

        @Override
        public void close() {
            super.close();
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
            }
        }
    }
}
