package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;
import static dev.berth.platform.kubernetes.Manifest.metadata;
import static dev.berth.platform.kubernetes.Manifest.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may talk to whom inside the environment's namespace, enforced by Calico. Everything is denied both ways unless a
 * policy allows it: a service's pods take connections on their port from the ingress controller when the service is
 * routed, and from the pods of the services that call it; they open connections to the cluster's DNS, to the
 * services they call on those services' ports, to the ranges and ports given (the data subnets), and to HTTPS
 * anywhere when allowed, never the instance metadata address (the node's credentials). Who calls whom is each
 * service's {@code calls}: a caller is any service that names this one.
 *
 * <p>The kubelet's probes need no rule: traffic from a pod's own node is always allowed.
 */
final class NetworkPolicies {

    /** The policy that isolates every pod of the namespace, those of no service included. */
    static final String DEFAULT_DENY = "default-deny";
    static final String INSTANCE_METADATA = "169.254.169.254/32";
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private final String namespace;
    private final String project;
    private final Map<String, Workload.Props> workloads = new LinkedHashMap<>();

    NetworkPolicies(String namespace, String project, List<Workload.Props> workloads) {
        this.namespace = namespace;
        this.project = project;
        workloads.forEach(workload -> this.workloads.put(workload.name(), workload));
    }

    Map<String, Object> defaultDeny() {
        return object("networking.k8s.io/v1", "NetworkPolicy", metadata(DEFAULT_DENY, namespace, Labels.of(DEFAULT_DENY, project)),
                "spec", fields("podSelector", fields(), "policyTypes", List.of("Ingress", "Egress")));
    }

    /** The service's policy; with no caller and no route, no ingress rule at all: nothing may connect. */
    Map<String, Object> of(Workload.Props service) {
        List<Object> sources = new ArrayList<>();
        if (service.route != null) {
            sources.add(fields(
                    "namespaceSelector", fields("matchLabels", namespaceLabel(KubernetesManifests.INGRESS_NAMESPACE)),
                    "podSelector", fields("matchLabels", Labels.selector(IngressController.NAME))));
        }
        for (Workload.Props caller : workloads.values()) {
            if (caller.calls.contains(service.name())) {
                sources.add(pods(caller.name()));
            }
        }
        List<Object> ingress = sources.isEmpty() ? null
                : List.of(fields("from", sources, "ports", List.of(tcp(service.port))));
        Map<String, Object> metadata = metadata(service.name(), namespace, Labels.of(service.name(), project));
        return object("networking.k8s.io/v1", "NetworkPolicy", metadata, "spec", fields(
                "podSelector", fields("matchLabels", Labels.selector(service.name())),
                "policyTypes", List.of("Ingress", "Egress"),
                "ingress", ingress,
                "egress", egress(service)));
    }

    private List<Object> egress(Workload.Props service) {
        List<Object> egress = new ArrayList<>();
        egress.add(fields(
                "to", List.of(fields(
                        "namespaceSelector", fields("matchLabels", namespaceLabel("kube-system")),
                        "podSelector", fields("matchLabels", fields("k8s-app", "kube-dns")))),
                "ports", List.of(fields("protocol", "UDP", "port", 53), tcp(53))));
        for (String callee : service.calls) {
            egress.add(fields("to", List.of(pods(callee)), "ports", List.of(tcp(workloads.get(callee).port))));
        }
        for (Workload.EgressRule rule : service.egress) {
            egress.add(fields("to", List.of(fields("ipBlock", fields("cidr", rule.cidr()))), "ports", List.of(tcp(rule.port()))));
        }
        if (service.httpsAnywhere) {
            egress.add(fields(
                    "to", List.of(fields("ipBlock", fields("cidr", "0.0.0.0/0", "except", List.of(INSTANCE_METADATA)))),
                    "ports", List.of(tcp(443))));
        }
        return egress;
    }

    private static Map<String, Object> pods(String service) {
        return fields("podSelector", fields("matchLabels", Labels.selector(service)));
    }

    private static Map<String, Object> namespaceLabel(String name) {
        return fields(NAMESPACE_NAME_LABEL, name);
    }

    static Map<String, Object> tcp(int port) {
        return fields("protocol", "TCP", "port", port);
    }
}
