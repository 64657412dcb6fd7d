package dev.berth.model;

import java.util.List;

/**
 * Instances of one environment that run work: the ECS capacity provider's, or a Kubernetes cluster's workers. One Auto
 * Scaling group; with several types, a mixed instances policy chooses among them (all of one architecture).
 *
 * @param instanceTypes the types it launches, the first preferred
 * @param minNodes fewest instances
 * @param maxNodes most instances
 * @param spot whether the instances are Spot instances (interruptible, about 60–70 % cheaper), else on-demand
 */
public record NodeGroup(List<InstanceType> instanceTypes, int minNodes, int maxNodes, boolean spot) {

    public NodeGroup {
        instanceTypes = List.copyOf(instanceTypes);
        if (instanceTypes.isEmpty()) {
            throw new IllegalArgumentException("a node group needs at least one instance type");
        }
        if (instanceTypes.stream().map(InstanceType::architecture).distinct().count() > 1) {
            throw new IllegalArgumentException("a node group's instance types share one architecture");
        }
        if (minNodes < 0 || maxNodes < Math.max(1, minNodes)) {
            throw new IllegalArgumentException("expected 0 <= min <= max and max >= 1");
        }
    }

    public InstanceType.Architecture architecture() {
        return instanceTypes.getFirst().architecture();
    }

    /** The smallest of its types, which any work on it must fit: the group may launch only that one. */
    public InstanceType smallest() {
        return instanceTypes.stream().min(InstanceType.BY_SIZE).orElseThrow();
    }
}
