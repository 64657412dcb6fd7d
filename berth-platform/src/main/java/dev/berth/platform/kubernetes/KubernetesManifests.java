package dev.berth.platform.kubernetes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an environment with {@code runtime: kubernetes} applies to its cluster: the namespaces, the add-ons
 * (Traefik as the ingress controller, metrics-server, CoreDNS's configuration) and each service's objects, as plain
 * data ({@link #objects()}), as the YAML {@code kubectl apply -f} takes ({@link #yaml()}), with the input of the
 * control plane's secret sync ({@link #secretSync()}). The same input gives the same text, byte for byte.
 *
 * <p>The objects come in the order they can be applied in: namespaces; service accounts and RBAC; configuration
 * (CoreDNS, the IngressClass); network policies, before any pod they guard; the add-ons; then each service's
 * Deployment, Service, Ingress, HorizontalPodAutoscaler and PodDisruptionBudget.
 */
public final class KubernetesManifests {

    /** The port every node takes the load balancer's requests on (its instance target group's), Traefik's NodePort. */
    public static final int INGRESS_NODE_PORT = 30080;

    /**
     * The target group's health check path on {@link #INGRESS_NODE_PORT}: Traefik's ping, 200 while it serves. Traefik
     * answers every path that starts with it itself, so no service's route may.
     */
    public static final String INGRESS_HEALTH_PATH = "/ping";

    /** The ingress controller's namespace. */
    public static final String INGRESS_NAMESPACE = "berth-ingress";

    /** The IngressClass of every routed service's Ingress. */
    public static final String INGRESS_CLASS = "traefik";

    /** Namespaces Berth's environment may not take: the cluster's own, and the ingress controller's. */
    private static final Set<String> RESERVED_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease",
            INGRESS_NAMESPACE);

    private final String namespace;
    private final String project;
    private final String serviceDomain;
    private final List<Workload.Props> workloads;

    private KubernetesManifests(Builder b) {
        this.namespace = Names.dnsLabel(b.namespace, "the environment's namespace");
        this.project = Names.dnsLabel(b.project, "the project's name");
        this.serviceDomain = Names.dnsName(b.serviceDomain, "the services' domain");
        this.workloads = List.copyOf(b.workloads);
        if (RESERVED_NAMESPACES.contains(namespace)) {
            throw new IllegalArgumentException("namespace " + namespace + " is the cluster's or Berth's own; an environment"
                    + " needs one of its own");
        }
        Set<String> names = new HashSet<>();
        Map<IngressPath, String> routes = new HashMap<>();
        for (Workload.Props workload : workloads) {
            if (!names.add(workload.name())) {
                throw new IllegalArgumentException("service " + workload.name() + " is given twice");
            }
            if (workload.name().equals(NetworkPolicies.DEFAULT_DENY)) {
                throw new IllegalArgumentException("a service may not be called " + NetworkPolicies.DEFAULT_DENY
                        + ": its network policy would take the place of the namespace's default one");
            }
            if (workload.route != null) {
                route(IngressPath.of(workload.route), workload.name(), routes);
            }
        }
        for (Workload.Props workload : workloads) {
            Set<String> callees = new HashSet<>();
            for (String callee : workload.calls) {
                if (!names.contains(callee)) {
                    throw new IllegalArgumentException("service " + workload.name() + " calls " + callee + ", which is not a"
                            + " service of this cluster; services: " + names.stream().sorted().toList());
                }
                if (!callees.add(callee)) {
                    throw new IllegalArgumentException("service " + workload.name() + " calls " + callee + " twice");
                }
            }
        }
    }

    private static void route(IngressPath path, String service, Map<IngressPath, String> routes) {
        if (path.path().startsWith(INGRESS_HEALTH_PATH)) {
            throw new IllegalArgumentException("service " + service + ": route " + path.path() + " would never reach it: Traefik"
                    + " answers every path starting with " + INGRESS_HEALTH_PATH + " itself (the load balancer's health check)");
        }
        String other = routes.putIfAbsent(path, service);
        if (other != null) {
            throw new IllegalArgumentException("services " + other + " and " + service + " have the same route, "
                    + path.pathType() + " " + path.path());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The objects, in apply order, each a fresh tree of ordered maps and lists. */
    public List<Map<String, Object>> objects() {
        IngressController ingress = new IngressController(namespace, project);
        MetricsServer metrics = new MetricsServer(project);
        NetworkPolicies policies = new NetworkPolicies(namespace, project, workloads);
        List<Workload> services = workloads.stream().map(props -> new Workload(props, namespace, project)).toList();

        List<Map<String, Object>> objects = new ArrayList<>();
        objects.add(RestrictedPods.namespace(namespace, project));
        objects.add(ingress.namespace());

        objects.add(ingress.serviceAccount());
        objects.add(metrics.serviceAccount());
        services.forEach(service -> objects.add(service.serviceAccount()));
        objects.add(ingress.clusterRole());
        objects.add(ingress.clusterRoleBinding());
        objects.add(ingress.role());
        objects.add(ingress.roleBinding());
        objects.add(metrics.aggregatedReader());
        objects.add(metrics.clusterRole());
        objects.add(metrics.clusterRoleBinding());
        objects.add(metrics.authDelegatorBinding());
        objects.add(metrics.authReaderBinding());

        objects.add(CoreDns.configMap(namespace, serviceDomain, workloads.stream().map(Workload.Props::name).toList(), project));
        objects.add(ingress.ingressClass());

        objects.add(policies.defaultDeny());
        workloads.forEach(workload -> objects.add(policies.of(workload)));
        objects.add(ingress.networkPolicy());

        objects.add(metrics.service());
        objects.add(metrics.deployment());
        objects.add(metrics.apiService());
        objects.add(ingress.deployment());
        objects.add(ingress.service());
        objects.add(ingress.disruptionBudget());

        for (Workload service : services) {
            objects.add(service.deployment());
            objects.add(service.service());
            service.ingress().ifPresent(objects::add);
            objects.add(service.autoscaler());
            objects.add(service.disruptionBudget());
        }
        return objects;
    }

    /** {@link #objects()} as one YAML text, a {@code ---} before each object. */
    public String yaml() {
        return ManifestYaml.render(objects());
    }

    /** The secret sync's input, in the format {@link SecretSync} documents. */
    public String secretSync() {
        return SecretSync.tsv(namespace, workloads);
    }

    public static final class Builder {
        private String namespace;
        private String project;
        private String serviceDomain;
        private List<Workload.Props> workloads = List.of();

        /** The environment's namespace, such as {@code notejam-dev}: every service runs there. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The project's name: every object's {@code app.kubernetes.io/part-of}. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** The private domain the services call each other in, as Cloud Map's on ECS, such as {@code notejam.local}. */
        public Builder serviceDomain(String serviceDomain) {
            this.serviceDomain = serviceDomain;
            return this;
        }

        /** Default: none. The services, in the order their objects and their secret variables come in. */
        public Builder workloads(List<Workload.Props> workloads) {
            this.workloads = Objects.requireNonNull(workloads, "workloads");
            return this;
        }

        public KubernetesManifests build() {
            return new KubernetesManifests(this);
        }
    }
}
