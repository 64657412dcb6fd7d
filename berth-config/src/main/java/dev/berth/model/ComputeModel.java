package dev.berth.model;

import java.util.Arrays;
import java.util.List;

/**
 * The environment's own instances, for the services whose runtime is {@code ec2} or {@code kubernetes}: what berth.yaml
 * says of them, and how much of an instance a service of each size tier takes there. Every environment has both
 * settings; only a runtime some service uses is built.
 *
 * @param ec2 the ECS capacity provider's instances
 * @param kubernetes the self-managed Kubernetes cluster
 */
public record ComputeModel(NodeGroup ec2, KubernetesCluster kubernetes) implements ModelPart {

    /**
     * Memory the ECS agent keeps for the operating system and itself ({@code ECS_RESERVED_MEMORY}): tasks never get it.
     */
    public static final int ECS_RESERVED_MEMORY_MIB = 256;

    /**
     * The share of an instance's nominal memory its operating system reports (the kernel keeps the rest): what the ECS
     * agent registers and the kubelet sees, in percent.
     */
    static final int VISIBLE_MEMORY_PERCENT = 94;

    /** Memory of an instance ECS tasks may reserve. */
    public static int ecsTaskMemoryMiB(InstanceType type) {
        return type.memoryMiB() * VISIBLE_MEMORY_PERCENT / 100 - ECS_RESERVED_MEMORY_MIB;
    }

    /** ECS counts 1024 CPU units per vCPU. */
    public static int ecsCpuUnits(InstanceType type) {
        return type.vcpus() * 1024;
    }

    /**
     * How many tasks of a tier one instance holds: as many as its memory and CPU take, and with {@code awsvpc} networking
     * at most one per network interface beside the instance's own.
     *
     * @param sidecarMemoryMiB what the task reserves beside the app (nginx), 0 without
     */
    public static int ecsTasksPerInstance(InstanceType type, SizeTier tier, int sidecarMemoryMiB) {
        int byMemory = ecsTaskMemoryMiB(type) / (tier.memoryMiB() + sidecarMemoryMiB);
        int byCpu = ecsCpuUnits(type) / tier.ecsCpuUnits();
        return Math.min(Math.min(byMemory, byCpu), type.networkInterfaces() - 1);
    }

    /** The tiers a service may have on these instances, smallest first. */
    public static List<SizeTier> ecsTiersFitting(InstanceType type) {
        return Arrays.stream(SizeTier.values()).filter(tier -> ecsTasksPerInstance(type, tier, 0) >= 1).toList();
    }
}
