package dev.berth.functions;

/**
 * One ECS service that sleeps when idle and is woken by a request: where it runs, its capacity when awake, the
 * listener whose rule routes to it, and the CloudWatch alarm that says it is idle.
 */
public record ManagedService(String cluster, String service, Capacity awake, Routing routing, String idleAlarm) {

    /** The Application Auto Scaling scalable target of the service's desired count, and its bounds when awake. */
    public record Capacity(String resourceId, int min, int max) {

        /** The desired count a wake-up sets: the awake minimum, and at least one task. */
        public int wakeCount() {
            return Math.max(min, 1);
        }
    }

    /**
     * Where the service's requests go: the listener one of whose rules forwards, with weights, to the service's own
     * target group (IP targets) and to the wake-up function's target group (a Lambda target). The rule and the
     * wake-up target group are found on the listener, not configured: the wake-up function is the wake-up target
     * group's target, so its configuration cannot name what is made after it.
     */
    public record Routing(String listenerArn, String serviceTargetGroupArn) {}

    /** The name logs use: cluster/service. */
    public String label() {
        return cluster + "/" + service;
    }
}
