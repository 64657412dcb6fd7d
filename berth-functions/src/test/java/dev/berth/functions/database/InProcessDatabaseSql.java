package dev.berth.functions.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL function run in the test's JVM as Lambda would run it, all but the Invoke call: the request's payload as
 * {@link LambdaDatabaseSql} sends it, read into maps as the Java runtime reads it (with Jackson), the handler's answer,
 * or its failure as the runtime's error payload with a function error, written back as JSON and read by
 * {@link LambdaDatabaseSql#answer}.
 */
final class InProcessDatabaseSql implements DatabaseSql {

    private static final ObjectMapper RUNTIME = new ObjectMapper();

    private final DatabaseSqlHandler handler = new DatabaseSqlHandler();

    @Override
    public List<String> ensure(SqlRequest request) {
        try {
            Map<String, Object> payload = RUNTIME.readValue(request.json(), new TypeReference<>() {});
            String functionError = null;
            Object answer;
            try {
                answer = handler.handleRequest(payload, null);
            } catch (RuntimeException failure) {
                functionError = "Unhandled";
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorMessage", failure.getMessage());
                error.put("errorType", failure.getClass().getName());
                error.put("stackTrace", List.of());
                answer = error;
            }
            return LambdaDatabaseSql.answer(functionError, RUNTIME.writeValueAsString(answer));
        } catch (JsonProcessingException malformed) {
            throw new UncheckedIOException(malformed);
        }
    }
}
