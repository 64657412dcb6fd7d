package dev.berth.platform.compute;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codedeploy.IEcsApplication;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationTargetGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.servicediscovery.INamespace;

/** What a {@link WebService} needs. {@link #builder()} documents each default; the rest are required. */
public final class WebServiceProps {

    final String name;
    final ICluster cluster;
    final IVpc vpc;
    final SubnetSelection subnets;
    final ISecurityGroup securityGroup;
    final ContainerImage image;
    final int port;
    final String healthCheckPath;
    final int cpu;
    final int memoryMiB;
    final int minTasks;
    final int maxTasks;
    final int cpuTargetPercent;
    final int requestsPerTarget;
    final int memoryTargetPercent;
    final List<CapacityProviderStrategy> capacityProviders;
    final ApplicationListener listener;
    final String pathPattern;
    final int priority;
    final String publicUrl;
    final Map<String, Secret> secrets;
    final Map<String, String> variables;
    final IBucket bucket;
    final INamespace namespace;
    final NginxProxy proxy;
    final Integer healthCheckPort;
    final String hostHeader;
    final int hostPriority;
    final ApplicationListener pathListener;
    final RetentionDays logRetention;
    final IKey encryptionKey;
    final String family;
    final BlueGreen blueGreen;
    final OriginHeader originHeader;
    final OriginHeader siteHeader;
    final int sitePriority;
    final IApplicationTargetGroup wakeUpTargets;
    final String serviceName;
    final boolean onInstances;
    final int proxyMemoryMiB;

    /**
     * A header every request must carry to reach the service (CloudFront's origin secret).
     *
     * @param name the header
     * @param values the values accepted, any one of them
     */
    public record OriginHeader(String name, List<String> values) {

