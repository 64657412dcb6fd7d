package dev.berth.config;

/**
 * One containerized service of a deployment.
 *
 * @param name DNS-safe name, unique in the deployment
 * @param image where the image comes from
 * @param port the port the container listens on
 * @param healthCheckPath the path the load balancer probes
 * @param size the task size tier
 * @param minTasks fewest running tasks
 * @param maxTasks most running tasks
 * @param scaling target-tracking goals
 * @param pathPattern ALB path pattern routed to this service, or null for the default service
 */
public record ServiceSpec(
        String name,
        ImageSource image,
        int port,
        String healthCheckPath,
        SizeTier size,
        int minTasks,
        int maxTasks,
        ScalingTargets scaling,
        String pathPattern) {

    public boolean isDefaultRoute() {
        return pathPattern == null;
    }
}
