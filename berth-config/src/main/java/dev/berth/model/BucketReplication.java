package dev.berth.model;

/**
 * Where the services' buckets are copied to, in an environment that replicates them (the prod profile's default).
 *
 * @param replicaRegion the region of the replicas, another than the environment's
 */
public record BucketReplication(String replicaRegion) implements ModelPart {
}
