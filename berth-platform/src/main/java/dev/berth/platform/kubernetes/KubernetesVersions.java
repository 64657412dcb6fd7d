package dev.berth.platform.kubernetes;

/**
 * The releases the cluster's objects are written for, each pinned: a cluster rebuilt next year runs what was tested,
 * and a new release is a reviewed change of one line here.
 */
public final class KubernetesVersions {

    /**
     * The Kubernetes release the objects target. The tests check every object against fabric8 8.0.0's model, which is
     * generated from this release's OpenAPI; the namespaces' Pod Security labels pin its policies.
     */
    public static final String KUBERNETES_VERSION = "1.37.0";

    /** Traefik Proxy's release: v3.6.8, a tag of the Docker Official Image {@code traefik}. */
    public static final String TRAEFIK_VERSION = "v3.6.8";

    /**
     * Traefik's image from ECR Public's mirror of Docker Hub's official images: pulled from AWS, without Docker Hub's
     * anonymous pull limit.
     */
    public static final String TRAEFIK_IMAGE = "public.ecr.aws/docker/library/traefik:" + TRAEFIK_VERSION;

    /** metrics-server's release, of the v0.8 line; {@link MetricsServer} follows that release's components.yaml. */
    public static final String METRICS_SERVER_VERSION = "v0.8.1";

    public static final String METRICS_SERVER_IMAGE = "registry.k8s.io/metrics-server/metrics-server:" + METRICS_SERVER_VERSION;

    private KubernetesVersions() {
    }

    /** {@code v1.37}: the form Pod Security admission's version labels take. */
    static String minorVersion() {
        return "v" + KUBERNETES_VERSION.substring(0, KUBERNETES_VERSION.lastIndexOf('.'));
    }
}
