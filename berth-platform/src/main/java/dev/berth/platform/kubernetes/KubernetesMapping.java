package dev.berth.platform.kubernetes;

import dev.berth.model.ComputeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.InstanceType;
import dev.berth.model.KubernetesCluster;
import dev.berth.model.NodeGroup;
import dev.berth.model.Naming;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.Services;
import dev.berth.platform.data.Cache;
import dev.berth.platform.data.Database;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The services of the model that run on the environment's Kubernetes cluster, as the objects the cluster runs: each a
 * {@link Workload} with the same variables, secrets and calls as its ECS task would have.
 */
public final class KubernetesMapping {

    private KubernetesMapping() {
    }

    public static boolean runsOnCluster(ServiceModel service) {
        return service.runtime() instanceof Runtime.Kubernetes;
    }

    /** The services on the cluster, in file order; none means the environment has no cluster. */
    public static List<ServiceModel> services(EnvironmentModel model) {
        return model.services().all().stream().filter(KubernetesMapping::runsOnCluster).toList();
    }

    public static boolean hasCluster(EnvironmentModel model) {
        return !services(model).isEmpty();
    }

    /**
     * The cluster's own flows, where it has services: the load balancer to the ingress controller's node port; the
     * workers to the API server; the API server and metrics-server to the kubelets; Calico's VXLAN between every two
     * nodes; HTTPS out of both groups (packages, images, AWS APIs). The API server is reached from the workers alone.
     */
    public static List<Flow> flows(EnvironmentModel model) {
        if (!hasCluster(model)) {
            return List.of();
        }
        Zone controlPlane = SelfManagedCluster.CONTROL_PLANE;
        Zone workers = SelfManagedCluster.WORKERS;
        List<Flow> flows = new ArrayList<>();
        if (services(model).stream().anyMatch(service -> !service.routing().internal())) {
            flows.add(Flow.tcp(LoadBalancer.ZONE, workers, KubernetesManifests.INGRESS_NODE_PORT,
                    "Load balancer to the ingress controller (Traefik) on the workers node port"));
        }
        flows.add(Flow.tcp(workers, controlPlane, SelfManagedCluster.API_SERVER_PORT, "Workers to the Kubernetes API server"));
        flows.add(Flow.tcp(controlPlane, workers, SelfManagedCluster.KUBELET_PORT, "API server to the kubelets: logs, exec, port-forward"));
        flows.add(Flow.tcp(workers, workers, SelfManagedCluster.KUBELET_PORT, "metrics-server to the workers kubelets"));
        flows.add(Flow.tcp(workers, controlPlane, SelfManagedCluster.KUBELET_PORT, "metrics-server to the control plane kubelet"));
        String vxlan = "Calico VXLAN: pod traffic between nodes";
        flows.add(Flow.udp(controlPlane, workers, SelfManagedCluster.VXLAN_PORT, vxlan));
        flows.add(Flow.udp(workers, controlPlane, SelfManagedCluster.VXLAN_PORT, vxlan));
        flows.add(Flow.udp(workers, workers, SelfManagedCluster.VXLAN_PORT, vxlan));
        flows.add(Flow.tcp(controlPlane, Zone.INTERNET, 443, "Kubernetes control plane: packages, images and AWS APIs"));
        flows.add(Flow.tcp(workers, Zone.INTERNET, 443, "Kubernetes workers: packages, images and AWS APIs; the pods HTTPS"));
        return flows;
    }

    /** The environment's cluster as the model describes it; the caller adds the network, groups, key and namespace. */
    public static SelfManagedCluster.Props.Builder cluster(EnvironmentModel model) {
        KubernetesCluster cluster = model.part(ComputeModel.class).kubernetes();
        NodeGroup workers = cluster.workers();
        return SelfManagedCluster.Props.builder()
                .name(model.naming().prefix())
                .controlPlaneType(cluster.controlPlane().name())
                .workers(workers.instanceTypes().stream().map(InstanceType::name).toList(),
                        workers.architecture() == InstanceType.Architecture.ARM64, workers.minNodes(), workers.maxNodes(), workers.spot())
                .nodeImage(cluster.prebakedImage().orElse(null))
                .joinParameter(model.naming().kubernetesJoinParameter())
                .secretsPrefix(model.naming().secretName(""));
    }

