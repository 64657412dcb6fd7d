package dev.berth.functions.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SQL function, payload in and what it made out, against a real PostgreSQL over TLS. */
@ExtendWith(Postgres.class)
class DatabaseSqlHandlerTest {

    static final String PASSWORD = "InventoryPass4711";

    @Test
    void aPayloadMakesTheServicesDatabaseAndRoleOnce(PostgresServer postgres) throws Exception {
        DatabaseSqlHandler handler = new DatabaseSqlHandler();

        assertThat(handler.handleRequest(payload(postgres, PostgresServer.MASTER_PASSWORD, "inventory"), null))
                .isEqualTo(Map.of("made", List.of("role inventory", "database inventory")));
        assertThat(handler.handleRequest(payload(postgres, PostgresServer.MASTER_PASSWORD, "inventory"), null))
                .as("a second run").isEqualTo(Map.of("made", List.of()));
        try (Connection service = postgres.connect("inventory", "inventory", PASSWORD)) {
            assertThat(service.isValid(2)).isTrue();
        }
    }

    @Test
    void aRefusedMasterPasswordNamesTheDatabaseAndSqlStateAndNoPassword(PostgresServer postgres) {
        String wrong = "WrongMaster0815";

        assertThatThrownBy(() -> new DatabaseSqlHandler().handleRequest(payload(postgres, wrong, "stock"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("could not make database stock (role stock) on 127.0.0.1:" + postgres.port()
                        + ": SQL state 28P01: FATAL: password authentication failed for user \"postgres\"")
                .hasNoCause();
    }

    @Test
    void aPayloadWithoutItsFieldsIsRefusedNamingThem() {
        assertThatThrownBy(() -> new DatabaseSqlHandler().handleRequest(Map.of("host", "db.internal", "port", 5432), null))
                .hasMessage("the SQL function's payload lacks masterUsername, masterPassword, database, role, password; expected"
                        + " [host, port, masterUsername, masterPassword, database, role, password]");
    }

    @Test
    void aMessageThatQuotesAPasswordHasItBlottedOut() {
        SqlRequest request = new SqlRequest(new MasterConnection("db.internal", 5432, "postgres", "Master123"),
                new ServiceDatabase("stock", "stock"), "Service456");

        assertThat(request.redact("rejected Master123 and Service456")).isEqualTo("rejected **** and ****");
        assertThat(request).hasToString("stock (role stock) on postgres@db.internal:5432");
    }

    /** The payload as the Java runtime hands it over: port a number, every other value a string. */
    static Map<String, Object> payload(PostgresServer postgres, String masterPassword, String service) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("host", PostgresServer.HOST);
        payload.put("port", postgres.port());
        payload.put("masterUsername", PostgresServer.MASTER);
        payload.put("masterPassword", masterPassword);
        payload.put("database", service);
        payload.put("role", service);
        payload.put("password", PASSWORD);
        return payload;
    }
}
