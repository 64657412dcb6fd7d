package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;
import static dev.berth.platform.kubernetes.Manifest.object;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Berth service on Kubernetes: its ServiceAccount, Deployment, ClusterIP Service, Ingress when it is routed,
 * HorizontalPodAutoscaler and PodDisruptionBudget. Its NetworkPolicy depends on the other services and is made by
 * {@link NetworkPolicies}; {@link KubernetesManifests} puts everything together.
 */
public final class Workload {

    /** The variable the public URL reaches the app in, as on ECS. */
    public static final String PUBLIC_URL = "BERTH_PUBLIC_URL";

    /** The name of the port on the container and the Service; the probes and the Service's target name it. */
    static final String PORT_NAME = "http";

    /**
     * The startup probe tries every 5 s for 2 minutes: a JVM app with a cold class cache may take one to be ready,
     * and until the startup probe passes the liveness probe does not run, so a slow start is not a restart loop.
     */
    static final int STARTUP_PERIOD_SECONDS = 5;
    static final int STARTUP_FAILURE_THRESHOLD = 24;

    /** A Secrets Manager secret id, as the sync script passes it to the AWS CLI: no blank, no tab, no line break. */
    private static final Pattern SECRET_ID = Pattern.compile("\\S+");
    private static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])");

    /**
     * A variable whose value the control plane copies from Secrets Manager into the service's Secret
     * ({@code SERVICE-secrets}, key: the variable's name); see {@link SecretSync}.
     *
     * @param name the variable's name
     * @param secretId the Secrets Manager secret's name or ARN
     * @param jsonField the field of the secret's JSON whose value it is, or null for the secret's whole string
     */
    public record SecretVariable(String name, String secretId, String jsonField) {

        public SecretVariable {
            Names.variable(name, "a secret variable's name");
            if (secretId == null || !SECRET_ID.matcher(secretId).matches()) {
                throw new IllegalArgumentException("secret variable " + name + ": the secret id must be a name or ARN without"
                        + " blanks; got '" + secretId + "'");
            }
            if (jsonField != null && (!SECRET_ID.matcher(jsonField).matches() || jsonField.equals(SecretSync.WHOLE_SECRET))) {
                throw new IllegalArgumentException("secret variable " + name + ": the JSON field must be a key without blanks,"
                        + " not '" + SecretSync.WHOLE_SECRET + "' (which means the whole secret); got '" + jsonField + "'");
            }
        }

        /** The secret's whole string. */
        public static SecretVariable whole(String name, String secretId) {
            return new SecretVariable(name, secretId, null);
        }

        /** One field of the secret's JSON. */
        public static SecretVariable field(String name, String secretId, String jsonField) {
            return new SecretVariable(name, secretId, Objects.requireNonNull(jsonField, "jsonField"));
        }
    }

    /**
     * Addresses outside the cluster the service's pods may open TCP connections to (a database, a cache).
     *
     * @param cidr an IPv4 range, such as a data subnet's
     * @param port the port there
     */
    public record EgressRule(String cidr, int port) {

        public EgressRule {
            if (cidr == null || !IPV4_CIDR.matcher(cidr).matches()) {
                throw new IllegalArgumentException("an egress rule's range must be an IPv4 CIDR such as 10.0.32.0/20; got '"
                        + cidr + "'");
            }
            requirePort(port, "an egress rule's port");
        }
    }

    /** What a {@link Workload} needs. {@link #builder()} documents each default; the name and the image are required. */
    public static final class Props {

        final String name;
        final String image;
        final int port;
        final String healthCheckPath;
        final String route;
        final int cpuMillicores;
        final int memoryMiB;
        final int minReplicas;
        final int maxReplicas;
        final int cpuTargetPercent;
        final Map<String, String> variables;
        final String publicUrl;
        final List<SecretVariable> secrets;
        final List<String> calls;
        final List<EgressRule> egress;
        final boolean httpsAnywhere;
        final boolean readOnlyRootFilesystem;
        final Integer runAsUser;

        private Props(Builder b) {
            this.name = Names.dnsLabel(b.name, "a service's name");
            this.image = pinnedImage(b.image, name);
            this.port = requirePort(b.port, "service " + name + ": the port");
            this.healthCheckPath = Objects.requireNonNull(b.healthCheckPath, "healthCheckPath");
            this.route = b.route;
            this.cpuMillicores = b.cpuMillicores;
            this.memoryMiB = b.memoryMiB;
            this.minReplicas = b.minReplicas;
            this.maxReplicas = b.maxReplicas;
            this.cpuTargetPercent = b.cpuTargetPercent;
            this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
            this.publicUrl = b.publicUrl;
            this.secrets = List.copyOf(b.secrets);
            this.calls = List.copyOf(b.calls);
            this.egress = List.copyOf(b.egress);
            this.httpsAnywhere = b.httpsAnywhere;
            this.readOnlyRootFilesystem = b.readOnlyRootFilesystem;
            this.runAsUser = b.runAsUser;
            if (!healthCheckPath.startsWith("/")) {
                throw new IllegalArgumentException("service " + name + ": the health check path starts with '/'; got '"
                        + healthCheckPath + "'");
            }
            if (route != null) {
                IngressPath.of(route);
            }
            if (cpuMillicores < 1 || memoryMiB < 1) {
                throw new IllegalArgumentException("service " + name + ": CPU and memory are positive; got " + cpuMillicores
                        + "m and " + memoryMiB + " MiB");
            }
            if (minReplicas < 1 || minReplicas > maxReplicas) {
                throw new IllegalArgumentException("service " + name + ": replicas from at least 1 up to at least as many;"
                        + " got " + minReplicas + " to " + maxReplicas);
            }
            if (cpuTargetPercent < 1 || cpuTargetPercent > 100) {
                throw new IllegalArgumentException("service " + name + ": the CPU target is 1 to 100 %; got " + cpuTargetPercent);
            }
            if (runAsUser != null && runAsUser < 1) {
                throw new IllegalArgumentException("service " + name + ": runAsUser is a user other than root (0); got "
                        + runAsUser);
            }
            if (calls.contains(name)) {
                throw new IllegalArgumentException("service " + name + " lists itself in calls, which names the other services"
                        + " it calls");
            }
            variables.forEach((variable, value) -> Objects.requireNonNull(value, "service " + name + ": variable " + variable));
            Set<String> names = new HashSet<>();
            for (String variable : variableNames()) {
                if (!names.add(Names.variable(variable, "service " + name + ": a variable's name"))) {
                    throw new IllegalArgumentException("service " + name + ": variable " + variable + " is given twice");
                }
            }
        }

        /** Every variable the container gets, in order: the plain ones, the public URL, the secret ones. */
        List<String> variableNames() {
            List<String> names = new ArrayList<>(variables.keySet());
            if (publicUrl != null) {
                names.add(PUBLIC_URL);
            }
            secrets.forEach(secret -> names.add(secret.name()));
            return names;
        }

        String name() {
            return name;
        }

        /** The name of the Secret the service's secret variables come from. */
        String secretName() {
            return name + "-secrets";
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String name;
            private String image;
            private int port = 8080;
            private String healthCheckPath = "/";
            private String route;
            private int cpuMillicores = 500;
            private int memoryMiB = 1024;
            private int minReplicas = 1;
            private int maxReplicas = 4;
            private int cpuTargetPercent = 60;
            private Map<String, String> variables = Map.of();
            private String publicUrl;
            private List<SecretVariable> secrets = List.of();
            private List<String> calls = List.of();
            private List<EgressRule> egress = List.of();
            private boolean httpsAnywhere;
            private boolean readOnlyRootFilesystem = true;
            private Integer runAsUser;

            /** The service's name: a DNS label, the name of its objects and of its pods' label. */
            public Builder name(String name) {
                this.name = name;
                return this;
            }

            /** The full image reference, pinned by a tag other than {@code latest} or by a digest. */
            public Builder image(String image) {
                this.image = image;
                return this;
            }

            /** Default 8080: the container's port, and the Service's, as callers reach it on ECS through Cloud Map. */
            public Builder port(int port) {
                this.port = port;
                return this;
            }

            /** Default {@code /}. */
            public Builder healthCheckPath(String healthCheckPath) {
                this.healthCheckPath = healthCheckPath;
                return this;
            }

            /**
             * Default: none, the service is internal (only the services that call it reach it). Else its path pattern,
             * such as {@code /api/*} or {@code /health}, or {@link IngressPath#DEFAULT_ROUTE}; see {@link IngressPath}.
             */
            public Builder route(String route) {
                this.route = route;
                return this;
            }

            /** Default 500 millicores and 1024 MiB (the tiers: 250/512, 500/1024, 1000/2048, 2000/4096). */
            public Builder size(int cpuMillicores, int memoryMiB) {
                this.cpuMillicores = cpuMillicores;
                this.memoryMiB = memoryMiB;
                return this;
            }

            /** Default 1 to 4. */
            public Builder replicas(int minReplicas, int maxReplicas) {
                this.minReplicas = minReplicas;
                this.maxReplicas = maxReplicas;
                return this;
            }

            /** Default 60 % of the CPU requested, on average over the pods. */
            public Builder cpuTargetPercent(int cpuTargetPercent) {
                this.cpuTargetPercent = cpuTargetPercent;
                return this;
            }

            /** Default: none. Plain settings by name, in the order given: no credential ever goes here. */
            public Builder variables(Map<String, String> variables) {
                this.variables = variables;
                return this;
            }

            /** Default: none. Given to the container as {@link #PUBLIC_URL}. */
            public Builder publicUrl(String publicUrl) {
                this.publicUrl = publicUrl;
                return this;
            }

            /** Default: none. Variables whose values come from Secrets Manager, in the order given. */
            public Builder secrets(List<SecretVariable> secrets) {
                this.secrets = secrets;
                return this;
            }

            /** Default: none. The services of the same cluster this one calls: its pods may reach theirs, on their port. */
            public Builder calls(List<String> calls) {
                this.calls = calls;
                return this;
            }

            /** Default: none. Ranges and ports outside the cluster the pods may reach (the data subnets). */
            public Builder egress(List<EgressRule> egress) {
                this.egress = egress;
                return this;
            }

            /**
             * Default false. Whether the pods may reach HTTPS (443) anywhere, as AWS's APIs need; never the instance
             * metadata address, whose credentials are the node's.
             */
            public Builder httpsAnywhere(boolean httpsAnywhere) {
                this.httpsAnywhere = httpsAnywhere;
                return this;
            }

            /** Default true: the image's files cannot be changed; /tmp is writable (an emptyDir) for temporary files. */
            public Builder readOnlyRootFilesystem(boolean readOnlyRootFilesystem) {
                this.readOnlyRootFilesystem = readOnlyRootFilesystem;
                return this;
            }

            /**
             * Default: the image's USER, which must then be numeric and not 0 (the kubelet starts no container it cannot
             * prove is not root). A user id for images whose USER is a name.
             */
            public Builder runAsUser(int runAsUser) {
                this.runAsUser = runAsUser;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }

    private final Props props;
    private final String namespace;
    private final Map<String, String> labels;

    Workload(Props props, String namespace, String project) {
        this.props = Objects.requireNonNull(props, "props");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.labels = Labels.of(props.name, project);
    }

    private Map<String, Object> ownMetadata() {
        return Manifest.metadata(props.name, namespace, labels);
    }

    /** Its own identity, which holds no permission and whose token is never mounted: the app does not call the API. */
    Map<String, Object> serviceAccount() {
        return object("v1", "ServiceAccount", ownMetadata(), "automountServiceAccountToken", false);
    }

    /**
     * No replica count: the autoscaler owns it, and a count here would reset the pods to it at every apply. A rolling
     * update starts a new pod before it stops an old one.
     */
    Map<String, Object> deployment() {
        Map<String, Object> podSpec = fields(
                "serviceAccountName", props.name,
                "automountServiceAccountToken", false,
                // Service links would add a variable per Service of the namespace, changing as services come and go.
                "enableServiceLinks", false,
                "securityContext", RestrictedPods.podSecurityContext(props.runAsUser),
                "terminationGracePeriodSeconds", RestrictedPods.TERMINATION_GRACE_PERIOD_SECONDS,
                "topologySpreadConstraints", RestrictedPods.spreadAcrossZonesAndNodes(props.name),
                "containers", List.of(container()),
                "volumes", List.of(RestrictedPods.tmpVolume()));
        return object("apps/v1", "Deployment", ownMetadata(), "spec", fields(
                "selector", fields("matchLabels", Labels.selector(props.name)),
                "strategy", fields("type", "RollingUpdate", "rollingUpdate", fields("maxSurge", 1, "maxUnavailable", 0)),
                "template", fields("metadata", fields("labels", labels), "spec", podSpec)));
    }

    private Map<String, Object> container() {
        String memory = props.memoryMiB + "Mi";
        String cpu = props.cpuMillicores + "m";
        return fields(
                "name", props.name,
                "image", props.image,
                "ports", List.of(fields("name", PORT_NAME, "containerPort", props.port, "protocol", "TCP")),
                "env", environment(),
                "resources", RestrictedPods.resources(cpu, cpu, memory),
                "startupProbe", fields("httpGet", healthCheck(), "periodSeconds", STARTUP_PERIOD_SECONDS,
                        "failureThreshold", STARTUP_FAILURE_THRESHOLD),
                "readinessProbe", fields("httpGet", healthCheck(), "periodSeconds", 10, "timeoutSeconds", 2, "failureThreshold", 3),
                // Alive is only "the process accepts connections": the health check may well ask the database, and a
                // database outage must take the pods out of the Service (readiness), not restart every one of them.
                "livenessProbe", fields("tcpSocket", fields("port", PORT_NAME), "periodSeconds", 20, "failureThreshold", 3),
                "lifecycle", RestrictedPods.preStopSleep(),
                "securityContext", RestrictedPods.containerSecurityContext(props.readOnlyRootFilesystem),
                "volumeMounts", List.of(RestrictedPods.tmpMount()));
    }

    private Map<String, Object> healthCheck() {
        return fields("path", props.healthCheckPath, "port", PORT_NAME);
    }

    /** None when the service has no variable: an empty list is no field at all to Kubernetes. */
    private List<Object> environment() {
        List<Object> environment = new ArrayList<>();
        props.variables.forEach((name, value) -> environment.add(fields("name", name, "value", value)));
        if (props.publicUrl != null) {
            environment.add(fields("name", PUBLIC_URL, "value", props.publicUrl));
        }
        for (SecretVariable secret : props.secrets) {
            environment.add(fields("name", secret.name(), "valueFrom",
                    fields("secretKeyRef", fields("name", props.secretName(), "key", secret.name()))));
        }
        return environment.isEmpty() ? null : environment;
    }

    Map<String, Object> service() {
        return object("v1", "Service", ownMetadata(), "spec", fields(
                "type", "ClusterIP",
                "selector", Labels.selector(props.name),
                "ports", List.of(fields("name", PORT_NAME, "port", props.port, "targetPort", PORT_NAME, "protocol", "TCP"))));
    }

    /** Traefik's route to the service; none for an internal one. No host: the load balancer in front has checked it. */
    Optional<Map<String, Object>> ingress() {
        if (props.route == null) {
            return Optional.empty();
        }
        IngressPath path = IngressPath.of(props.route);
        Map<String, Object> backend = fields("service", fields("name", props.name, "port", fields("number", props.port)));
        return Optional.of(object("networking.k8s.io/v1", "Ingress", ownMetadata(), "spec", fields(
                "ingressClassName", KubernetesManifests.INGRESS_CLASS,
                "rules", List.of(fields("http", fields("paths", List.of(
                        fields("path", path.path(), "pathType", path.pathType(), "backend", backend))))))));
    }

    Map<String, Object> autoscaler() {
        Map<String, Object> cpu = fields("name", "cpu", "target",
                fields("type", "Utilization", "averageUtilization", props.cpuTargetPercent));
        return object("autoscaling/v2", "HorizontalPodAutoscaler", ownMetadata(), "spec", fields(
                "scaleTargetRef", fields("apiVersion", "apps/v1", "kind", "Deployment", "name", props.name),
                "minReplicas", props.minReplicas,
                "maxReplicas", props.maxReplicas,
                "metrics", List.of(fields("type", "Resource", "resource", cpu))));
    }

    /**
     * One pod at a time may be evicted (a node drain, an upgrade). Not a minimum available: with one replica,
     * {@code minAvailable: 1} would forbid every eviction and block the drain forever. A pod that is not ready may
     * always go: it serves nothing, and keeping it would block the drain just the same.
     */
    Map<String, Object> disruptionBudget() {
        return disruptionBudget(ownMetadata(), props.name);
    }

    static Map<String, Object> disruptionBudget(Map<String, Object> metadata, String name) {
        return object("policy/v1", "PodDisruptionBudget", metadata, "spec", fields(
                "maxUnavailable", 1,
                "unhealthyPodEvictionPolicy", "AlwaysAllow",
                "selector", fields("matchLabels", Labels.selector(name))));
    }

    private static String pinnedImage(String image, String service) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("service " + service + ": an image is required");
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        boolean digest = image.contains("@sha256:");
        boolean tag = lastSegment.contains(":") && !lastSegment.endsWith(":latest");
        if (!digest && !tag) {
            throw new IllegalArgumentException("service " + service + ": the image must be pinned by a tag other than"
                    + " 'latest' or by a digest, so a restarted pod runs what was deployed; got '" + image + "'");
        }
        return image;
    }

    static int requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " is 1 to 65535; got " + port);
        }
        return port;
    }
}
