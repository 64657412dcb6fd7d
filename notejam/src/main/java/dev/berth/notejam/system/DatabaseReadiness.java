package dev.berth.notejam.system;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness as the database's reachability, asked on a connection of its own rather than the pool's: the pool
 * gives up on a dead database within 1.5 s, but after an outage it waits up to 5 s between attempts to reconnect
 * (HikariCP's back-off), so a pooled check would report the database's return late. One short connection per
 * probe (the load balancer's every 10 s) costs the database nothing.
 */
@Component("database")
class DatabaseReadiness implements HealthIndicator {

    static final int TIMEOUT_SECONDS = 2;

    private final String url;
    /** The pool's driver properties and credentials, with short timeouts: the same connection, made directly. */
    private final Properties connection = new Properties();
    private final FailFastDataSource circuit;

    DatabaseReadiness(DataSource dataSource) throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        this.url = pool.getJdbcUrl();
        connection.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            connection.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            connection.setProperty("password", pool.getPassword());
        }
        for (String timeout : new String[] {"connectTimeout", "socketTimeout", "loginTimeout"}) {
            connection.setProperty(timeout, Integer.toString(TIMEOUT_SECONDS));
        }
        this.circuit = dataSource.isWrapperFor(FailFastDataSource.class) ? dataSource.unwrap(FailFastDataSource.class) : null;
    }

    @Override
    public Health health() {
        try (Connection connection = DriverManager.getConnection(url, this.connection)) {
            if (!connection.isValid(TIMEOUT_SECONDS)) {
                return Health.down().withDetail("error", "not valid").build();
            }
            if (circuit != null) {
                circuit.reachable();
            }
            return Health.up().build();
        } catch (SQLException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName() + ": SQLSTATE " + e.getSQLState()).build();
        }
    }
}
