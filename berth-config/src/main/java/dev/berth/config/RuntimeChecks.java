package dev.berth.config;

import dev.berth.model.ComputeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.GatewayModel;
import dev.berth.model.InstanceType;
import dev.berth.model.KubernetesCluster;
import dev.berth.model.NatMode;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.SizeTier;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What cannot work on a service's runtime in one environment, found once the environment is read: a tier no instance
 * holds, more tasks than the instances take, a Kubernetes service that needs what the cluster does not give.
 */
final class RuntimeChecks {

    /** Where a service's runtime was set (its override, its declaration, or the environment's runtime). */
    record Setting(Node node, String path) {
    }

    private final EnvironmentModel environment;
    private final ComputeModel compute;
    private final YamlFields fields;
    private final Function<String, Setting> settingOf;

    RuntimeChecks(EnvironmentModel environment, ComputeModel compute, YamlFields fields, Function<String, Setting> settingOf) {
        this.environment = environment;
        this.compute = compute;
        this.fields = fields;
        this.settingOf = settingOf;
    }

    void check() {
        List<ServiceModel> onEc2 = on(Runtime.Ec2.class);
        onEc2.forEach(this::checkEc2Tier);
        checkEc2Capacity(onEc2);
        List<ServiceModel> onKubernetes = on(Runtime.Kubernetes.class);
        if (!onKubernetes.isEmpty()) {
            checkCluster(onKubernetes.getFirst());
        }
        onKubernetes.forEach(this::checkKubernetes);
        on(Runtime.AppRunner.class).forEach(this::checkAppRunner);
        environment.services().all().stream().filter(service -> service.routing().frontEnd()).forEach(this::checkFrontEnd);
    }

    /** App Runner's most instances per service (its default quota). */
    static final int APP_RUNNER_MAX_SIZE = 25;

    /**
     * App Runner takes a site's front end alone, and what its service gives: one container, no scale-to-zero of Berth's,
     * whole secrets by ARN (its API documents no JSON field of a secret), no caller inside the VPC, no CodeDeploy.
     */
    private void checkAppRunner(ServiceModel service) {
        Setting setting = settingOf.apply(service.name());
        fields.warning(setting.node(), setting.path(), service.name() + " runs on apprunner: AWS closed App Runner to new customers"
                + " on 30 April 2026 (accounts that used it keep it); in an account without it the deploy fails: run the front end"
                + " on fargate, Berth's default (docs/compute.md#server-rendered-front-ends)");
        if (!service.routing().frontEnd()) {
            problem(service, "App Runner is not behind the load balancer (no target group, no listener rule with the origin header"
                    + " check), so only a site's front end runs there, behind its own distribution; run it on fargate, or make it a"
                    + " site's service");
            return;
        }
        if (service.routing().proxy() == ServiceModel.Proxy.NGINX) {
            problem(service, "an App Runner service runs one container, and App Runner's own front stands before it; leave proxy out");
        }
        if (service.capacity().scaleToZero().isPresent()) {
            problem(service, "scale-to-zero wakes ECS services behind the load balancer; App Runner keeps its own idle instances"
                    + " (leave idle_after out)");
        }
        if (service.capacity().maxTasks() > APP_RUNNER_MAX_SIZE) {
            problem(service, "App Runner runs at most " + APP_RUNNER_MAX_SIZE + " instances of a service; got max "
                    + service.capacity().maxTasks());
        }
        boolean mapsFields = service.database().map(database -> !database.variables().isEmpty()).orElse(false)
                || service.cache().map(cache -> !cache.variables().isEmpty()).orElse(false);
        if (mapsFields) {
            problem(service, "App Runner's API takes a secret whole, by its ARN, and documents no way to one JSON field of it;"
                    + " read the fields from " + ServiceModel.DB_SECRET + " or " + ServiceModel.CACHE_SECRET + " and leave their env"
                    + " mappings out");
        }
        if (environment.edge().firewall().isEmpty()) {
            problem(service, "App Runner cannot check the origin header itself: the regional web ACL on it does, so leave edge.waf"
                    + " on (true)");
        }
        if (environment.delivery().blueGreen()) {
            problem(service, "blue-green releases are CodeDeploy's, for ECS services; App Runner rolls its own deployments out:"
                    + " use deployment: rolling");
        }
        environment.services().callersOf(service.name()).forEach(caller -> problem(service, caller.name() + " calls it, and an App"
                + " Runner service is not in the VPC (no " + service.name() + "." + environment.naming().serviceNamespace()
                + "): only its site's distribution reaches it"));
    }

    /** A site's front end is reached through a load-balancer rule to an ECS target group, or on App Runner. */
    private void checkFrontEnd(ServiceModel service) {
        if (service.runtime() instanceof Runtime.Kubernetes) {
            problem(service, "a site's front end is reached through the load balancer's rule for its site header, which forwards"
                    + " to an ECS target group; run it on fargate, fargate_spot, ec2 or apprunner");
        }
        if (service.capacity().scaleToZero().isPresent() && environment.find(GatewayModel.class).isPresent()) {
            problem(service, "with the gateway, the services that sleep are woken through Kong's listener, and a site's front end"
                    + " is routed on the public one; leave idle_after out");
        }
    }

    private List<ServiceModel> on(Class<? extends Runtime> runtime) {
        return environment.services().all().stream().filter(service -> runtime.isInstance(service.runtime())).toList();
    }

    private void problem(ServiceModel service, String message) {
        Setting setting = settingOf.apply(service.name());
        fields.problem(setting.node(), setting.path(), service.name() + " runs on " + service.runtime().describe() + " in "
                + environment.name() + ": " + message);
    }

