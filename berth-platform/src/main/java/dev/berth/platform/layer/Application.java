package dev.berth.platform.layer;

import dev.berth.platform.compute.WebService;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.operations.ScaleToZero;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.ecs.ICluster;

/**
 * What the app layer hands later layers (alarms, dashboards, schedules).
 *
 * @param loadBalancer the load balancer and its listeners
 * @param cluster the ECS cluster
 * @param services the services by name, in berth.yaml's order
 * @param scaleToZero the scale-to-zero functions, or null when no service sleeps
 */
public record Application(LoadBalancer loadBalancer, ICluster cluster, Map<String, WebService> services, ScaleToZero scaleToZero) {

    public Optional<ScaleToZero> sleepers() {
        return Optional.ofNullable(scaleToZero);
    }
}
