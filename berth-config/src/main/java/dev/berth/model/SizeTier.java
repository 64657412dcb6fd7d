package dev.berth.model;

import java.util.Locale;

/**
 * Task sizes of seed 003 in units every runtime understands: thousandths of a vCPU and MiB of memory. Each
 * runtime maps them to its own units (Fargate CPU units, container reservations, Kubernetes requests).
 */
public enum SizeTier {
    MICRO(250, 512),
    SMALL(500, 1024),
    MEDIUM(1000, 2048),
    LARGE(2000, 4096);

    private final int milliVcpu;
    private final int memoryMiB;

    SizeTier(int milliVcpu, int memoryMiB) {
        this.milliVcpu = milliVcpu;
        this.memoryMiB = memoryMiB;
    }

    /** Thousandths of a vCPU: 250 is a quarter of one. */
    public int milliVcpu() {
        return milliVcpu;
    }

    /** ECS's CPU units (1024 per vCPU): a Fargate task's size, a container's reservation on an instance. */
    public int ecsCpuUnits() {
        return milliVcpu * 1024 / 1000;
    }

    public int memoryMiB() {
        return memoryMiB;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
