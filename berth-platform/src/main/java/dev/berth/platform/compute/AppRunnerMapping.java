package dev.berth.platform.compute;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.SizeTier;
import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import java.math.BigDecimal;

/** A site's front end on App Runner as {@link AppRunnerService.Props}: its tier, instances, and its group in the graph. */
public final class AppRunnerMapping {

    private AppRunnerMapping() {
    }

    public static boolean onAppRunner(ServiceModel service) {
        return service.runtime() instanceof Runtime.AppRunner;
    }

    public static boolean any(EnvironmentModel model) {
        return model.services().all().stream().anyMatch(AppRunnerMapping::onAppRunner);
    }

    /**
     * The security group of the service's VPC connector: the interfaces App Runner's instances leave the VPC's side
     * through. Nothing reaches it; it reaches what the traffic graph says (its database, the cache, the services it calls,
     * HTTPS out).
     */
    public static Zone zone(String service) {
        return Zone.group(Naming.pascal(service) + "AppRunner", SubnetTier.COMPUTE, "App Runner service " + service
                + ": its VPC connector, outbound only");
    }

    /** App Runner's CPU for a tier, as it writes it: 0.25, 0.5, 1 or 2 vCPU (each a pair App Runner allows with the memory). */
    public static String cpu(SizeTier tier) {
        return decimal(tier.milliVcpu(), 1000) + " vCPU";
    }

    /** App Runner's memory for a tier: 0.5, 1, 2 or 4 GB. */
    public static String memory(SizeTier tier) {
        return decimal(tier.memoryMiB(), 1024) + " GB";
    }

    private static String decimal(int value, int unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    /**
     * What the model says of the service; the caller adds its image, secrets, bucket, network, key and URL. App Runner keeps
     * at least one instance: a min of 0 runs one.
     */
    public static AppRunnerService.Props.Builder props(ServiceModel service) {
        return AppRunnerService.props()
                .name(service.name())
                .port(service.routing().port(), service.routing().healthCheckPath())
                .size(cpu(service.capacity().size()), memory(service.capacity().size()))
                .instances(Math.max(1, service.capacity().minTasks()), service.capacity().maxTasks())
                .variables(service.uses().variables().plain());
    }
}
