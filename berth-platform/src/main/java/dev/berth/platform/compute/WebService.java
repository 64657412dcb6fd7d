package dev.berth.platform.compute;

import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.EcsBlueGreenDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.DeploymentController;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.BuiltInAttributes;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PlacementStrategy;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MemoryUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancerTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.WeightedTargetGroup;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.constructs.Construct;

/**
 * One service of the deployment: a task definition sized by its tier (a Fargate task's size, or on the environment's EC2
 * instances the containers' reservations, {@code awsvpc} either way), an ECS service in the compute subnets behind the
 * load balancer, rolled out with a circuit breaker that rolls back (or blue/green by
 * CodeDeploy, where asked), and target-tracking autoscaling on CPU, memory and requests per task.
 *
 * <p>The service leaves its desired count out of the template: a deploy never resets the number of
 * running tasks that autoscaling chose.
 */
public final class WebService extends Construct {

    /** Environment variable holding the service's database secret: RDS's JSON (username, password, host, port, dbname...). */
    public static final String DB_SECRET = "DB_SECRET";
    /** Environment variable holding the cache secret's JSON (host, port, token, tls, url). */
    public static final String CACHE_SECRET = "CACHE_SECRET";
    /** Environment variable holding the name of the service's own bucket. */
    public static final String BUCKET_NAME = "BUCKET_NAME";
    /** Environment variable holding the environment's public URL, for links an app sends out (mails). */
    public static final String PUBLIC_URL = "BERTH_PUBLIC_URL";
    /** nginx's image (ECR Public's copy of the official one): the stable line, Alpine-based, small. */
    public static final String NGINX_IMAGE = "public.ecr.aws/nginx/nginx:1.28-alpine";
    static final String PROXY_CONTAINER = "proxy";

    /** How long a resolver keeps a service's address: tasks that come and go are found within it. */
    static final int DISCOVERY_TTL_SECONDS = 10;


    /** Seconds the ALB waits for in-flight requests of a deregistering task; the app drains within it. */
    static final int DEREGISTRATION_DELAY_SECONDS = 30;
    /** Two probes 10 s apart: a started task takes traffic about 20 s after it answers. */
    static final int HEALTH_CHECK_INTERVAL_SECONDS = 10;
    static final int HEALTHY_THRESHOLD = 2;
    /**
     * A service that scales to zero is probed every 5 s (the ALB's shortest), 4 s to answer: a woken task takes
     * traffic 5–10 s after it is ready, not 10–20 s (the wake-up budget, docs/operations.md).
     */
    static final int WAKING_HEALTH_CHECK_INTERVAL_SECONDS = 5;
    static final int WAKING_HEALTH_CHECK_TIMEOUT_SECONDS = 4;
    static final int HEALTH_CHECK_GRACE_SECONDS = 60;

    private final TaskDefinition taskDefinition;
    private final BaseService service;
    private final ApplicationTargetGroup targetGroup;
    private final LogGroup logGroup;
    private final ScalableTaskCount scaling;
    private final EcsDeploymentGroup deploymentGroup;

