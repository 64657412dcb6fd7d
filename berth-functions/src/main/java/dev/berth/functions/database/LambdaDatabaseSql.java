package dev.berth.functions.database;

import dev.berth.functions.ClientSettings;
import dev.berth.functions.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The SQL part run by the SQL function ({@link DatabaseSqlHandler}) inside the VPC, invoked synchronously
 * (RequestResponse) through Lambda: the request as its payload, its {@code {"made": [...]}} as the answer, or, when
 * Lambda reports a function error, the error message the function's runtime wrote, thrown.
 */
public final class LambdaDatabaseSql implements DatabaseSql {

    /** The SQL function's name or ARN. */
    public static final String FUNCTION = "SQL_FUNCTION";

    /**
     * Lambda's longest function timeout: Invoke answers when the function ends, and a read that timed out before
     * would be retried by the SDK, running the SQL a second time beside the first.
     */
    static final Duration INVOKE_READ_TIMEOUT = Duration.ofMinutes(15);

    private final LambdaClient lambda;
    private final String function;

    public LambdaDatabaseSql(LambdaClient lambda, String function) {
        this.lambda = lambda;
        this.function = function;
    }

    /**
     * The SQL function named by {@value #FUNCTION}. Without it, only a database resource fails, naming the variable:
     * an environment with a cache and no database has no SQL function.
     */
    static DatabaseSql fromEnvironment(Map<String, String> environment, ClientSettings settings) {
        String function = environment.get(FUNCTION);
        if (function == null || function.isBlank()) {
            return request -> {
                throw new ConfigurationException(FUNCTION, "not set; the platform sets it to the SQL function's name beside a database");
            };
        }
        return new LambdaDatabaseSql(settings.build(LambdaClient.builder(),
                UrlConnectionHttpClient.builder().socketTimeout(INVOKE_READ_TIMEOUT).build()), function);
    }

    @Override
    public List<String> ensure(SqlRequest request) {
        InvokeResponse response;
        try {
            response = lambda.invoke(invoke -> invoke.functionName(function)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(request.json())));
        } catch (SdkException failure) {
            throw new IllegalStateException("could not invoke the SQL function " + function + ": " + failure.getMessage(), failure);
        }
        return answer(response.functionError(), response.payload().asUtf8String());
    }

    /**
     * What the SQL function answered: the list it made, or, when {@code functionError} is set, a failure with the
     * message of the error payload the runtime wrote ({@code {"errorMessage", "errorType", "stackTrace"}}).
     */
    static List<String> answer(String functionError, String payload) {
        if (functionError != null) {
            String message;
            try {
                JsonNode errorMessage = Json.parseObject(payload, "the SQL function's error").get("errorMessage");
                message = errorMessage != null && errorMessage.isString() ? errorMessage.asString() : functionError;
            } catch (IllegalArgumentException unreadable) {
                message = functionError;
            }
            throw new IllegalStateException("the SQL function failed: " + message);
        }
        JsonNode made = Json.parseObject(payload, "the SQL function's answer").get("made");
        if (made == null || !made.isArray() || !made.asArray().stream().allMatch(JsonNode::isString)) {
            throw new IllegalStateException("the SQL function's answer has no list of what it made");
        }
        return made.asArray().stream().map(JsonNode::asString).toList();
    }
}