        public OriginHeader {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    /**
     * A blue/green release by CodeDeploy instead of ECS's rolling one.
     *
     * @param application the environment's CodeDeploy application
     * @param deploymentGroupName the service's deployment group, named so that a pipeline in another stack finds it
     * @param testListener where the new tasks take test traffic before the production listener moves to them
     * @param terminationWait how long the old tasks stay after the switch, for a rollback without a new start
     */
    public record BlueGreen(IEcsApplication application, String deploymentGroupName, ApplicationListener testListener,
            Duration terminationWait) {

        public BlueGreen {
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(deploymentGroupName, "deploymentGroupName");
            Objects.requireNonNull(testListener, "testListener");
            Objects.requireNonNull(terminationWait, "terminationWait");
        }
    }

    private WebServiceProps(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.cluster = Objects.requireNonNull(b.cluster, "cluster");
        this.vpc = Objects.requireNonNull(b.vpc, "vpc");
        this.subnets = Objects.requireNonNull(b.subnets, "subnets");
        this.securityGroup = Objects.requireNonNull(b.securityGroup, "securityGroup");
        this.image = Objects.requireNonNull(b.image, "image");
        this.port = b.port;
        this.healthCheckPath = b.healthCheckPath;
        this.cpu = b.cpu;
        this.memoryMiB = b.memoryMiB;
        this.minTasks = b.minTasks;
        this.maxTasks = b.maxTasks;
        this.cpuTargetPercent = b.cpuTargetPercent;
        this.requestsPerTarget = b.requestsPerTarget;
        this.memoryTargetPercent = b.memoryTargetPercent;
        this.capacityProviders = List.copyOf(b.capacityProviders);
        this.listener = b.listener;
        this.pathPattern = b.pathPattern;
        this.priority = b.priority;
        this.publicUrl = Objects.requireNonNull(b.publicUrl, "publicUrl");
        this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
        this.bucket = b.bucket;
        this.namespace = b.namespace;
        this.proxy = b.proxy;
        this.healthCheckPort = b.healthCheckPort;
        this.hostHeader = b.hostHeader;
        this.hostPriority = b.hostPriority;
        this.pathListener = b.pathListener;
        this.logRetention = b.logRetention;
        this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
        this.family = b.family;
        this.blueGreen = b.blueGreen;
        this.originHeader = b.originHeader;
        this.siteHeader = b.siteHeader;
        this.sitePriority = b.sitePriority;
        this.wakeUpTargets = b.wakeUpTargets;
        this.serviceName = b.serviceName;
        this.onInstances = b.onInstances;
        this.proxyMemoryMiB = b.proxyMemoryMiB;
        if (blueGreen != null && family == null) {
            throw new IllegalArgumentException("a blue/green service needs its task definition's family: the release names it");
        }
        if (minTasks > maxTasks) {
            throw new IllegalArgumentException("minTasks " + minTasks + " > maxTasks " + maxTasks);
        }
        if (hostHeader != null && originHeader != null) {
            throw new IllegalArgumentException("a service routed by host name sits behind the gateway, which alone checks the"
                    + " origin header");
        }
        if (listener == null && (blueGreen != null || wakeUpTargets != null || originHeader != null || pathPattern != null)) {
            throw new IllegalArgumentException("a service without a listener (reached only through Cloud Map) has no route to"
                    + " deploy blue/green, wake up, guard with a header or match a path on");
        }
        if (siteHeader != null && (listener == null || originHeader == null || pathPattern != null || hostHeader != null)) {
            throw new IllegalArgumentException("a site's front end is routed by its site header with the origin header, on the"
                    + " production listener, and by nothing else (no path, no host name)");
        }
        if (listener == null && namespace == null) {
            throw new IllegalArgumentException("a service without a listener needs a namespace: nothing could reach it");
        }
        if (blueGreen != null && wakeUpTargets != null) {
            throw new IllegalArgumentException("a blue/green service cannot scale to zero: CodeDeploy and the wake-up function"
                    + " would both switch its listener rule");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String name;
        private ICluster cluster;
        private IVpc vpc;
        private SubnetSelection subnets;
        private ISecurityGroup securityGroup;
        private ContainerImage image;
        private int port = 8080;
        private String healthCheckPath = "/";
        private int cpu = 512;
        private int memoryMiB = 1024;
        private int minTasks = 1;
        private int maxTasks = 4;
        private int cpuTargetPercent = 60;
        private int requestsPerTarget = 1000;
        private int memoryTargetPercent = 90;
        private List<CapacityProviderStrategy> capacityProviders = List.of(
                CapacityProviderStrategy.builder().capacityProvider("FARGATE").weight(1).build());
        private ApplicationListener listener;
        private String pathPattern;
        private int priority = 10;
        private String publicUrl;
        private Map<String, Secret> secrets = Map.of();
        private Map<String, String> variables = Map.of();
        private IBucket bucket;
        private INamespace namespace;
        private NginxProxy proxy;
        private Integer healthCheckPort;
        private String hostHeader;
        private int hostPriority;
        private ApplicationListener pathListener;
        private RetentionDays logRetention = RetentionDays.ONE_MONTH;
        private IKey encryptionKey;
        private String family;
        private BlueGreen blueGreen;
        private OriginHeader originHeader;
        private OriginHeader siteHeader;
        private int sitePriority;
        private IApplicationTargetGroup wakeUpTargets;
        private String serviceName;
        private boolean onInstances;
        private int proxyMemoryMiB;

        /** The service's and its container's name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder cluster(ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** The private subnets tasks run in. */
        public Builder subnets(SubnetSelection subnets) {
            this.subnets = subnets;
            return this;
        }

        /** The service's group of the traffic graph ({@link ComputeMapping#zone}). */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        public Builder image(ContainerImage image) {
            this.image = image;
            return this;
        }

        /** Default 8080. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default {@code /}. */
        public Builder healthCheckPath(String healthCheckPath) {
            this.healthCheckPath = healthCheckPath;
            return this;
        }

        /** Default: the port requests go to. Another port when the app answers its health check apart (Kong's status API). */
        public Builder healthCheckPort(int healthCheckPort) {
            this.healthCheckPort = healthCheckPort;
            return this;
        }

        /**
         * Default: none, the listener routes by path ({@link #route}). With a host name, the listener's rule matches that
         * Host header instead, at this priority: a gateway's way to reach the service through the load balancer.
         */
        public Builder hostHeader(String hostHeader, int priority) {
            this.hostHeader = hostHeader;
            this.hostPriority = priority;
            return this;
        }

        /** Default: none. Another listener where the service is also routed by its path (or is the default). */
        public Builder pathListener(ApplicationListener pathListener) {
            this.pathListener = pathListener;
            return this;
        }

        /** Fargate CPU units (1024 per vCPU) and MiB; default 512 and 1024, a valid Fargate pair. */
        public Builder taskSize(int cpu, int memoryMiB) {
            this.cpu = cpu;
            this.memoryMiB = memoryMiB;
            return this;
        }

        /** Default 1 to 4 tasks. */
        public Builder taskCount(int minTasks, int maxTasks) {
            this.minTasks = minTasks;
            this.maxTasks = maxTasks;
            return this;
        }

        /** Default 60 % CPU and 1000 requests per task per minute. */
        public Builder scalingTargets(int cpuTargetPercent, int requestsPerTarget) {
            this.cpuTargetPercent = cpuTargetPercent;
            this.requestsPerTarget = requestsPerTarget;
            return this;
        }

        /** Default 90 % memory: above where a JVM whose heap is capped at 75 % of the task settles. */
        public Builder memoryTarget(int memoryTargetPercent) {
            this.memoryTargetPercent = memoryTargetPercent;
            return this;
        }

        /**
         * The tasks run on the cluster's EC2 instances (their capacity provider given by {@link #capacityProviders}), not on
         * Fargate: the app's container reserves the task size, nginx's {@code proxyMemoryMiB} beside it. Default: Fargate.
         */
        public Builder onInstances(int proxyMemoryMiB) {
            this.onInstances = true;
            this.proxyMemoryMiB = proxyMemoryMiB;
            return this;
        }

        /** Default: on-demand Fargate alone. */
        public Builder capacityProviders(List<CapacityProviderStrategy> capacityProviders) {
            this.capacityProviders = capacityProviders;
            return this;
        }

        /** Default: none, the service has no load-balancer route (reached through {@link #namespace} only). */
        public Builder listener(ApplicationListener listener) {
            this.listener = listener;
            return this;
        }

        /** Default: none, the listener's default route. With a pattern, a listener rule of this priority (default 10). */
        public Builder route(String pathPattern, int priority) {
            this.pathPattern = pathPattern;
            this.priority = priority;
            return this;
        }

        /** Given to the container as {@link WebService#PUBLIC_URL}. */
        public Builder publicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        /**
         * Default: none. Secret environment variables by name, each a whole Secrets Manager secret or one JSON field of
         * it; ECS reads them when a task starts, and the execution role may read these secrets alone.
         */
        public Builder secrets(Map<String, Secret> secrets) {
            this.secrets = secrets;
            return this;
        }

        /** Default: none but {@link WebService#PUBLIC_URL}. Plain settings by name: no credential ever goes here. */
        public Builder variables(Map<String, String> variables) {
            this.variables = variables;
            return this;
        }

        /** Default: none. A bucket the task role may read and write, alone of all buckets; its name as {@link WebService#BUCKET_NAME}. */
        public Builder bucket(IBucket bucket) {
            this.bucket = bucket;
            return this;
        }

        /**
         * Default: none, the load balancer reaches the app. With nginx, an nginx container in the task in front of the app:
         * the target group sends to nginx's port, which passes requests to the app on the task's localhost.
         */
        public Builder proxy(NginxProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Default: none. The private DNS namespace the service registers in, as {@code NAME.NAMESPACE}. */
        public Builder namespace(INamespace namespace) {
            this.namespace = namespace;
            return this;
        }

        /** Default one month. */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** Encrypts the log group; decrypts the secrets. */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** Default: one the CDK derives. A name of one's own lets a release find the task definition's revisions. */
        public Builder family(String family) {
            this.family = family;
            return this;
        }

        /** Default: none, ECS's rolling deployment with a circuit breaker that rolls back. Needs {@link #family}. */
        public Builder blueGreen(BlueGreen blueGreen) {
            this.blueGreen = blueGreen;
            return this;
        }

        /**
         * Default: none. With a header, the service's route on the production listener also requires it, and the
         * default route becomes a rule of the lowest priority: the listener's default action answers the rest.
         */
        public Builder originHeader(OriginHeader originHeader) {
            this.originHeader = originHeader;
            return this;
        }

        /**
         * Default: none. With a header, the service is a site's front end: its rule on the production listener requires
         * this header (the site's name, which only the site's distribution sends) beside the origin header, at this
         * priority, ahead of every path rule, and matches no path.
         */
        public Builder siteHeader(OriginHeader siteHeader, int priority) {
            this.siteHeader = siteHeader;
            this.sitePriority = priority;
            return this;
        }

        /**
         * Default: none, the service is always up. With the wake-up function's target group, the service's route is a
         * rule (the default route too, for every path) that forwards with weights: 1 to the service, 0 to the wake-up
         * function, until the scale-to-zero functions switch them.
         */
        public Builder wakeUpTargets(IApplicationTargetGroup wakeUpTargets) {
            this.wakeUpTargets = wakeUpTargets;
            return this;
        }

        /**
         * Default: CloudFormation names the ECS service. A name given here lets what is made before the service name
         * it; CloudFormation then cannot replace the service under the same name (a change that needs a replacement
         * needs a new name).
         */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        public WebServiceProps build() {
            return new WebServiceProps(this);
        }
    }
}
