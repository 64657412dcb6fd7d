package dev.berth.functions.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.functions.ClientSettings;
import dev.berth.functions.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the database resources' function sends the SQL function and reads from Lambda's answer. */
class LambdaDatabaseSqlTest {

    @Test
    void thePayloadHoldsEveryFieldItsPortANumber() {
        SqlRequest request = new SqlRequest(new MasterConnection("db.internal", 5432, "postgres", "Ma\"ster\\1"),
                new ServiceDatabase("orders", "orders"), "Orders1");

        assertThat(request.json()).isEqualTo("{\"host\":\"db.internal\",\"port\":5432,\"masterUsername\":\"postgres\","
                + "\"masterPassword\":\"Ma\\\"ster\\\\1\",\"database\":\"orders\",\"role\":\"orders\",\"password\":\"Orders1\"}");
    }

    @Test
    void theAnswerIsWhatWasMadeOrTheFunctionsErrorMessage() {
        assertThat(LambdaDatabaseSql.answer(null, "{\"made\":[\"role orders\",\"database orders\"]}"))
                .containsExactly("role orders", "database orders");
        assertThat(LambdaDatabaseSql.answer(null, "{\"made\":[]}")).isEmpty();
        assertThatThrownBy(() -> LambdaDatabaseSql.answer("Unhandled", "{\"errorMessage\":\"could not make database orders (role orders)"
                + " on db.internal:5432: SQL state 08001: connection refused\",\"errorType\":\"java.lang.IllegalStateException\","
                + "\"stackTrace\":[]}"))
                .hasMessage("the SQL function failed: could not make database orders (role orders) on db.internal:5432: SQL state 08001:"
                        + " connection refused");
        assertThatThrownBy(() -> LambdaDatabaseSql.answer("Unhandled",
                "{\"errorMessage\":\"2026-01-05T10:00:00.000Z 5b1c Task timed out after 90.00 seconds\"}"))
                .as("a timeout, as Lambda reports it").hasMessage("the SQL function failed: 2026-01-05T10:00:00.000Z 5b1c Task timed out after 90.00 seconds");
        assertThatThrownBy(() -> LambdaDatabaseSql.answer(null, "\"Simple Lambda happy path OK\""))
                .hasMessage("the SQL function's answer is not a JSON object");
    }

    @Test
    void withoutItsFunctionOnlyADatabaseFailsNamingTheVariable() {
        DatabaseSql missing = LambdaDatabaseSql.fromEnvironment(Map.of(), ClientSettings.fromEnvironment(Map.of("AWS_REGION", "eu-central-1")));
        SqlRequest request = new SqlRequest(new MasterConnection("db.internal", 5432, "postgres", "x"), new ServiceDatabase("orders", "orders"), "y");

        assertThatThrownBy(() -> missing.ensure(request)).isInstanceOf(ConfigurationException.class)
                .hasMessage("SQL_FUNCTION: not set; the platform sets it to the SQL function's name beside a database");
    }
}
