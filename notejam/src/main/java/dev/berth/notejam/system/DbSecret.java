package dev.berth.notejam.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The database credentials JSON Secrets Manager keeps for RDS ({@code username, password, host, port, dbname}),
 * as ECS injects it into {@code DB_SECRET}.
 */
public record DbSecret(String username, String password, String host, int port, String dbname) {

    /** Parses the JSON; the message of a failure names the missing fields, never a value. */
    public static DbSecret parse(String json) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("DB_SECRET is not JSON");
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("username", "password", "host")) {
            if (!node.hasNonNull(field) || node.get(field).asText().isBlank()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("DB_SECRET lacks " + String.join(", ", missing));
        }
        return new DbSecret(node.get("username").asText(), node.get("password").asText(), node.get("host").asText(),
                node.path("port").asInt(5432), node.hasNonNull("dbname") ? node.get("dbname").asText() : "postgres");
    }

    /** JDBC URL with TLS required: RDS forces SSL and credentials never cross the network in clear. */
    public String jdbcUrl(String sslMode) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + dbname + "?sslmode=" + sslMode;
    }

    @Override
    public String toString() {
        return "DbSecret[username=" + username + ", host=" + host + ", port=" + port + ", dbname=" + dbname + "]";
    }
}
