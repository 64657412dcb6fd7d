package dev.berth.functions.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.util.PasswordUtil;

/**
 * Gives a service its own database and login role on the environment's instance, through the master user's
 * connection. Idempotent: what exists is left as it is, and the answer lists only what was made or changed. The role
 * owns its database; no other role but the master may connect to it (the connect privilege every role has by default
 * on a new database is revoked from PUBLIC).
 *
 * <p>The password given is the role's, kept in the service's secret: a role that exists but no longer logs in with
 * it (the secret was replaced, or the instance restored from another's snapshot) gets it set again, so that the
 * secret, which the service reads, stays the truth. Whether it logs in is tried with a connection as the role, since
 * no role but a superuser, which RDS's master is not, can read a password's hash. The password itself never reaches
 * the instance: it stores a SCRAM verifier made here, and a login proves the password without sending it.
 *
 * <p>A database that exists and belongs to another role is refused, never shared: that role's service would keep
 * reading it, and a rename of a service's role would leave the database's objects owned by the old one.
 *
 * <p>On RDS the master user is no superuser: a role it creates is granted to it, since PostgreSQL lets a
 * non-superuser make a role the owner of a database only as a member of that role.
 */
public final class DatabaseProvisioner {

    /** PostgreSQL's SQL state for a login refused for its password (invalid_password). */
    static final String INVALID_PASSWORD = "28P01";

    /** Opens a connection to a database of the instance as a role; the provisioner tries a role's password with it. */
    @FunctionalInterface
    public interface Login {
        Connection connect(String database, String role, String password) throws SQLException;
    }

    /** What one run made or changed. */
    public record Made(boolean role, boolean database, boolean password) {

        public List<String> describe(ServiceDatabase target) {
            List<String> made = new ArrayList<>();
            if (role) {
                made.add("role " + target.role());
            }
            if (database) {
                made.add("database " + target.database());
            }
            if (password) {
                made.add("password of role " + target.role());
            }
            return made;
        }
    }

    private final Connection master;
    private final Login login;

    /**
     * @param master a connection as the instance's master user, in autocommit (CREATE DATABASE runs outside a transaction)
     * @param login how to connect to the same instance as another role
     */
    public DatabaseProvisioner(Connection master, Login login) {
        this.master = master;
        this.login = login;
    }

    /**
     * Makes what is missing of the service's role and database, closes its database to every other role, and sets
     * the role's password when it no longer logs in with {@code password}.
     *
     * @throws IllegalStateException when the database exists and belongs to another role
     */
    public Made ensure(ServiceDatabase target, String password) throws SQLException {
        if (!master.getAutoCommit()) {
            throw new IllegalStateException("the master connection must be in autocommit: CREATE DATABASE runs outside a transaction");
        }
        Optional<String> owner = owner(target.database());
        if (owner.isPresent() && !owner.get().equals(target.role())) {
            throw new IllegalStateException("database " + target.database() + " exists and belongs to role " + owner.get()
                    + ", not " + target.role() + ": a service's database is never shared nor given to another role; keep role "
                    + owner.get() + ", or name another database");
        }
        boolean role = !exists("SELECT 1 FROM pg_roles WHERE rolname = ?", target.role());
        if (role) {
            execute("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?, ?)", target.role(), verifier(password));
            execute("SELECT format('GRANT %I TO CURRENT_USER', ?)", target.role());
        }
        boolean database = owner.isEmpty();
        if (database) {
            execute("SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", target.database(), target.role());
        }
        execute("SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', ?)", target.database());
        execute("SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', ?, ?)", target.database(), target.role());
        boolean passwordSet = !role && !logsIn(target, password);
        if (passwordSet) {
            execute("SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)", target.role(), verifier(password));
        }
        return new Made(role, database, passwordSet);
    }

    /**
     * The password as PostgreSQL stores it, a SCRAM-SHA-256 verifier (salted, hashed), made here: the statement that
     * sets it then holds no password, and the instance never sees it, not even in a log of slow statements.
     */
    private static String verifier(String password) {
        return PasswordUtil.encodeScramSha256(password.toCharArray());
    }

    private Optional<String> owner(String database) throws SQLException {
        try (PreparedStatement statement = master.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        }
    }

    /** Whether the role logs in to its database with the password; any other refusal than the password's is thrown. */
    private boolean logsIn(ServiceDatabase target, String password) throws SQLException {
        try {
            login.connect(target.database(), target.role(), password).close();
            return true;
        } catch (SQLException refused) {
            if (INVALID_PASSWORD.equals(refused.getSQLState())) {
                return false;
            }
            throw refused;
        }
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
     * name or verifier is ever put into SQL by hand.
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
