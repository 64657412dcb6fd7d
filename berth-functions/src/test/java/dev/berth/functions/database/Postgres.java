package dev.berth.functions.database;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link PostgresServer}: one for the whole run, stopped when the run ends however the tests ended.
 * Tests share it, each with databases and roles of its own names. Without Debian's server (or openssl, which comes
 * with it) the tests are skipped and say why.
 */
final class Postgres implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Postgres.class);

    /** Each test, not the class, is skipped without the server, so that reports count and name every one. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(PostgresServer.available(), "this test needs Debian's PostgreSQL 15 server and openssl"
                + " (apt-get install postgresql-15)");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PostgresServer.class, type -> {
            try {
                return PostgresServer.start();
            } catch (Exception failure) {
                throw new IllegalStateException("could not start PostgreSQL", failure);
            }
        }, PostgresServer.class);
    }
}
