package dev.berth.platform.layer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * What the data layer hands the others.
 *
 * @param services what each service uses of the data tier, by service name
 * @param cache the cache, or null
 */
public record DataTier(Map<String, ServiceData> services, CacheEndpoint cache) {

    /**
     * @param secret the cache secret ({@code CACHE_SECRET}: host, port, token, tls, url)
     * @param host the primary endpoint's address
     */
    public record CacheEndpoint(ISecret secret, String host) {
    }

    public DataTier {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** What one service uses. */
    public ServiceData of(String service) {
        return Optional.ofNullable(services.get(service)).orElseThrow(() -> new IllegalArgumentException("no service " + service));
    }

    /**
     * @param database its database secret ({@code DB_SECRET}), or null
     * @param cache the cache secret ({@code CACHE_SECRET}), or null
     * @param bucket its bucket ({@code BUCKET_NAME}), or null
     * @param secrets its declared and the shared secrets, by the variable each is received as
     */
    public record ServiceData(ISecret database, ISecret cache, IBucket bucket, Map<String, ISecret> secrets) {

        public ServiceData {
            // In file order: the task definition lists them so, the same in every synthesis.
            secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        }
    }
}
