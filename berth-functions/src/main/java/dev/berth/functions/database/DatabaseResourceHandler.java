package dev.berth.functions.database;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.berth.functions.ClientSettings;
import dev.berth.functions.database.CustomResourceEvent.RequestType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The onEvent function of the CDK Provider behind two custom resources, run outside the VPC, where it reaches Secrets
 * Manager and invokes the SQL function inside it; the master secret never reaches a task.
 *
 * <p>{@value #SERVICE_DATABASE} ({@code MasterSecretArn}, {@code SecretArn}, {@code Database}, {@code Role},
 * {@code ReaderHost}): on Create and Update, the SQL function makes what is missing of the service's database and role,
 * with the password CloudFormation generated in the service's secret; the secret is then completed
 * ({@link ServiceSecret}). Its physical id is the database's name; a rename is refused, since the data would stay behind
 * under the old name. On Delete the database and its data are retained.
 *
 * <p>{@value #CACHE_SECRET} ({@code SecretArn}, {@code Host}, {@code Port}, {@code Tls}): on Create and Update, the
 * secret holding the generated token is completed ({@link CacheSecret}). Its physical id is the secret's ARN. On
 * Delete nothing happens.
 *
 * <p>A secret is written only when its JSON differs from what is stored: a second run makes no new version. A failure
 * is thrown; its message, CloudFormation's reason, never holds a password.
 */
public final class DatabaseResourceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String SERVICE_DATABASE = "Custom::ServiceDatabase";
    public static final String CACHE_SECRET = "Custom::CacheSecret";

    private final SecretsManagerClient secrets;
    private final DatabaseSql sql;

    /** Lambda's: the clients from the environment, the SQL function named by {@value LambdaDatabaseSql#FUNCTION}. */
    public DatabaseResourceHandler() {
        ClientSettings settings = ClientSettings.fromEnvironment(System.getenv());
        this(settings.build(SecretsManagerClient.builder(), UrlConnectionHttpClient.create()),
                LambdaDatabaseSql.fromEnvironment(System.getenv(), settings));
    }

    public DatabaseResourceHandler(SecretsManagerClient secrets, DatabaseSql sql) {
        this.secrets = secrets;
        this.sql = sql;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        CustomResourceEvent event = CustomResourceEvent.from(input);
        return switch (event.resourceType()) {
            case SERVICE_DATABASE -> serviceDatabase(event);
            case CACHE_SECRET -> cacheSecret(event);
            default -> throw new IllegalArgumentException(event.logicalResourceId() + ": resource type " + event.resourceType()
                    + " is none of this function's (" + SERVICE_DATABASE + ", " + CACHE_SECRET + ")");
        };
    }

    private Map<String, Object> serviceDatabase(CustomResourceEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            log(event, "database " + event.physicalResourceId() + " and its data are retained: a removed service's database"
                    + " is never dropped by a deploy (drop it by hand once it is no longer wanted)");
            return answer(event.physicalResourceId(), Map.of());
        }
        ServiceDatabase target = new ServiceDatabase(event.property("Database"), event.property("Role"));
        String masterArn = event.property("MasterSecretArn");
        String secretArn = event.property("SecretArn");
        String readerHost = event.property("ReaderHost");
        // Against the physical id, not the old properties: when an update fails, CloudFormation's rollback sends the
        // old name back as the new one, and that update must pass. A renamed role is refused by the provisioner, which
        // finds the database owned by the old one.
        if (event.requestType() == RequestType.UPDATE && !target.database().equals(event.physicalResourceId())) {
            throw new IllegalArgumentException("the database of a service is never renamed (" + event.physicalResourceId() + " → "
                    + target.database() + "): its data would stay behind under the old name; keep database.name: "
                    + event.physicalResourceId() + ", or make a new service");
        }
        MasterConnection master = MasterConnection.fromSecret(read(masterArn, "the master secret").text(), "the master secret " + masterArn);
        Secret stored = read(secretArn, "the service's secret");
        String password = Json.text(stored.fields(), "password", "the service's secret " + secretArn);

        List<String> made = ensure(new SqlRequest(master, target, password));
        ServiceSecret complete = new ServiceSecret(master.host(), master.port(), target, password, readerHost,
                ServiceSecret.TLS_REQUIRED);
        boolean written = write(secretArn, stored, complete.json());

        log(event, target.database() + " (role " + target.role() + "): " + (made.isEmpty() ? "nothing to make" : "made " + String.join(", ", made))
                + "; secret " + (written ? "written" : "already complete") + ": " + complete);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("Database", target.database());
        data.put("Role", target.role());
        return answer(target.database(), data);
    }

    /** The SQL function keeps passwords out of its messages; this keeps them out whatever else failed on the way. */
    private List<String> ensure(SqlRequest request) {
        try {
            return sql.ensure(request);
        } catch (RuntimeException failure) {
            String message = String.valueOf(failure.getMessage());
            String redacted = request.redact(message);
            throw redacted.equals(message) ? failure : new IllegalStateException(redacted);
        }
    }

    private Map<String, Object> cacheSecret(CustomResourceEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            log(event, "nothing to do: the secret is CloudFormation's");
            return answer(event.physicalResourceId(), Map.of());
        }
        String secretArn = event.property("SecretArn");
        String host = event.property("Host");
        int port = TcpPort.parse(event.property("Port"), event.logicalResourceId() + " (" + CACHE_SECRET + ")");
        boolean tls = tls(event);
        Secret stored = read(secretArn, "the cache's secret");
        CacheSecret complete = new CacheSecret(host, port, Json.text(stored.fields(), "token", "the cache's secret " + secretArn), tls);
        boolean written = write(secretArn, stored, complete.json());
        log(event, "secret " + (written ? "written" : "already complete") + ": " + complete);
        return answer(secretArn, Map.of());
    }

    private static boolean tls(CustomResourceEvent event) {
        return switch (event.property("Tls")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(event.logicalResourceId() + " (" + CACHE_SECRET + "): property Tls is "
                    + event.property("Tls") + "; expected true or false");
        };
    }

    /** A secret's text as stored, and its fields. */
    private record Secret(String text, Map<String, JsonNode> fields) {}

    private Secret read(String arn, String what) {
        GetSecretValueResponse value;
        try {
            value = secrets.getSecretValue(request -> request.secretId(arn));
        } catch (SdkException failure) {
            // Secrets Manager's message names neither the secret nor which of them
            throw new IllegalStateException("could not read " + what + " " + arn + ": " + failure.getMessage(), failure);
        }
        if (value.secretString() == null) {
            throw new IllegalArgumentException(what + " " + arn + " holds no text");
        }
        return new Secret(value.secretString(), Json.parseObject(value.secretString(), what + " " + arn));
    }

    /** Writes the secret's new version, when its JSON differs from what is stored; answers whether it wrote. */
    private boolean write(String arn, Secret stored, String json) {
        if (json.equals(stored.text())) {
            return false;
        }
        secrets.putSecretValue(request -> request.secretId(arn).secretString(json));
        return true;
    }

    private static Map<String, Object> answer(String physicalResourceId, Map<String, String> data) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("PhysicalResourceId", physicalResourceId);
        if (!data.isEmpty()) {
            answer.put("Data", data);
        }
        return answer;
    }

    private static void log(CustomResourceEvent event, String line) {
        System.out.println("berth database resources: " + event.requestType() + " " + event.logicalResourceId() + " ("
                + event.resourceType() + "): " + line);
    }
}
