package dev.berth.functions.database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database resources' function asks the SQL function, as the payload of its invocation:
 * {@code {"host", "port", "masterUsername", "masterPassword", "database", "role", "password"}}, every value a string
 * but the port, a number. Its text never shows a password.
 *
 * @param master how to reach the instance as its master user
 * @param target the service's database and role
 * @param password the role's password, from the service's secret
 */
public record SqlRequest(MasterConnection master, ServiceDatabase target, String password) {

    static final List<String> FIELDS = List.of("host", "port", "masterUsername", "masterPassword", "database", "role", "password");

    /** The invocation's payload. */
    String json() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("host", master.host());
        payload.put("port", master.port());
        payload.put("masterUsername", master.username());
        payload.put("masterPassword", master.password());
        payload.put("database", target.database());
        payload.put("role", target.role());
        payload.put("password", password);
        return Json.object(payload);
    }

    /** The request in a payload as the Lambda runtime hands it over: the JSON object read into a map. */
    static SqlRequest fromPayload(Map<String, Object> payload) {
        List<String> missing = FIELDS.stream().filter(field -> payload == null || payload.get(field) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the SQL function's payload lacks " + String.join(", ", missing) + "; expected " + FIELDS);
        }
        String what = "the SQL function's payload";
        MasterConnection master = new MasterConnection(payload.get("host").toString(),
                TcpPort.parse(payload.get("port").toString(), what),
                payload.get("masterUsername").toString(), payload.get("masterPassword").toString());
        return new SqlRequest(master, new ServiceDatabase(payload.get("database").toString(), payload.get("role").toString()),
                payload.get("password").toString());
    }

    /** The message with both passwords blotted out, for whatever reports a failure of this request. */
    String redact(String message) {
        String redacted = message;
        for (String secret : List.of(master.password(), password)) {
            if (!secret.isEmpty()) {
                redacted = redacted.replace(secret, "****");
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        return target.database() + " (role " + target.role() + ") on " + master;
    }
}
