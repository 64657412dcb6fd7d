package dev.berth.platform.compute;

import dev.berth.model.ComputeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.InstanceType;
import dev.berth.model.NodeGroup;
import dev.berth.model.Naming;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.SizeTier;
import dev.berth.platform.Retention;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.kubernetes.SelfManagedCluster;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codedeploy.IEcsApplication;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.constructs.Construct;

/** A service of the model as {@link WebServiceProps}, its image, and the flows the services add to the traffic graph. */
public final class ComputeMapping {

    /** The security group of one service's tasks in the traffic graph: what it may reach, and who may reach it. */
    public static Zone zone(String service) {
        return Zone.group(Naming.pascal(service) + "Tasks", SubnetTier.COMPUTE, "Tasks of " + service
                + ": reached only as the traffic graph says");
    }

    /**
     * The group a service's traffic leaves from: its tasks' own on ECS; on the Kubernetes cluster, the workers' (pods
     * leave through their node's address, and network policies inside the cluster tell them apart).
     */
    public static Zone zone(ServiceModel service) {
        if (AppRunnerMapping.onAppRunner(service)) {
            return AppRunnerMapping.zone(service.name());
        }
        return KubernetesMapping.runsOnCluster(service) ? SelfManagedCluster.WORKERS : zone(service.name());
    }

    /** Outbound HTTPS of a service's tasks: AWS APIs through endpoints or NAT, other HTTPS APIs through NAT. */
    public static Flow httpsOut(String service) {
        return Flow.tcp(ComputeMapping.zone(service), Zone.INTERNET, 443, service + ": HTTPS to AWS APIs and the internet");
    }

    /** The same for a service on App Runner, through its VPC connector (its outbound traffic all leaves through the VPC). */
    static Flow httpsOut(ServiceModel service) {
        return AppRunnerMapping.onAppRunner(service)
                ? Flow.tcp(zone(service), Zone.INTERNET, 443, service.name() + " on App Runner: HTTPS to AWS APIs and the internet")
                : httpsOut(service.name());
    }

    /** The ECS capacity provider's instances: nothing reaches them (each task has its own interface and group). */
    public static final Zone INSTANCES = Zone.group("Ec2Instances", SubnetTier.COMPUTE,
            "ECS container instances: no inbound, their tasks have groups of their own");

    private ComputeMapping() {
    }

    /** Whether ECS runs the service (on Fargate or the environment's instances), rather than another runtime. */
    public static boolean onEcs(ServiceModel service) {
        return service.runtime() instanceof Runtime.Fargate || service.runtime() instanceof Runtime.Ec2;
    }

    /** Whether the service has a security group of its own in the VPC: its ECS tasks', or its App Runner VPC connector's. */
    public static boolean onEcsOrAppRunner(ServiceModel service) {
        return onEcs(service) || AppRunnerMapping.onAppRunner(service);
    }

    /** Whether a service of the environment runs on its EC2 capacity provider. */
    public static boolean usesInstances(EnvironmentModel model) {
        return model.services().all().stream().anyMatch(service -> service.runtime() instanceof Runtime.Ec2);
    }

    /** The environment's instances for its services on {@code ec2}; the caller adds the cluster, network and key. */
    public static Ec2Capacity.Props.Builder ec2Capacity(EnvironmentModel model) {
        NodeGroup instances = model.part(ComputeModel.class).ec2();
        return Ec2Capacity.Props.builder()
                .instanceTypes(instances.instanceTypes().stream().map(InstanceType::name).toList(),
                        instances.architecture() == InstanceType.Architecture.ARM64)
                .capacity(instances.minNodes(), instances.maxNodes())
                .spot(instances.spot())
                .reservedMemoryMiB(ComputeModel.ECS_RESERVED_MEMORY_MIB);
    }

    /**
     * What the model says of an ECS service; the caller adds the cluster, network, listener, secret and key.
     *
     * @param ec2CapacityProvider the environment's EC2 capacity provider, for a service on {@code ec2} (else unused)
     */
    public static WebServiceProps.Builder props(ServiceModel service, EnvironmentModel model, String ec2CapacityProvider) {
        WebServiceProps.Builder props = WebServiceProps.builder();
        if (service.runtime() instanceof Runtime.Ec2) {
            props.onInstances(service.routing().proxy().memoryMiB());
        }
        return props
                .name(service.name())
                .port(service.routing().port())
                .healthCheckPath(service.routing().healthCheckPath())
                .route(service.routing().pathPattern(), service.routing().priority())
                .taskSize(fargateCpuUnits(service.capacity().size()), service.capacity().size().memoryMiB())
                .taskCount(service.capacity().minTasks(), service.capacity().maxTasks())
                .scalingTargets(service.capacity().targets().cpuPercent(), service.capacity().targets().requestsPerTarget())
                .memoryTarget(service.capacity().targets().memoryPercent())
                .capacityProviders(capacityProviders(service.runtime(), ec2CapacityProvider))
                .family(model.naming().taskFamily(service.name()))
                .variables(service.uses().variables().plain())
                .proxy(proxy(service, model))
                .logRetention(Retention.of(model.lifecycle().logRetention()));
    }

    /** How long a blue/green release keeps the old tasks after the switch: a rollback within it starts nothing. */
    static final Duration BLUE_GREEN_TERMINATION_WAIT = Duration.minutes(10);

