package dev.berth.platform.stack;

import dev.berth.config.BerthConfig;
import dev.berth.config.Environment;
import dev.berth.config.ImageSource;
import dev.berth.config.ServiceSpec;
import dev.berth.platform.compute.WebService;
import dev.berth.platform.edge.LoadBalancer;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.constructs.Construct;

/** The environment's edge and compute: the load balancer, the ECS cluster and one ECS service per berth.yaml service. */
public final class AppStack extends Stack {

    private final LoadBalancer loadBalancer;
    private final Cluster cluster;
    private final Map<String, WebService> services = new LinkedHashMap<>();

    public AppStack(Construct scope, String id, StackProps props, BerthConfig config, Environment environment,
            FoundationStack foundation, DataStack data) {
        super(scope, id, props);
        var network = foundation.getNetwork();
        var groups = foundation.getSecurityGroups();
        this.loadBalancer = new LoadBalancer(this, "LoadBalancer", new LoadBalancer.Props(
                network.getVpc(), network.publicSubnets(), groups.getLoadBalancer(), environment.domain(),
                environment.certificateArn(), environment.logRetentionDays(), environment.deletionProtection()));
        this.cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.getVpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(true)
                .build();

        // Imported by ARN: ECS then grants read on the secret alone; WebService grants the key's decrypt itself.
        var databaseSecret = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(
                this, "DatabaseSecret", data.getDatabase().getSecret().getSecretArn());
        int priority = 10;
        for (ServiceSpec spec : config.services()) {
            String constructId = pascal(spec.name());
            WebService service = new WebService(this, constructId, new WebService.Props(
                    spec.name(), cluster, network.getVpc(), network.computeSubnets(), groups.getCompute(),
                    image(constructId, spec), spec.port(), spec.healthCheckPath(), spec.size(), spec.minTasks(),
                    spec.maxTasks(), spec.scaling(), environment.compute(), loadBalancer.getServiceListener(),
                    spec.pathPattern(), priority, loadBalancer.url(environment.domain()), databaseSecret, environment.logRetentionDays(),
                    foundation.getKey().getKey()));
            services.put(spec.name(), service);
            CfnOutput.Builder.create(this, constructId + "ServiceName")
                    .description("ECS service of " + spec.name())
                    .value(service.getService().getServiceName())
                    .build();
            if (spec.pathPattern() != null) {
                priority += 10;
            }
        }
        CfnOutput.Builder.create(this, "Url")
                .description("Where the application answers")
                .value(loadBalancer.url(environment.domain()))
                .build();
        CfnOutput.Builder.create(this, "LoadBalancerDns")
                .description("Point the domain's DNS record (CNAME or alias) here")
                .value(loadBalancer.getAlb().getLoadBalancerDnsName())
                .build();
        CfnOutput.Builder.create(this, "ClusterName")
                .description("ECS cluster of the environment's services")
                .value(cluster.getClusterName())
                .build();
    }

    /**
     * A Dockerfile builds at deploy time as a CDK asset; an ECR repository takes its tag as a stack parameter
     * ({@code <Service>ImageTag}), chosen at deploy time.
     */
    private ContainerImage image(String constructId, ServiceSpec spec) {
        return switch (spec.image()) {
            case ImageSource.DockerBuild build -> ContainerImage.fromAsset(build.context().toString(),
                    AssetImageProps.builder().file(build.dockerfile()).platform(Platform.LINUX_AMD64).build());
            case ImageSource.EcrRepository ecr -> {
                CfnParameter tag = CfnParameter.Builder.create(this, imageTagParameter(spec.name()))
                        .type("String")
                        .description("Image tag of " + spec.name() + " in ECR repository " + ecr.repositoryName())
                        .allowedPattern("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
                        .build();
                yield ContainerImage.fromEcrRepository(
                        Repository.fromRepositoryName(this, constructId + "Repository", ecr.repositoryName()),
                        tag.getValueAsString());
            }
        };
    }

    /** The stack parameter that carries a service's image tag. */
    public static String imageTagParameter(String serviceName) {
        return pascal(serviceName) + "ImageTag";
    }

    static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    public LoadBalancer getLoadBalancer() {
        return loadBalancer;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public Map<String, WebService> getServices() {
        return Map.copyOf(services);
    }
}
