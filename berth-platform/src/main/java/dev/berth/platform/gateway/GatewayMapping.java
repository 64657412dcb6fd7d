package dev.berth.platform.gateway;

import dev.berth.model.CacheModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.GatewayModel;
import dev.berth.model.ServiceModel;
import dev.berth.model.SizeTier;
import dev.berth.platform.Retention;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.compute.WebServiceProps;
import dev.berth.platform.data.Cache;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model's gateway as Kong's declarative configuration and its ECS service, and the flows it adds: the load
 * balancer to Kong (requests and health checks), Kong to the services through the load balancer's internal host
 * listener, Kong to Redis for shared rate limits, and callers inside the VPC to the internal path listener.
 */
public final class GatewayMapping {

    /** Kong's name as an ECS service; berth.yaml may not give a service this name where there is a gateway. */
    public static final String SERVICE = "kong";
    /** Kong's tasks: at least one always (it answers every request), a few more under load. */
    public static final int MIN_TASKS = 1;
    public static final int MAX_TASKS = 4;

    private GatewayMapping() {
    }

    public static Zone zone() {
        return ComputeMapping.zone(SERVICE);
    }

    /** The services Kong routes to, in the listener rules' order: path routes by priority, then the default route. */
    static List<KongConfiguration.Route> routes(EnvironmentModel model) {
        List<KongConfiguration.Route> routes = new ArrayList<>();
        // A site's front end is routed by its site header on the public listener, not through Kong.
        model.services().routed().stream().filter(service -> !service.routing().isDefaultRoute() && !service.routing().frontEnd())
                .forEach(service -> routes.add(KongConfiguration.Route.paths(service.name(), service.routing().pathPattern())));
        model.services().routed().stream().filter(service -> service.routing().isDefaultRoute())
                .forEach(service -> routes.add(KongConfiguration.Route.defaultRoute(service.name())));
        return routes;
    }

    /**
     * Kong's configuration: its upstreams the load balancer's internal listener, its rate limit shared in Redis when the
     * environment has a cache.
     *
     * @param loadBalancerDns the load balancer's DNS name (a token at synthesis)
     * @param cacheHost the cache's primary endpoint, or null
     */
    public static KongConfiguration configuration(EnvironmentModel model, String loadBalancerDns, String cacheHost) {
        GatewayModel gateway = model.part(GatewayModel.class);
        KongConfiguration.Redis redis = cacheHost == null ? null : new KongConfiguration.Redis(cacheHost, CacheModel.PORT);
        return new KongConfiguration(KongConfiguration.Props.builder()
                .project(model.naming().project())
                .albInternalDns(loadBalancerDns)
                .routes(routes(model))
                .rateLimit(new KongConfiguration.RateLimit(gateway.requestsPerMinute(), redis))
                .trustedIps(List.of(model.network().cidr().toString()))
                .build());
    }

    /**
     * Kong as an ECS service: its ports, health check and settings, on on-demand Fargate (it answers every request); the
     * caller adds the rest.
     *
     * @param configurationJson the declarative configuration as JSON, its tokens resolved at deploy
     */
    public static WebServiceProps.Builder props(EnvironmentModel model, KongConfiguration kong, String configurationJson) {
        Map<String, String> variables = new TreeMap<>(kong.environment());
        variables.put(KongConfiguration.CONFIG_VARIABLE, configurationJson);
        ServiceModel.Targets targets = new ServiceModel.Targets(60, 5000, 90);
        return WebServiceProps.builder()
                .name(SERVICE)
                .port(KongConfiguration.PROXY_PORT)
                .healthCheckPath(KongConfiguration.READY_PATH)
                .healthCheckPort(KongConfiguration.STATUS_PORT)
                .taskSize(ComputeMapping.fargateCpuUnits(SizeTier.SMALL), SizeTier.SMALL.memoryMiB())
                .taskCount(MIN_TASKS, MAX_TASKS)
                .scalingTargets(targets.cpuPercent(), targets.requestsPerTarget())
                .memoryTarget(targets.memoryPercent())
                .family(model.naming().taskFamily(SERVICE))
                .variables(variables)
                .logRetention(Retention.of(model.lifecycle().logRetention()));
    }

    /** The gateway's flows, where the environment has one. */
    public static List<Flow> flows(EnvironmentModel model) {
        if (model.find(GatewayModel.class).isEmpty()) {
            return List.of();
        }
        Zone kong = zone();
        List<Flow> flows = new ArrayList<>();
        flows.add(Flow.tcp(LoadBalancer.ZONE, kong, KongConfiguration.PROXY_PORT, "Load balancer to Kong"));
        flows.add(Flow.tcp(LoadBalancer.ZONE, kong, KongConfiguration.STATUS_PORT, "Health checks of Kong by the load balancer"));
        flows.add(Flow.tcp(kong, LoadBalancer.ZONE, LoadBalancer.INTERNAL_HOST_PORT, "Kong to the services, by host name"));
        flows.add(Flow.tcp(Zone.VPC, LoadBalancer.ZONE, LoadBalancer.INTERNAL_PATH_PORT, "Path routing for callers inside the VPC"));
        flows.add(ComputeMapping.httpsOut(SERVICE));
        if (model.find(CacheModel.class).isPresent()) {
            flows.add(Flow.tcp(kong, Cache.ZONE, Cache.PORT, "Kong to Redis: rate limits shared by its tasks"));
        }
        return flows;
    }
}