    /** A blue/green service's deployment group, named as the release pipeline imports it, and its test listener. */
    public static WebServiceProps.BlueGreen blueGreen(EnvironmentModel model, ServiceModel service, IEcsApplication application,
            ApplicationListener testListener) {
        return new WebServiceProps.BlueGreen(application, model.naming().codeDeployGroup(service.name()), testListener,
                BLUE_GREEN_TERMINATION_WAIT);
    }

    /** nginx in front of the app, trusting the forwarded addresses of the VPC (the load balancer's); or null. */
    static NginxProxy proxy(ServiceModel service, EnvironmentModel model) {
        if (service.routing().proxy() != ServiceModel.Proxy.NGINX) {
            return null;
        }
        return new NginxProxy(NginxProxy.Props.builder()
                .listenPort(ServiceModel.Proxy.NGINX_PORT)
                .appPort(service.routing().port())
                .healthCheckPath(service.routing().healthCheckPath())
                .trustedProxyRange(model.network().cidr().toString())
                .build());
    }

    /** Fargate counts 1024 CPU units per vCPU. */
    public static int fargateCpuUnits(SizeTier size) {
        return size.ecsCpuUnits();
    }

    static List<CapacityProviderStrategy> capacityProviders(Runtime runtime, String ec2CapacityProvider) {
        return switch (runtime) {
            case Runtime.Fargate fargate -> {
                List<CapacityProviderStrategy> strategies = new ArrayList<>();
                if (fargate.onDemandWeight() > 0) {
                    strategies.add(CapacityProviderStrategy.builder().capacityProvider("FARGATE")
                            .weight(fargate.onDemandWeight()).base(fargate.onDemandBase()).build());
                }
                if (fargate.spotWeight() > 0) {
                    strategies.add(CapacityProviderStrategy.builder().capacityProvider("FARGATE_SPOT")
                            .weight(fargate.spotWeight()).build());
                }
                yield strategies;
            }
            case Runtime.Ec2 ec2 -> List.of(CapacityProviderStrategy.builder()
                    .capacityProvider(java.util.Objects.requireNonNull(ec2CapacityProvider, "the environment's EC2 capacity provider"))
                    .weight(1)
                    .build());
            case Runtime.Kubernetes kubernetes -> throw new IllegalArgumentException("a Kubernetes service has no ECS capacity provider");
            case Runtime.AppRunner appRunner -> throw new IllegalArgumentException("an App Runner service has no ECS capacity provider");
        };
    }

    /**
     * The service's image from its repository, by a tag the stack takes as a parameter
     * ({@link Naming#imageTagParameter}) at deploy time. Pulling is granted on that repository alone.
     */
    public static ContainerImage image(Construct stack, ServiceModel service, IRepository repository) {
        return ContainerImage.fromEcrRepository(repository, imageTag(stack, service));
    }

    /** The stack parameter of the service's image tag ({@link Naming#imageTagParameter}), as ECS and App Runner take it. */
    public static String imageTag(Construct stack, ServiceModel service) {
        CfnParameter tag = CfnParameter.Builder.create(stack, Naming.imageTagParameter(service.name()))
                .type("String")
                .description("Image tag of " + service.name() + " in its ECR repository")
                .allowedPattern(Naming.IMAGE_TAG.pattern())
                .build();
        return tag.getValueAsString();
    }

    /**
     * The load balancer to each routed service on its port, each service's outbound HTTPS, and each call berth.yaml
     * declares, from the caller to the callee's port: no other service reaches a service.
     */
    public static List<Flow> flows(EnvironmentModel model) {
        List<Flow> flows = new ArrayList<>();
        List<ServiceModel> onEcs = model.services().all().stream().filter(ComputeMapping::onEcs).toList();
        for (ServiceModel service : model.services().routed().stream().filter(ComputeMapping::onEcs).toList()) {
            flows.add(Flow.tcp(LoadBalancer.ZONE, ComputeMapping.zone(service.name()), service.routing().loadBalancerPort(),
                    "Load balancer to " + service.name() + (service.routing().proxy() == ServiceModel.Proxy.NGINX ? " through nginx" : "")));
        }
        for (ServiceModel service : onEcs) {
            flows.add(httpsOut(service.name()));
        }
        model.services().all().stream().filter(AppRunnerMapping::onAppRunner).forEach(service -> flows.add(httpsOut(service)));
        if (usesInstances(model)) {
            flows.add(Flow.tcp(INSTANCES, Zone.INTERNET, 443, "ECS container instances: the ECS agent, image pulls and Session Manager"));
        }
        for (ServiceModel caller : model.services().all()) {
            for (String callee : caller.uses().calls()) {
                ServiceModel target = model.services().named(callee).orElseThrow();
                if (onEcs(target)) {
                    flows.add(Flow.tcp(zone(caller), zone(callee), target.routing().port(),
                            (KubernetesMapping.runsOnCluster(caller) ? "Kubernetes workers for " : "") + caller.name()
                                    + (AppRunnerMapping.onAppRunner(caller) ? " on App Runner" : "") + " calls "
                                    + callee + "." + model.naming().serviceNamespace()));
                }
            }
        }
        return flows;
    }
}
