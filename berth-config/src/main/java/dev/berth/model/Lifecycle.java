package dev.berth.model;

/**
 * How long an environment's things last.
 *
 * @param deletionProtection whether the database and load balancer refuse deletion and the key is retained
 * @param logRetention how long CloudWatch keeps every log of the environment
 */
public record Lifecycle(boolean deletionProtection, LogRetention logRetention) implements ModelPart {
}
