package dev.berth.functions.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a service its own database and login role on the environment's instance, through the master user's
 * connection. Idempotent: what exists is left as it is (a role's password included), and the answer lists only what
 * was made. The role owns its database; no other role but the master may connect to it (the connect privilege
 * every role has by default on a new database is revoked from PUBLIC).
 *
 * <p>On RDS the master user is no superuser: a role it creates is granted to it, since PostgreSQL lets a
 * non-superuser make a role the owner of a database only as a member of that role.
 */
public final class DatabaseProvisioner {

    /** What one run made. */
    public record Made(boolean role, boolean database) {

        public List<String> describe(ServiceDatabase target) {
            List<String> made = new ArrayList<>();
            if (role) {
                made.add("role " + target.role());
            }
            if (database) {
                made.add("database " + target.database());
            }
            return made;
        }
    }

    private final Connection master;

    /** @param master a connection as the instance's master user, in autocommit (CREATE DATABASE runs outside a transaction) */
    public DatabaseProvisioner(Connection master) {
        this.master = master;
    }

    /** Makes what is missing of the service's role and database, and closes its database to every other role. */
    public Made ensure(ServiceDatabase target, String password) throws SQLException {
        if (!master.getAutoCommit()) {
            throw new IllegalStateException("the master connection must be in autocommit: CREATE DATABASE runs outside a transaction");
        }
        boolean role = !exists("SELECT 1 FROM pg_roles WHERE rolname = ?", target.role());
        if (role) {
            execute("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?, ?)", target.role(), password);
            execute("SELECT format('GRANT %I TO CURRENT_USER', ?)", target.role());
        }
        boolean database = !exists("SELECT 1 FROM pg_database WHERE datname = ?", target.database());
        if (database) {
            execute("SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", target.database(), target.role());
        }
        execute("SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', ?)", target.database());
        execute("SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', ?, ?)", target.database(), target.role());
        return new Made(role, database);
    }

    private boolean exists(String query, String name) throws SQLException {
        try (PreparedStatement statement = master.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * Runs a statement PostgreSQL itself writes from the values: format's %I quotes a name and %L a literal, so no
     * name or password is ever put into SQL by hand.
     */
    private void execute(String formatQuery, String... values) throws SQLException {
        String sql;
        try (PreparedStatement format = master.prepareStatement(formatQuery)) {
            for (int i = 0; i < values.length; i++) {
                format.setString(i + 1, values[i]);
            }
            try (ResultSet result = format.executeQuery()) {
                result.next();
                sql = result.getString(1);
            }
        }
        try (Statement statement = master.createStatement()) {
            statement.execute(sql);
        }
    }
}
