package dev.berth.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One service as it runs in one environment, with the environment's overrides merged in.
 *
 * @param name DNS-safe name, unique in the deployment
 * @param image where the image comes from
 * @param routing how the load balancer reaches it
 * @param capacity how big its tasks are and how many run
 * @param runtime where its containers run
 * @param staticFiles the files CloudFront serves for it from the environment's assets bucket, or null
 */
public record ServiceModel(String name, ImageSource image, Routing routing, Capacity capacity, Runtime runtime,
        StaticFiles staticFiles) {

    public Optional<StaticFiles> assets() {
        return Optional.ofNullable(staticFiles);
    }

    /**
     * Files a build makes (content-hashed, so they never change under one name), uploaded by berth push to the
     * environment's assets bucket and served by CloudFront from there.
     *
     * @param directory the directory whose files are uploaded, keys their paths relative to it
     * @param pathPattern the CloudFront path pattern they are served under, such as {@code /static/*}
     */
    public record StaticFiles(Path directory, String pathPattern) {

        /** The bucket key prefix the pattern serves: {@code static/} for {@code /static/*}. */
        public String keyPrefix() {
            return pathPattern.substring(1, pathPattern.length() - 1);
        }
    }

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
     * @param minTasks fewest running tasks (while awake)
     * @param maxTasks most running tasks
     * @param targets what autoscaling holds
     * @param idleAfter how long without a request puts the service to sleep (zero tasks), or null: never
     */
    public record Capacity(SizeTier size, int minTasks, int maxTasks, Targets targets, Duration idleAfter) {

        /** How long without a request puts the service to sleep, when it scales to zero. */
        public Optional<Duration> scaleToZero() {
            return Optional.ofNullable(idleAfter);
        }
    }

    /**
     * @param cpuPercent average CPU utilisation autoscaling holds
     * @param requestsPerTarget load balancer requests per task per minute autoscaling holds
     * @param memoryPercent average memory utilisation autoscaling holds
     */
    public record Targets(int cpuPercent, int requestsPerTarget, int memoryPercent) {
    }
}
