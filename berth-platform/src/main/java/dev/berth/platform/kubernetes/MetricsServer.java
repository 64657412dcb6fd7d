package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;
import static dev.berth.platform.kubernetes.Manifest.metadata;
import static dev.berth.platform.kubernetes.Manifest.object;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * metrics-server, which the HorizontalPodAutoscalers read pods' CPU from, as its release's components.yaml deploys
 * it in kube-system (same names, rights and arguments), with limits added and labels of Berth's.
 *
 * <p>It checks the kubelets' serving certificates: the nodes' kubelets ask for certificates the control plane
 * approves (kubelet-serving CSRs), signed by the cluster's CA that every pod's service account token comes with. So
 * no {@code --kubelet-insecure-tls}.
 */
final class MetricsServer {

    static final String NAME = "metrics-server";
    static final String NAMESPACE = "kube-system";
    static final int PORT = 10250;
    static final String PORT_NAME = "https";
    /** The user components.yaml runs it as. */
    static final int USER = 1000;

    private final Map<String, String> labels;

    MetricsServer(String project) {
        this.labels = Labels.of(NAME, project);
    }

    private Map<String, Object> ownMetadata() {
        return metadata(NAME, NAMESPACE, labels);
    }

    Map<String, Object> serviceAccount() {
        return object("v1", "ServiceAccount", ownMetadata());
    }

    /** Reading pods' and nodes' metrics, added to the built-in view, edit and admin roles. */
    Map<String, Object> aggregatedReader() {
        Map<String, String> aggregated = new LinkedHashMap<>(labels);
        for (String role : List.of("admin", "edit", "view")) {
            aggregated.put("rbac.authorization.k8s.io/aggregate-to-" + role, "true");
        }
        return object(Rbac.API_VERSION, "ClusterRole", metadata("system:aggregated-metrics-reader", null, aggregated),
                "rules", List.of(Rbac.rule("metrics.k8s.io", List.of("pods", "nodes"), List.of("get", "list", "watch"))));
    }

    /** What metrics-server itself reads: the kubelets' metrics, the pods and the nodes. */
    Map<String, Object> clusterRole() {
        return object(Rbac.API_VERSION, "ClusterRole", metadata("system:" + NAME, null, labels), "rules", List.of(
                Rbac.rule("", List.of("nodes/metrics"), List.of("get")),
                Rbac.rule("", List.of("pods", "nodes"), List.of("get", "list", "watch"))));
    }

    Map<String, Object> clusterRoleBinding() {
        return binding("ClusterRoleBinding", "system:" + NAME, null, "ClusterRole", "system:" + NAME);
    }

    /** As an aggregated API server it asks the API server who a caller is and whether it may (delegated auth). */
    Map<String, Object> authDelegatorBinding() {
        return binding("ClusterRoleBinding", NAME + ":system:auth-delegator", null, "ClusterRole", "system:auth-delegator");
    }

    /**
     * And reads the client CA the API server's requests to it are signed with (kube-system's
     * extension-apiserver-authentication ConfigMap).
     */
    Map<String, Object> authReaderBinding() {
        return binding("RoleBinding", NAME + "-auth-reader", NAMESPACE, "Role", "extension-apiserver-authentication-reader");
    }

    Map<String, Object> service() {
        return object("v1", "Service", ownMetadata(), "spec", fields(
                "selector", Labels.selector(NAME),
                "ports", List.of(fields("name", PORT_NAME, "port", 443, "targetPort", PORT_NAME, "protocol", "TCP"))));
    }

    Map<String, Object> deployment() {
        Map<String, Object> container = fields(
                "name", NAME,
                "image", KubernetesVersions.METRICS_SERVER_IMAGE,
                "args", List.of(
                        "--cert-dir=/tmp",
                        "--secure-port=" + PORT,
                        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                        "--kubelet-use-node-status-port",
                        "--metric-resolution=15s"),
                "ports", List.of(fields("name", PORT_NAME, "containerPort", PORT, "protocol", "TCP")),
                "resources", RestrictedPods.resources("100m", "1000m", "256Mi"),
                "readinessProbe", fields("httpGet", probe("/readyz"), "initialDelaySeconds", 20, "periodSeconds", 10,
                        "failureThreshold", 3),
                "livenessProbe", fields("httpGet", probe("/livez"), "periodSeconds", 10, "failureThreshold", 3),
                "securityContext", RestrictedPods.containerSecurityContext(true),
                "volumeMounts", List.of(RestrictedPods.tmpMount()));
        Map<String, Object> podSpec = fields(
                "serviceAccountName", NAME,
                "priorityClassName", "system-cluster-critical",
                "nodeSelector", fields("kubernetes.io/os", "linux"),
                "securityContext", RestrictedPods.podSecurityContext(USER),
                "containers", List.of(container),
                "volumes", List.of(RestrictedPods.tmpVolume()));
        return object("apps/v1", "Deployment", ownMetadata(), "spec", fields(
                "selector", fields("matchLabels", Labels.selector(NAME)),
                "strategy", fields("rollingUpdate", fields("maxUnavailable", 0)),
                "template", fields("metadata", fields("labels", labels), "spec", podSpec)));
    }

    /**
     * The metrics API served by metrics-server. The API server does not verify metrics-server's certificate, which
     * metrics-server makes itself at start (in /tmp), as in components.yaml: verifying it would take a CA made and
     * rotated outside the cluster's objects.
     */
    Map<String, Object> apiService() {
        return object("apiregistration.k8s.io/v1", "APIService", metadata("v1beta1.metrics.k8s.io", null, labels), "spec", fields(
                "group", "metrics.k8s.io",
                "version", "v1beta1",
                "groupPriorityMinimum", 100,
                "versionPriority", 100,
                "insecureSkipTLSVerify", true,
                "service", fields("name", NAME, "namespace", NAMESPACE)));
    }

    private static Map<String, Object> probe(String path) {
        return fields("path", path, "port", PORT_NAME, "scheme", "HTTPS");
    }

    private Map<String, Object> binding(String kind, String name, String namespace, String roleKind, String role) {
        return Rbac.binding(kind, metadata(name, namespace, labels), roleKind, role, NAME, NAMESPACE);
    }
}
