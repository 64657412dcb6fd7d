package dev.berth.functions.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A database and a role per service on a real PostgreSQL, as RDS's master user (no superuser) makes them. */
@ExtendWith(Postgres.class)
class DatabaseProvisionerTest {

    static final ServiceDatabase WEB = new ServiceDatabase("web", "web");
    static final ServiceDatabase API = new ServiceDatabase("api", "api_user");

    PostgresServer postgres;

    @BeforeEach
    void server(PostgresServer server) {
        postgres = server;
    }

    @Test
    void eachServiceGetsItsOwnDatabaseAndRoleOnceAndNoOtherRoleGetsIn() throws Exception {
        try (Connection master = postgres.master(); Statement statement = master.createStatement()) {
            assertThat(single(statement, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).as("RDS's master").isEqualTo("false");
            DatabaseProvisioner provisioner = new DatabaseProvisioner(master, postgres::connect);

            assertThat(provisioner.ensure(WEB, "web-pass-1").describe(WEB)).containsExactly("role web", "database web");
            assertThat(provisioner.ensure(API, "api-pass-1").describe(API)).containsExactly("role api_user", "database api");
            assertThat(provisioner.ensure(WEB, "web-pass-1").describe(WEB)).as("a second run makes nothing").isEmpty();
        }

        try (Connection web = postgres.connect("web", "web", "web-pass-1"); Statement statement = web.createStatement()) {
            statement.execute("CREATE TABLE notes (id bigint PRIMARY KEY, name text)");
            statement.execute("INSERT INTO notes VALUES (1, 'owned')");
            assertThat(single(statement, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                    .as("the role owns its database").isEqualTo("web");
        }
        assertThatThrownBy(() -> postgres.connect("web", "api_user", "api-pass-1").close())
                .as("another service's role").isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database \"web\"");
        assertThatThrownBy(() -> postgres.connect("api", "web", "web-pass-1").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database \"api\"");
        try (Connection api = postgres.connect("api", "api_user", "api-pass-1"); Statement statement = api.createStatement()) {
            assertThat(single(statement, "SELECT current_user")).isEqualTo("api_user");
        }
    }

    @Test
    void aRoleThatNoLongerLogsInWithItsSecretsPasswordGetsItBack() throws Exception {
        ServiceDatabase shop = new ServiceDatabase("shop", "shop");
        try (Connection master = postgres.master()) {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(master, postgres::connect);
            provisioner.ensure(shop, "shop-pass-1");

            assertThat(provisioner.ensure(shop, "shop-pass-2").describe(shop)).containsExactly("password of role shop");
            assertThat(provisioner.ensure(shop, "shop-pass-2").describe(shop)).as("it logs in now: nothing to change").isEmpty();
        }
        try (Connection connection = postgres.connect("shop", "shop", "shop-pass-2")) {
            assertThat(connection.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> postgres.connect("shop", "shop", "shop-pass-1").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed for user \"shop\"");
    }

    @Test
    void aPasswordNeverReachesTheInstanceNorItsLog() throws Exception {
        ServiceDatabase vault = new ServiceDatabase("vault", "vault");
        try (Connection master = postgres.master()) {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(master, postgres::connect);
            provisioner.ensure(vault, "VaultPw1Zq8Wm3");
            provisioner.ensure(vault, "VaultPw2Lx5Rd9");
        }

        assertThat(postgres.log()).contains("CREATE ROLE vault LOGIN PASSWORD 'SCRAM-SHA-256$4096:")
                .contains("ALTER ROLE vault PASSWORD 'SCRAM-SHA-256$4096:")
                .doesNotContain("VaultPw1Zq8Wm3").doesNotContain("VaultPw2Lx5Rd9");
        try (Connection connection = postgres.connect("vault", "vault", "VaultPw2Lx5Rd9")) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @Test
    void aDatabaseOfAnotherRoleIsNeitherSharedNorGivenAway() throws Exception {
        ServiceDatabase taken = new ServiceDatabase("ledger", "ledger");
        ServiceDatabase intruder = new ServiceDatabase("ledger", "ledger_v2");
        try (Connection master = postgres.master(); Statement statement = master.createStatement()) {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(master, postgres::connect);
            provisioner.ensure(taken, "ledger-pass-1");

            assertThatThrownBy(() -> provisioner.ensure(intruder, "ledger-pass-2")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("database ledger exists and belongs to role ledger, not ledger_v2: a service's database is never"
                            + " shared nor given to another role; keep role ledger, or name another database");
            assertThat(single(statement, "SELECT count(*)::text FROM pg_roles WHERE rolname = 'ledger_v2'")).as("nothing made").isEqualTo("0");
        }
    }

    @Test
    void namesAreQuotedByPostgresqlAndRefusedWhenTheyAreNoPlainName() throws Exception {
        ServiceDatabase odd = new ServiceDatabase("select", "user_1");
        try (Connection master = postgres.master()) {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(master, postgres::connect);
            assertThat(provisioner.ensure(odd, "it's; DROP ROLE postgres; --").describe(odd))
                    .containsExactly("role user_1", "database select");
            assertThat(provisioner.ensure(odd, "it's \"new\"; --").describe(odd)).containsExactly("password of role user_1");
        }
        try (Connection connection = postgres.connect("select", "user_1", "it's \"new\"; --")) {
            assertThat(connection.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> new ServiceDatabase("Web-DB", "web"))
                .hasMessage("database: expected a lowercase PostgreSQL name (a-z, 0-9, _; at most 63; not starting with pg_); got 'Web-DB'");
        assertThatThrownBy(() -> new ServiceDatabase("web", "pg_web")).hasMessageStartingWith("role: expected");
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }
}
