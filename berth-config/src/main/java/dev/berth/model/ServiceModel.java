package dev.berth.model;

import java.util.Optional;

/**
 * One service as it runs in one environment, with the environment's overrides merged in.
 *
 * @param name DNS-safe name, unique in the deployment
 * @param image where the image comes from
 * @param routing how the load balancer reaches it
 * @param capacity how big its tasks are and how many run
 * @param runtime where its containers run
 */
public record ServiceModel(String name, ImageSource image, Routing routing, Capacity capacity, Runtime runtime) {

    /**
     * @param port the port the container listens on
     * @param healthCheckPath the path the load balancer probes
     * @param pathPattern the path pattern routed here, or null for the default route
     * @param priority the listener rule's priority (path routes only): 10, 20, ... in file order
     */
    public record Routing(int port, String healthCheckPath, String pathPattern, int priority) {

        public Optional<String> path() {
            return Optional.ofNullable(pathPattern);
        }

        public boolean isDefaultRoute() {
            return pathPattern == null;
        }
    }

    /**
     * @param size the size tier of each task
     * @param minTasks fewest running tasks
     * @param maxTasks most running tasks
     * @param cpuPercent average CPU utilisation autoscaling holds
     * @param requestsPerTarget load balancer requests per task per minute autoscaling holds
     */
    public record Capacity(SizeTier size, int minTasks, int maxTasks, int cpuPercent, int requestsPerTarget) {
    }
}
