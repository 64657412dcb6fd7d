package dev.berth.functions.database;

import java.util.List;

/**
 * The SQL part of a service's database as the database resources' function sees it: in Lambda, the SQL function
 * inside the VPC ({@link LambdaDatabaseSql}); in tests, the same handler in the test's JVM.
 */
@FunctionalInterface
public interface DatabaseSql {

    /**
     * Makes what is missing of the service's role and database ({@link DatabaseProvisioner#ensure}).
     *
     * @return what was made or changed, e.g. [role orders, database orders]; empty when nothing was missing
     * @throws RuntimeException when it failed; the message says why, naming the database and never a password
     */
    List<String> ensure(SqlRequest request);
}
