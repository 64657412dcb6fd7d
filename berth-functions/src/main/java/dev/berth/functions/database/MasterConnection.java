package dev.berth.functions.database;

import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * How to reach the environment's instance as its master user, from the master secret RDS and the CDK write
 * ({@code {"username", "password", "host", "port", "dbname", "engine"}}). Its text never shows the password.
 *
 * @param host the instance's (writer's) endpoint
 * @param port its port
 * @param username the master user
 * @param password the master user's password
 */
public record MasterConnection(String host, int port, String username, String password) {

    /** The connection the master secret's JSON describes; {@code what} names the secret in a refusal. */
    static MasterConnection fromSecret(String json, String what) {
        Map<String, JsonNode> fields = Json.parseObject(json, what);
        return new MasterConnection(Json.text(fields, "host", what), TcpPort.parse(Json.text(fields, "port", what), what),
                Json.text(fields, "username", what), Json.text(fields, "password", what));
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port;
    }
}