    /**
     * The cluster's objects for a release: the add-ons, and each service with its image.
     *
     * @param images each service's image, {@code REGISTRY/REPOSITORY:TAG}
     * @param publicUrl the environment's public URL ({@code BERTH_PUBLIC_URL})
     */
    public static KubernetesManifests manifests(EnvironmentModel model, Map<String, String> images, String publicUrl) {
        List<Workload.Props> workloads = new ArrayList<>();
        for (ServiceModel service : services(model)) {
            String image = images.get(service.name());
            if (image == null) {
                throw new IllegalArgumentException("no image for " + service.name());
            }
            workloads.add(workload(model, service, image, publicUrl));
        }
        return KubernetesManifests.builder()
                .namespace(model.naming().prefix())
                .project(model.naming().project())
                .serviceDomain(model.naming().serviceNamespace())
                .workloads(workloads)
                .build();
    }

    /** {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG}, the service's repository as its ECS task has it. */
    public static String image(Naming naming, ServiceModel service, String account, String tag) {
        return account + ".dkr.ecr." + naming.region() + ".amazonaws.com/" + service.image().repositoryName(naming, service.name()) + ":" + tag;
    }

    static Workload.Props workload(EnvironmentModel model, ServiceModel service, String image, String publicUrl) {
        String vpc = model.network().cidr().toString();
        List<Workload.EgressRule> egress = new ArrayList<>();
        service.database().ifPresent(database -> egress.add(new Workload.EgressRule(vpc, Database.PORT)));
        service.cache().ifPresent(cache -> egress.add(new Workload.EgressRule(vpc, Cache.PORT)));
        List<String> callsInCluster = new ArrayList<>();
        for (String callee : service.uses().calls()) {
            ServiceModel target = model.services().named(callee).orElseThrow();
            if (runsOnCluster(target)) {
                callsInCluster.add(callee);
            } else {
                // An ECS service, through Cloud Map: its tasks' addresses are in the VPC, its group admits the workers.
                egress.add(new Workload.EgressRule(vpc, target.routing().port()));
            }
        }
        return Workload.Props.builder()
                .name(service.name())
                .image(image)
                .port(service.routing().port())
                .healthCheckPath(service.routing().healthCheckPath())
                .route(service.routing().internal() ? null : service.routing().path().orElse(IngressPath.DEFAULT_ROUTE))
                .size(service.capacity().size().milliVcpu(), service.capacity().size().memoryMiB())
                .replicas(service.capacity().minTasks(), service.capacity().maxTasks())
                .cpuTargetPercent(service.capacity().targets().cpuPercent())
                .variables(service.uses().variables().plain())
                .publicUrl(publicUrl)
                .secrets(secrets(model.naming(), service, model.services()))
                .calls(callsInCluster)
                .egress(egress)
                .httpsAnywhere(true)
                .build();
    }

    /** Each secret variable of the service, from the same secret and field as its ECS task would take it. */
    static List<Workload.SecretVariable> secrets(Naming naming, ServiceModel service, Services services) {
        List<Workload.SecretVariable> secrets = new ArrayList<>();
        for (ServiceModel.SecretVariable variable : service.secretVariables(services.sharedSecrets())) {
            String secretId = switch (variable.source()) {
                case DATABASE -> naming.serviceDatabaseSecretName(service.name());
                case CACHE -> naming.cacheSecretName();
                case SHARED -> naming.declaredSecretName(Services.SHARED, variable.key());
                case DECLARED -> naming.declaredSecretName(service.name(), variable.key());
            };
            boolean field = (variable.source() == ServiceModel.SecretVariable.Source.DATABASE
                    || variable.source() == ServiceModel.SecretVariable.Source.CACHE) && variable.key() != null;
            secrets.add(field ? Workload.SecretVariable.field(variable.name(), secretId, variable.key())
                    : Workload.SecretVariable.whole(variable.name(), secretId));
        }
        return secrets;
    }
}
