package dev.berth.functions.database;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service's own database on the environment's PostgreSQL instance, and the login role that owns it.
 *
 * @param database the database's name
 * @param role the login role's name
 */
public record ServiceDatabase(String database, String role) {

    /** Unquoted PostgreSQL identifiers Berth makes: lowercase, at most 63 bytes, not starting with pg_. */
    private static final Pattern NAME = Pattern.compile("(?!pg_)[a-z_][a-z0-9_]{0,62}");

    public ServiceDatabase {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(role, "role");
        check("database", database);
        check("role", role);
    }

    private static void check(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + ": expected a lowercase PostgreSQL name (a-z, 0-9, _; at most 63;"
                    + " not starting with pg_); got '" + name + "'");
        }
    }
}
