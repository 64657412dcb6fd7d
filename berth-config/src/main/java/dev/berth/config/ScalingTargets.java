package dev.berth.config;

/**
 * Target-tracking goals for a service's task count.
 *
 * @param cpuPercent average CPU utilisation to hold
 * @param requestsPerTarget ALB requests per task per minute to hold
 */
public record ScalingTargets(int cpuPercent, int requestsPerTarget) {

    public static final ScalingTargets DEFAULT = new ScalingTargets(60, 1000);
}
