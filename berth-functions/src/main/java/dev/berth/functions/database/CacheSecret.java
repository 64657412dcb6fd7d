package dev.berth.functions.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a service reads from the cache's secret: where the cache is, its token, and the URL Redis clients take
 * ({@code rediss://} over TLS, {@code redis://} without), the token in it percent-encoded. Its text never shows the
 * token.
 *
 * @param host the cache's endpoint
 * @param port its port
 * @param token the token (Redis AUTH password) CloudFormation generated
 * @param tls whether the cache takes connections over TLS only
 */
public record CacheSecret(String host, int port, String token, boolean tls) {

    /** The secret's JSON, its fields always in the same order, so that a secret already complete is left as it is. */
    public String json() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", host);
        fields.put("port", port);
        fields.put("token", token);
        fields.put("tls", tls);
        fields.put("url", (tls ? "rediss" : "redis") + "://:" + Userinfo.encode(token) + "@" + host + ":" + port);
        return Json.object(fields);
    }

    @Override
    public String toString() {
        return host + ":" + port + (tls ? " over TLS" : "");
    }
}