    public WebService(Construct scope, String id, WebServiceProps props) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention)
                .encryptionKey(props.encryptionKey)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.taskDefinition = props.onInstances
                ? Ec2TaskDefinition.Builder.create(this, "Task")
                        .family(props.family)
                        .networkMode(NetworkMode.AWS_VPC)
                        .build()
                : FargateTaskDefinition.Builder.create(this, "Task")
                        .family(props.family)
                        .cpu(props.cpu)
                        .memoryLimitMiB(props.memoryMiB)
                        .runtimePlatform(RuntimePlatform.builder()
                                .cpuArchitecture(CpuArchitecture.X86_64)
                                .operatingSystemFamily(OperatingSystemFamily.LINUX)
                                .build())
                        .build();
        ContainerDefinitionOptions.Builder container = ContainerDefinitionOptions.builder()
                .containerName(props.name)
                .image(props.image)
                .essential(true)
                .portMappings(List.of(PortMapping.builder().containerPort(props.port).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(props.name)
                        .build()))
                .stopTimeout(Duration.seconds(DEREGISTRATION_DELAY_SECONDS));
        if (props.onInstances) {
            // On an instance the containers reserve what Fargate gives the task: the tier's CPU and memory, the memory also
            // the hard limit, so the JVM sizes its heap to it and the kernel stops it there rather than starve neighbours.
            container.cpu(props.cpu).memoryReservationMiB(props.memoryMiB).memoryLimitMiB(props.memoryMiB);
        }
        Map<String, String> variables = new TreeMap<>(props.variables);
        variables.put(PUBLIC_URL, props.publicUrl);
        if (props.bucket != null) {
            variables.put(BUCKET_NAME, props.bucket.getBucketName());
        }
        container.environment(variables);
        if (!props.secrets.isEmpty()) {
            container.secrets(props.secrets);
            // Decrypting the secrets needs the environment key, and only through Secrets Manager. Granted on the
            // role (the key policy trusts the account's IAM): a grant on the key's own policy would make the
            // foundation stack depend on this one.
            taskDefinition.obtainExecutionRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(props.encryptionKey.getKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                            "secretsmanager." + Stack.of(this).getRegion() + ".amazonaws.com")))
                    .build());
        }
        taskDefinition.addContainer(props.name, container.build());
        if (props.proxy != null) {
            addProxy(props);
        }
        if (props.bucket != null) {
            grantBucket(props);
        }
        PolicyGate.acknowledge(taskDefinition, "AwsSolutions-ECS2", "Plain environment variables hold no secret: "
                + PUBLIC_URL + " (the public URL), " + BUCKET_NAME + " (a bucket's name), " + NginxProxy.CONFIG_VARIABLE
                + " (nginx's configuration) and berth.yaml's env settings, which"
                + " validation refuses when they look like credentials; credentials reach the container only as Secrets"
                + " Manager references (" + DB_SECRET + ", " + CACHE_SECRET + ", declared secrets).");
        PolicyGate.acknowledge(taskDefinition.obtainExecutionRole(), "AwsSolutions-IAM5[Resource::*]",
                "ecr:GetAuthorizationToken has no resource-level permissions (it must be granted on *); image pulls,"
                + " log writes and the secret read are scoped to their repository, log group and secret.");

        CloudMapOptions discovery = props.namespace == null ? null : CloudMapOptions.builder()
                .cloudMapNamespace(props.namespace)
                .name(props.name)
                .dnsRecordType(DnsRecordType.A)
                .dnsTtl(Duration.seconds(DISCOVERY_TTL_SECONDS))
                .build();
        DeploymentCircuitBreaker circuitBreaker = props.blueGreen == null
                ? DeploymentCircuitBreaker.builder().enable(true).rollback(true).build() : null;
        DeploymentController controller = props.blueGreen == null ? null
                : DeploymentController.builder().type(DeploymentControllerType.CODE_DEPLOY).build();
        this.service = props.onInstances
                ? Ec2Service.Builder.create(this, "Service")
                        .cluster(props.cluster)
                        .taskDefinition(taskDefinition)
                        .securityGroups(List.of(props.securityGroup))
                        .vpcSubnets(props.subnets)
                        .capacityProviderStrategies(props.capacityProviders)
                        // Tasks spread over the zones first, so a lost zone takes a share; within one, they fill the instance with
                        // the least memory left, so managed scaling can empty and stop the others.
                        .placementStrategies(List.of(PlacementStrategy.spreadAcross(BuiltInAttributes.AVAILABILITY_ZONE),
                                PlacementStrategy.packedByMemory()))
                        .minHealthyPercent(100)
                        .maxHealthyPercent(200)
                        .healthCheckGracePeriod(Duration.seconds(HEALTH_CHECK_GRACE_SECONDS))
                        .propagateTags(PropagatedTagSource.SERVICE)
                        .enableEcsManagedTags(true)
                        .serviceName(props.serviceName)
                        .cloudMapOptions(discovery)
                        .circuitBreaker(circuitBreaker)
                        .deploymentController(controller)
                        .build()
                : FargateService.Builder.create(this, "Service")
                        .cluster(props.cluster)
                        .taskDefinition(taskDefinition)
                        .securityGroups(List.of(props.securityGroup))
                        .vpcSubnets(props.subnets)
                        .assignPublicIp(false)
                        .capacityProviderStrategies(props.capacityProviders)
                        .minHealthyPercent(100)
                        .maxHealthyPercent(200)
                        .healthCheckGracePeriod(Duration.seconds(HEALTH_CHECK_GRACE_SECONDS))
                        .propagateTags(PropagatedTagSource.SERVICE)
                        .enableEcsManagedTags(true)
                        .serviceName(props.serviceName)
                        .cloudMapOptions(discovery)
                        .circuitBreaker(circuitBreaker)
                        .deploymentController(controller)
                        .build();

        if (props.listener != null) {
            this.targetGroup = targetGroup("Targets", props);
            this.targetGroup.addTarget(loadBalancerTarget(props));
            route(props.listener, targetGroup, props, true);
            if (props.pathListener != null) {
                route(props.pathListener, targetGroup, props, false, props.name + "ByPath");
            }
        } else {
            this.targetGroup = null;
        }
        if (props.blueGreen != null) {
            this.deploymentGroup = blueGreen(props);
        } else {
            this.deploymentGroup = null;
        }

        this.scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(props.minTasks)
                .maxCapacity(props.maxTasks)
                .build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(props.cpuTargetPercent)
                .scaleOutCooldown(Duration.seconds(60))
                .scaleInCooldown(Duration.seconds(300))
                .build());
        scaling.scaleOnMemoryUtilization("Memory", MemoryUtilizationScalingProps.builder()
                .targetUtilizationPercent(props.memoryTargetPercent)
                .scaleOutCooldown(Duration.seconds(60))
                .scaleInCooldown(Duration.seconds(300))
                .build());
        if (props.blueGreen == null && targetGroup != null) {
            // Requests are counted per target group, and a blue/green release moves the traffic to the other one:
            // scaling on the first would lose sight of the load after every second release.
            scaling.scaleOnRequestCount("Requests", RequestCountScalingProps.builder()
                    .requestsPerTarget(props.requestsPerTarget)
                    .targetGroup(targetGroup)
                    .scaleOutCooldown(Duration.seconds(60))
                    .scaleInCooldown(Duration.seconds(300))
                    .build());
        }
    }

    /**
     * nginx in the task, in front of the app: its configuration generated, its root file system read-only (it writes its
     * configuration and temporary files to a volume of the task's own), its logs beside the app's.
     */
    private void addProxy(WebServiceProps props) {
        String runtimeDirectory = props.proxy.props().runtimeDirectory();
        taskDefinition.addVolume(Volume.builder().name(PROXY_CONTAINER + "-runtime").build());
        ContainerDefinition proxy = taskDefinition.addContainer(PROXY_CONTAINER, ContainerDefinitionOptions.builder()
                .containerName(PROXY_CONTAINER)
                .image(ContainerImage.fromRegistry(NGINX_IMAGE))
                .essential(true)
                .command(props.proxy.containerCommand())
                .environment(Map.of(NginxProxy.CONFIG_VARIABLE, props.proxy.config()))
                .portMappings(List.of(PortMapping.builder().containerPort(props.proxy.props().listenPort()).build()))
                .readonlyRootFilesystem(true)
                .memoryReservationMiB(props.onInstances ? props.proxyMemoryMiB : null)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix(PROXY_CONTAINER).build()))
                .stopTimeout(Duration.seconds(DEREGISTRATION_DELAY_SECONDS))
                .build());
        proxy.addMountPoints(MountPoint.builder().containerPath(runtimeDirectory).sourceVolume(PROXY_CONTAINER + "-runtime")
                .readOnly(false).build());
    }

    /** What the target group sends to: nginx's port where it is in front, else the app's. */
    private IApplicationLoadBalancerTarget loadBalancerTarget(WebServiceProps props) {
        return props.proxy == null ? service : service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                .containerName(PROXY_CONTAINER)
                .containerPort(props.proxy.props().listenPort())
                .build());
    }

    /**
     * The task role reads, writes and deletes the objects of the service's bucket and lists it, with the key through S3:
     * named actions, not the CDK grant's wildcards, and no other bucket.
     */
    private void grantBucket(WebServiceProps props) {
        IRole taskRole = taskDefinition.getTaskRole();
        String objects = props.bucket.arnForObjects("*");
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(objects))
                .build());
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.bucket.getBucketArn()))
                .build());
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(props.encryptionKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        PolicyGate.acknowledge(taskRole, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, objects) + "]",
                "The service keeps its files in its own bucket under keys it chooses: every object of that one bucket.");
    }

    private ApplicationTargetGroup targetGroup(String id, WebServiceProps props) {
        return ApplicationTargetGroup.Builder.create(this, id)
                .vpc(props.vpc)
                .port(props.proxy != null ? props.proxy.props().listenPort() : props.port)
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.IP)
                .deregistrationDelay(Duration.seconds(DEREGISTRATION_DELAY_SECONDS))
                .healthCheck(healthCheck(props)
                        .path(props.healthCheckPath)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(props.wakeUpTargets != null ? WAKING_HEALTH_CHECK_INTERVAL_SECONDS
                                : HEALTH_CHECK_INTERVAL_SECONDS))
                        .timeout(Duration.seconds(props.wakeUpTargets != null ? WAKING_HEALTH_CHECK_TIMEOUT_SECONDS : 5))
                        .healthyThresholdCount(HEALTHY_THRESHOLD)
                        .unhealthyThresholdCount(3)
                        .build())
                .build();
    }

    /** The health check's port: the traffic port unless the props name another. */
    private static HealthCheck.Builder healthCheck(WebServiceProps props) {
        HealthCheck.Builder builder = HealthCheck.builder();
        return props.healthCheckPort == null ? builder : builder.port(String.valueOf(props.healthCheckPort));
    }

    /** Where a service without a path pattern is routed when the origin header is required: after every path rule. */
    public static final int DEFAULT_ROUTE_PRIORITY = 50000;
    /**
     * The first site front end's rule: front ends come before the path rules (10, 20, ...), so that every path of a site's
     * distribution reaches its front end, and a path rule of the API never takes a page of the site.
     */
    public static final int FIRST_SITE_PRIORITY = 1;
    /** The front ends' rules fit below the first path rule. */
    public static final int MAX_SITES = 9;

    /**
     * The service's route on a listener; on the production one, only for requests with the origin header, and for a
     * service that scales to zero, a rule that forwards with weights to it and to the wake-up function.
     */
    private static void route(ApplicationListener listener, ApplicationTargetGroup group, WebServiceProps props, boolean production) {
        route(listener, group, props, production, props.name);
    }

    private static void route(ApplicationListener listener, ApplicationTargetGroup group, WebServiceProps props, boolean production,
            String id) {
        List<ListenerCondition> conditions = new ArrayList<>();
        boolean byHost = production && props.hostHeader != null;
        if (byHost) {
            conditions.add(ListenerCondition.hostHeaders(List.of(props.hostHeader)));
        } else if (props.pathPattern != null) {
            conditions.add(ListenerCondition.pathPatterns(List.of(props.pathPattern)));
        }
        if (production && props.originHeader != null) {
            conditions.add(ListenerCondition.httpHeader(props.originHeader.name(), props.originHeader.values()));
        }
        boolean bySite = production && props.siteHeader != null;
        if (bySite) {
            conditions.add(ListenerCondition.httpHeader(props.siteHeader.name(), props.siteHeader.values()));
        }
        int priority = bySite ? props.sitePriority : byHost ? props.hostPriority
                : props.pathPattern != null ? props.priority : DEFAULT_ROUTE_PRIORITY;
        if (production && props.wakeUpTargets != null) {
            if (conditions.isEmpty()) {
                conditions.add(ListenerCondition.pathPatterns(List.of("/*"))); // a rule needs a condition: every path
            }
            listener.addAction(id, AddApplicationActionProps.builder()
                    .priority(priority)
                    .conditions(conditions)
                    .action(ListenerAction.weightedForward(List.of(
                            WeightedTargetGroup.builder().targetGroup(group).weight(1).build(),
                            WeightedTargetGroup.builder().targetGroup(props.wakeUpTargets).weight(0).build())))
                    .build());
            return;
        }
        AddApplicationTargetGroupsProps.Builder route = AddApplicationTargetGroupsProps.builder().targetGroups(List.of(group));
        if (!conditions.isEmpty()) {
            route.priority(priority).conditions(conditions);
        }
        listener.addTargetGroups(id, route.build());
    }

    /**
     * The second target group behind the test listener, and the CodeDeploy deployment group that starts a release's
     * tasks there and then moves the production listener over.
     */
    private EcsDeploymentGroup blueGreen(WebServiceProps props) {
        ApplicationTargetGroup green = targetGroup("ReplacementTargets", props);
        route(props.blueGreen.testListener(), green, props, false);
        // CloudFormation may not change the task definition of a service CodeDeploy deploys: the service names the
        // family, so a stack update registers the new revision and leaves the switch to it to CodeDeploy.
        CfnService cfnService = (CfnService) service.getNode().getDefaultChild();
        cfnService.setTaskDefinition(props.family);
        cfnService.addResourceDependency((CfnResource) taskDefinition.getNode().getDefaultChild());
        EcsDeploymentGroup group = EcsDeploymentGroup.Builder.create(this, "Deployment")
                .application(props.blueGreen.application())
                .deploymentGroupName(props.blueGreen.deploymentGroupName())
                .service(service)
                .blueGreenDeploymentConfig(EcsBlueGreenDeploymentConfig.builder()
                        .blueTargetGroup(targetGroup)
                        .greenTargetGroup(green)
                        .listener(props.listener)
                        .testListener(props.blueGreen.testListener())
                        .terminationWaitTime(props.blueGreen.terminationWait())
                        .build())
                .deploymentConfig(EcsDeploymentConfig.ALL_AT_ONCE)
                .autoRollback(AutoRollbackConfig.builder().failedDeployment(true).stoppedDeployment(true).build())
                .build();
        PolicyGate.acknowledge(group, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS]",
                "CodeDeploy's service role for ECS blue/green: AWS maintains the policy with the actions a deployment takes on"
                + " the service, its target groups and listeners as the service evolves.");
        return group;
    }

    public TaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /** The CodeDeploy deployment group of a blue/green service, or null for a rolling one. */
    public EcsDeploymentGroup getDeploymentGroup() {
        return deploymentGroup;
    }

    public BaseService getService() {
        return service;
    }

    /** The target group the load balancer forwards to, or null for a service reached through Cloud Map alone. */
    public ApplicationTargetGroup getTargetGroup() {
        return targetGroup;
    }

    public LogGroup getLogGroup() {
        return logGroup;
    }

    public ScalableTaskCount getScaling() {
        return scaling;
    }
}
