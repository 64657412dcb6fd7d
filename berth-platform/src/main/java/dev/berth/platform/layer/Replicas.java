package dev.berth.platform.layer;

import software.amazon.awscdk.Stack;

/**
 * What the replica layer hands the data layer: its stack, which the data stack deploys after (the replication rules
 * name its buckets and key without a reference).
 *
 * @param stack the replica region's stack
 */
public record Replicas(Stack stack) {
}
