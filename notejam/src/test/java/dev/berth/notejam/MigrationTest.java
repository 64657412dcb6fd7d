package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Several tasks starting at once migrate one database safely: Flyway serializes them with a PostgreSQL advisory lock. */
class MigrationTest extends AcceptanceTest {

    /** The app's own pool, on the embedded PostgreSQL, as its superuser. */
    @Autowired
    DataSource app;

    @Test
    void fourTasksMigratingAnEmptyDatabaseAtOnce() throws Exception {
        JdbcClient admin = JdbcClient.create(app);
        admin.sql("CREATE DATABASE migration_race").update();
        String url = app.unwrap(HikariDataSource.class).getJdbcUrl().replaceFirst("/postgres(\\?|$)", "/migration_race$1");
        DataSource database = new DriverManagerDataSource(url, "postgres", "");
        int tasks = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks)) {
            for (int i = 0; i < tasks; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
                }));
            }
            start.countDown();
            int applied = 0;
            for (Future<MigrateResult> result : results) {
                assertThat(result.get().success).isTrue();
                applied += result.get().migrationsExecuted;
            }
            assertThat(applied).as("each migration ran exactly once across all tasks").isEqualTo(3);
        }
        JdbcClient jdbc = JdbcClient.create(database);
        assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                .query(String.class).list()).containsExactly("1", "2", "3");
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                + " ('users', 'pads', 'notes', 'password_reset_tokens', 'spring_session')").query(Integer.class).single())
                .isEqualTo(5);
    }
}