    private void checkEc2Tier(ServiceModel service) {
        InstanceType smallest = compute.ec2().smallest();
        SizeTier tier = service.capacity().size();
        int sidecar = service.routing().proxy().memoryMiB();
        if (ComputeModel.ecsTasksPerInstance(smallest, tier, sidecar) >= 1) {
            return;
        }
        problem(service, "its size " + tier.yamlName() + " (" + describe(tier) + (sidecar > 0 ? " and nginx's " + sidecar + " MiB" : "")
                + ") fits no " + smallest.name() + ", whose tasks share " + ComputeModel.ecsTaskMemoryMiB(smallest) + " MiB and "
                + smallest.vcpus() + " vCPU; choose a smaller size, or ec2.instance_types such as "
                + larger(smallest, type -> ComputeModel.ecsTasksPerInstance(type, tier, sidecar) >= 1));
    }

    /** The services' most tasks must fit the group's most instances, or tasks would wait for room that never comes. */
    private void checkEc2Capacity(List<ServiceModel> onEc2) {
        InstanceType smallest = compute.ec2().smallest();
        double instancesNeeded = 0;
        for (ServiceModel service : onEc2) {
            int perInstance = ComputeModel.ecsTasksPerInstance(smallest, service.capacity().size(), service.routing().proxy().memoryMiB());
            if (perInstance < 1) {
                return; // reported by the tier check
            }
            instancesNeeded += (double) service.capacity().maxTasks() / perInstance;
        }
        int needed = (int) Math.ceil(instancesNeeded);
        if (needed > compute.ec2().maxNodes()) {
            problem(onEc2.getFirst(), "the services on ec2 may run " + onEc2.stream().mapToInt(s -> s.capacity().maxTasks()).sum()
                    + " tasks, which need " + needed + " " + smallest.name() + " instances (each takes at most "
                    + (smallest.networkInterfaces() - 1) + " tasks: one per network interface beside its own), and ec2.max is "
                    + compute.ec2().maxNodes() + "; raise ec2.max, lower the services' max, or choose larger instance_types");
        }
    }

    private void checkCluster(ServiceModel first) {
        KubernetesCluster cluster = compute.kubernetes();
        if (environment.network().nat() == NatMode.NONE && cluster.prebakedImage().isEmpty()) {
            problem(first, "the nodes install Kubernetes, containerd and the add-ons' images from the internet at boot, and"
                    + " nat: none gives them no way there; use a NAT gateway, or set kubernetes.node_image to an AMI that has them");
        }
        for (var cidr : List.of(KubernetesCluster.POD_CIDR, KubernetesCluster.SERVICE_CIDR)) {
            if (cidr.overlaps(environment.network().cidr())) {
                problem(first, "the cluster's addresses " + cidr + " overlap the VPC's " + environment.network().cidr()
                        + "; choose another cidr for the environment");
            }
        }
        if (environment.find(GatewayModel.class).isPresent()) {
            problem(first, "Kong reaches the services through the load balancer's internal listeners, which have no route into the"
                    + " cluster; run the services on ECS with the gateway, or leave the gateway out");
        }
        if (environment.delivery().blueGreen()) {
            problem(first, "blue-green releases are CodeDeploy's, for ECS services; the cluster rolls Deployments out itself: use"
                    + " deployment: rolling");
        }
    }

    private void checkKubernetes(ServiceModel service) {
        InstanceType smallest = compute.kubernetes().workers().smallest();
        SizeTier tier = service.capacity().size();
        if (!KubernetesCluster.fits(smallest, tier)) {
            problem(service, "its size " + tier.yamlName() + " (" + describe(tier) + ") fits no " + smallest.name() + " worker, whose"
                    + " pods share " + KubernetesCluster.allocatableMemoryMiB(smallest) + " MiB and "
                    + KubernetesCluster.allocatableMilliVcpu(smallest) + " millicores; choose a smaller size, or"
                    + " kubernetes.instance_types such as " + larger(smallest, type -> KubernetesCluster.fits(type, tier)));
        }
        if (service.uses().bucket()) {
            problem(service, "pods get no AWS credentials (the nodes' metadata service is closed to them), so they cannot reach"
                    + " a bucket; run it on ECS, or leave bucket out");
        }
        if (service.routing().proxy() == ServiceModel.Proxy.NGINX) {
            problem(service, "the cluster's ingress controller (Traefik) stands in front of every pod; leave proxy out");
        }
        if (service.capacity().scaleToZero().isPresent()) {
            problem(service, "scale-to-zero wakes ECS services; leave idle_after out (the off-hours schedule stops the workers)");
        }
        service.routing().path().filter(pattern -> !KubernetesCluster.ingressExpressible(pattern)).ifPresent(pattern ->
                problem(service, "its path " + pattern + " cannot be an Ingress path, which is exact (/health) or a prefix (/api/*)"));
        environment.services().callersOf(service.name()).stream()
                .filter(caller -> !(caller.runtime() instanceof Runtime.Kubernetes))
                .forEach(caller -> problem(service, caller.name() + " calls it, and runs on " + caller.runtime().describe()
                        + ": the cluster's services are reached from inside the cluster only; run both on kubernetes, or both on ECS"));
    }

    private static String describe(SizeTier tier) {
        return tier.milliVcpu() / 1000.0 + " vCPU, " + tier.memoryMiB() + " MiB";
    }

    /** The smallest known type of the same architecture the tier fits. */
    private static String larger(InstanceType from, java.util.function.Predicate<InstanceType> fits) {
        Optional<InstanceType> type = InstanceType.known().stream()
                .filter(candidate -> candidate.architecture() == from.architecture() && fits.test(candidate))
                .min(InstanceType.BY_SIZE);
        return type.map(InstanceType::name).orElse("a larger one");
    }
}
