package dev.berth.platform.layer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** The data tier of an environment whose services keep nothing: it has no data stack. */
    public static final DataTier NONE = new DataTier(Map.of(), null);

    public DataTier {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** What one service uses; nothing, for a service the data tier does not know. */
    public ServiceData of(String service) {
        return services.getOrDefault(service, ServiceData.NONE);
    }

    /**
     * @param database its database secret ({@code DB_SECRET}), or null
     * @param cache the cache secret ({@code CACHE_SECRET}), or null
     * @param bucket its bucket ({@code BUCKET_NAME}), or null
     * @param secrets its declared and the shared secrets, by the variable each is received as
     */
    public record ServiceData(ISecret database, ISecret cache, IBucket bucket, Map<String, ISecret> secrets) {

        static final ServiceData NONE = new ServiceData(null, null, null, Map.of());

        public ServiceData {
            // In file order: the task definition lists them so, the same in every synthesis.
            secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        }
    }
}
