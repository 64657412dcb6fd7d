package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;

import java.util.List;
import java.util.Map;

/**
 * What every pod Berth runs has in common, workloads and add-ons alike: the settings Pod Security's {@code restricted}
 * level demands, a writable /tmp on a read-only root, spreading across zones and nodes, and a quiet shutdown.
 */
final class RestrictedPods {

    static final String TMP_VOLUME = "tmp";

    /**
     * How long a stopping pod keeps serving before its process gets SIGTERM: the time for kube-proxy and Traefik to
     * see the pod leave its EndpointSlice and stop sending it requests. A native sleep, not {@code sh -c sleep}: it
     * needs no shell in the image (distroless images have none).
     */
    static final int PRE_STOP_SLEEP_SECONDS = 10;

    /**
     * From SIGKILL's point of view, the sleep plus 30 s for the process to finish what it serves: Spring Boot's own
     * graceful-shutdown timeout is 30 s.
     */
    static final int TERMINATION_GRACE_PERIOD_SECONDS = PRE_STOP_SLEEP_SECONDS + 30;

    /** A cap on /tmp: a runaway writer fills its own volume, then fails, instead of the node's disk. */
    static final String TMP_SIZE_LIMIT = "1Gi";

    private RestrictedPods() {
    }

    /**
     * A namespace where Pod Security admission refuses any pod short of the {@code restricted} level, and warns and
     * audits by the same rules, each pinned to {@link KubernetesVersions#KUBERNETES_VERSION}'s definition of the
     * level: a cluster upgrade does not change what is admitted.
     */
    static Map<String, Object> namespace(String name, String project) {
        Map<String, String> labels = Labels.of(name, project);
        for (String mode : List.of("enforce", "warn", "audit")) {
            labels.put("pod-security.kubernetes.io/" + mode, "restricted");
            labels.put("pod-security.kubernetes.io/" + mode + "-version", KubernetesVersions.minorVersion());
        }
        return Manifest.object("v1", "Namespace", Manifest.metadata(name, null, labels));
    }

    /**
     * Pod-level: never root and the container runtime's default seccomp profile. Without a user of its own, the
     * image's USER must be numeric and not 0, or the kubelet refuses to start the container (it cannot prove it is
     * not root).
     */
    static Map<String, Object> podSecurityContext(Integer runAsUser) {
        return fields("runAsNonRoot", true, "runAsUser", runAsUser, "seccompProfile", fields("type", "RuntimeDefault"));
    }

    /** Container-level: no setuid escalation, no Linux capability at all, the image's files read-only when asked. */
    static Map<String, Object> containerSecurityContext(boolean readOnlyRootFilesystem) {
        return fields("allowPrivilegeEscalation", false, "capabilities", fields("drop", List.of("ALL")),
                "readOnlyRootFilesystem", readOnlyRootFilesystem);
    }

    static Map<String, Object> tmpVolume() {
        return fields("name", TMP_VOLUME, "emptyDir", fields("sizeLimit", TMP_SIZE_LIMIT));
    }

    static Map<String, Object> tmpMount() {
        return fields("name", TMP_VOLUME, "mountPath", "/tmp");
    }

    static Map<String, Object> preStopSleep() {
        return fields("preStop", fields("sleep", fields("seconds", PRE_STOP_SLEEP_SECONDS)));
    }

    /**
     * The pods of one component, as even as the scheduler can make them over zones, then over nodes. ScheduleAnyway:
     * a zone without room must not leave a pod pending. Per revision (pod-template-hash), so a rolling update spreads
     * the new pods rather than counting the old ones that are leaving.
     */
    static List<Object> spreadAcrossZonesAndNodes(String name) {
        return List.of(spread("topology.kubernetes.io/zone", name), spread("kubernetes.io/hostname", name));
    }

    private static Map<String, Object> spread(String topologyKey, String name) {
        return fields("maxSkew", 1, "topologyKey", topologyKey, "whenUnsatisfiable", "ScheduleAnyway",
                "labelSelector", fields("matchLabels", Labels.selector(name)), "matchLabelKeys", List.of("pod-template-hash"));
    }

    /**
     * Memory requested as much as the limit: a container is killed at its limit anyway, and a node whose pods use
     * more than they asked runs out of memory for all of them. CPU may burst above its request up to the limit; a
     * workload asks for its tier alone, requests equal to limits, so it gets its own CPU and is evicted last.
     */
    static Map<String, Object> resources(String cpuRequest, String cpuLimit, String memory) {
        return fields("requests", fields("cpu", cpuRequest, "memory", memory), "limits", fields("cpu", cpuLimit, "memory", memory));
    }
}
