package dev.berth.model;

/**
 * The environment's Redis: an ElastiCache replication group with TLS, an auth token and encryption at rest.
 *
 * @param engineVersion the Redis engine version
 * @param nodeType the ElastiCache node type, e.g. {@code cache.t4g.micro}
 * @param nodes the primary and its replicas
 * @param multiAz whether a replica in another zone takes over automatically when the primary fails
 */
public record CacheModel(String engineVersion, String nodeType, int nodes, boolean multiAz) implements ModelPart {

    /** The only port the cache listens on. */
    public static final int PORT = 6379;
}
