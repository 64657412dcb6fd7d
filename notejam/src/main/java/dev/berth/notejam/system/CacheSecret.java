package dev.berth.notejam.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Berth keeps in Secrets Manager for an environment's Redis (ElastiCache: {@code host, port, token, tls,
 * url}), as ECS injects it into {@code CACHE_SECRET}. The token is Redis's password (ElastiCache's auth token).
 */
public record CacheSecret(String host, int port, String token, boolean tls) {

    /** Parses the JSON; the message of a failure names the missing fields, never a value. */
    public static CacheSecret parse(String json) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("CACHE_SECRET is not JSON");
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("host", "token")) {
            if (!node.hasNonNull(field) || node.get(field).asText().isBlank()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("CACHE_SECRET lacks " + String.join(", ", missing));
        }
        // TLS unless the secret says otherwise: ElastiCache encrypts in transit, and the token must not cross in clear.
        return new CacheSecret(node.get("host").asText(), node.path("port").asInt(6379), node.get("token").asText(),
                node.path("tls").asBoolean(true));
    }

    @Override
    public String toString() {
        return "CacheSecret[host=" + host + ", port=" + port + ", tls=" + tls + "]";
    }
}
