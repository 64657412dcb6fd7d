package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;
import static dev.berth.platform.kubernetes.Manifest.metadata;
import static dev.berth.platform.kubernetes.Manifest.object;

import java.util.List;
import java.util.Map;

/**
 * Traefik Proxy v3 as the cluster's ingress controller, with only its Kubernetes Ingress provider: it routes the
 * {@code traefik} class's Ingresses of the environment's namespace to the services' pods. The load balancer's
 * instance target group sends to every node on {@link KubernetesManifests#INGRESS_NODE_PORT}, and kube-proxy on to a
 * Traefik pod; its health check asks Traefik's ping on {@link KubernetesManifests#INGRESS_HEALTH_PATH}.
 *
 * <p>Why Traefik: ingress-nginx, the usual choice, was retired in March 2026.
 */
final class IngressController {

    static final String NAME = "traefik";
    /** Where Traefik listens (its {@code web} entry point): above 1024, so it needs no capability to bind. */
    static final int PORT = 8000;
    static final String PORT_NAME = "web";
    /** The controller name Traefik's Kubernetes Ingress provider claims IngressClasses by. */
    static final String CONTROLLER = "traefik.io/ingress-controller";
    /** Two pods, spread over zones and nodes: a node lost or drained leaves one serving. */
    static final int REPLICAS = 2;
    /** A user of no meaning on the node: the image needs none of root's rights. */
    static final int USER = 65532;

    private final String namespace;
    private final String project;
    private final Map<String, String> labels;

    /**
     * @param namespace the environment's namespace, the one Traefik watches
     * @param project the project, for the labels
     */
    IngressController(String namespace, String project) {
        this.namespace = namespace;
        this.project = project;
        this.labels = Labels.of(NAME, project);
    }

    private Map<String, Object> ownMetadata() {
        return Manifest.metadata(NAME, KubernetesManifests.INGRESS_NAMESPACE, labels);
    }

    Map<String, Object> namespace() {
        return RestrictedPods.namespace(KubernetesManifests.INGRESS_NAMESPACE, project);
    }

    Map<String, Object> serviceAccount() {
        return object("v1", "ServiceAccount", ownMetadata());
    }

    /**
     * What the provider reads cluster-wide: IngressClasses, to know which are its own, and nodes, which it watches
     * since v3.1 (for NodePort load balancing) and waits for at start whether used or not (client.go: its cluster-scope
     * informer factory). Traefik's own RBAC example has the same plus what other providers need.
     */
    Map<String, Object> clusterRole() {
        return object(Rbac.API_VERSION, "ClusterRole", metadata(clusterWideName(), null, labels), "rules", List.of(
                Rbac.rule("networking.k8s.io", List.of("ingressclasses"), List.of("get", "list", "watch")),
                Rbac.rule("", List.of("nodes"), List.of("get", "list", "watch"))));
    }

    Map<String, Object> clusterRoleBinding() {
        return Rbac.binding("ClusterRoleBinding", metadata(clusterWideName(), null, labels), "ClusterRole", clusterWideName(),
                NAME, KubernetesManifests.INGRESS_NAMESPACE);
    }

    /**
     * What the provider reads in the namespace it watches, and nowhere else: a Role, so Traefik cannot read the
     * Secrets of kube-system or of any other namespace. Secrets are watched at start for TLS Ingresses (none here), and
     * it writes the Ingresses' status.
     */
    Map<String, Object> role() {
        return object(Rbac.API_VERSION, "Role", metadata(clusterWideName(), namespace, labels), "rules", List.of(
                Rbac.rule("", List.of("services", "secrets"), List.of("get", "list", "watch")),
                Rbac.rule("discovery.k8s.io", List.of("endpointslices"), List.of("list", "watch")),
                Rbac.rule("networking.k8s.io", List.of("ingresses"), List.of("get", "list", "watch")),
                Rbac.rule("networking.k8s.io", List.of("ingresses/status"), List.of("update"))));
    }

    Map<String, Object> roleBinding() {
        return Rbac.binding("RoleBinding", metadata(clusterWideName(), namespace, labels), "Role", clusterWideName(),
                NAME, KubernetesManifests.INGRESS_NAMESPACE);
    }

    /** The class every routed service's Ingress names; not the cluster's default, so no Ingress is Traefik's by accident. */
    Map<String, Object> ingressClass() {
        return object("networking.k8s.io/v1", "IngressClass", metadata(KubernetesManifests.INGRESS_CLASS, null, labels),
                "spec", fields("controller", CONTROLLER));
    }

