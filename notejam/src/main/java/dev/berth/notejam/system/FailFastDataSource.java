package dev.berth.notejam.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The pool behind a short circuit breaker: once asking it for a connection has timed out, requests in the next
 * {@link #OPEN_FOR} fail at once instead of each waiting the pool's 1.5 s again. One request that touches the
 * database several times (the session load, the page, the session save) is so answered within 2 s in all, and
 * an outage does not pile waiting requests up. The readiness check, which asks the database directly, closes
 * the circuit as soon as the database answers again.
 */
final class FailFastDataSource extends DelegatingDataSource implements AutoCloseable {

    static final Duration OPEN_FOR = Duration.ofSeconds(2);

    private final AtomicLong openUntil = new AtomicLong();

    FailFastDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (System.nanoTime() - openUntil.get() < 0) {
            throw new SQLTransientConnectionException("the database was unreachable a moment ago; not waiting again");
        }
        try {
            return super.getConnection();
        } catch (SQLTransientConnectionException unreachable) {
            openUntil.set(System.nanoTime() + OPEN_FOR.toNanos());
            throw unreachable;
        }
    }

    /** Closes the pool (and the embedded database it may have started) when the context shuts down. */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    /** The database answered again (the readiness check saw it): stop failing fast. */
    void reachable() {
        openUntil.set(System.nanoTime());
    }

    /** Wraps whichever pool the configuration made (DB_SECRET, spring.datasource.*, embedded). */
    static final class Wrapper implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof com.zaxxer.hikari.HikariDataSource pool ? new FailFastDataSource(pool) : bean;
        }
    }
}
