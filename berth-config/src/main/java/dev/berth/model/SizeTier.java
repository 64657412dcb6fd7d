package dev.berth.config;

import java.util.Locale;

/** Task sizes of seed 003: vCPU and memory a service's task gets on Fargate. */
public enum SizeTier {
    MICRO(256, 512),
    SMALL(512, 1024),
    MEDIUM(1024, 2048),
    LARGE(2048, 4096);

    private final int cpuUnits;
    private final int memoryMiB;

    SizeTier(int cpuUnits, int memoryMiB) {
        this.cpuUnits = cpuUnits;
        this.memoryMiB = memoryMiB;
    }

    /** Fargate CPU units: 1024 per vCPU. */
    public int cpuUnits() {
        return cpuUnits;
    }

    public int memoryMiB() {
        return memoryMiB;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