    /**
     * Traefik's pods take connections on their port from anywhere: the load balancer's come through a node's NodePort,
     * where kube-proxy replaces their source with the node's address. Their egress is not restricted: they reach the
     * API server, whose address (the control plane's) no policy here knows. The services' own policies let Traefik in.
     */
    Map<String, Object> networkPolicy() {
        return object("networking.k8s.io/v1", "NetworkPolicy", ownMetadata(), "spec", fields(
                "podSelector", fields("matchLabels", Labels.selector(NAME)),
                "policyTypes", List.of("Ingress"),
                "ingress", List.of(fields("ports", List.of(NetworkPolicies.tcp(PORT))))));
    }

    Map<String, Object> deployment() {
        Map<String, Object> container = fields(
                "name", NAME,
                "image", KubernetesVersions.TRAEFIK_IMAGE,
                "args", arguments(),
                "ports", List.of(fields("name", PORT_NAME, "containerPort", PORT, "protocol", "TCP")),
                "resources", RestrictedPods.resources("100m", "1000m", "256Mi"),
                "readinessProbe", fields("httpGet", ping(), "periodSeconds", 5, "failureThreshold", 2),
                "livenessProbe", fields("httpGet", ping(), "periodSeconds", 10, "failureThreshold", 3),
                "lifecycle", RestrictedPods.preStopSleep(),
                "securityContext", RestrictedPods.containerSecurityContext(true),
                "volumeMounts", List.of(RestrictedPods.tmpMount()));
        Map<String, Object> podSpec = fields(
                "serviceAccountName", NAME,
                "securityContext", RestrictedPods.podSecurityContext(USER),
                "terminationGracePeriodSeconds", RestrictedPods.TERMINATION_GRACE_PERIOD_SECONDS,
                "topologySpreadConstraints", RestrictedPods.spreadAcrossZonesAndNodes(NAME),
                "containers", List.of(container),
                "volumes", List.of(RestrictedPods.tmpVolume()));
        return object("apps/v1", "Deployment", ownMetadata(), "spec", fields(
                "replicas", REPLICAS,
                "selector", fields("matchLabels", Labels.selector(NAME)),
                "strategy", fields("type", "RollingUpdate", "rollingUpdate", fields("maxSurge", 1, "maxUnavailable", 0)),
                "template", fields("metadata", fields("labels", labels), "spec", podSpec)));
    }

    /**
     * The static configuration, as arguments: the one entry point, ping on it (so the load balancer checks the port it
     * sends to), the Ingress provider on the environment's namespace only, JSON logs and access logs for CloudWatch,
     * and no call home (the pods have no way out to the internet anyway).
     */
    private List<String> arguments() {
        return List.of(
                "--entrypoints." + PORT_NAME + ".address=:" + PORT,
                "--ping=true",
                "--ping.entrypoint=" + PORT_NAME,
                "--providers.kubernetesingress=true",
                "--providers.kubernetesingress.namespaces=" + namespace,
                "--log.format=json",
                "--accesslog=true",
                "--accesslog.format=json",
                "--global.checknewversion=false",
                "--global.sendanonymoususage=false");
    }

    private static Map<String, Object> ping() {
        return fields("path", KubernetesManifests.INGRESS_HEALTH_PATH, "port", PORT_NAME);
    }

    /**
     * A NodePort fixed, not allocated: the load balancer's target group is made before the cluster and points at it.
     * Policy Cluster: every node answers, whether a Traefik pod runs there or not, so the target group's health is the
     * health of the path through the node.
     */
    Map<String, Object> service() {
        return object("v1", "Service", ownMetadata(), "spec", fields(
                "type", "NodePort",
                "externalTrafficPolicy", "Cluster",
                "selector", Labels.selector(NAME),
                "ports", List.of(fields("name", PORT_NAME, "port", 80, "targetPort", PORT_NAME,
                        "nodePort", KubernetesManifests.INGRESS_NODE_PORT, "protocol", "TCP"))));
    }

    Map<String, Object> disruptionBudget() {
        return Workload.disruptionBudget(ownMetadata(), NAME);
    }

    /** Cluster-wide names carry Berth's mark: they share one space with everything else of the cluster. */
    private static String clusterWideName() {
        return "berth-" + NAME;
    }
}
