package dev.berth.functions;

import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * One environment's web service as the platform deploys it, made in moto: an ECS cluster and Fargate service
 * (desired 1), its scalable target (1–4), a load balancer whose listener rule forwards with weights to the service's
 * IP target group (1) and the wake-up function's Lambda target group (0).
 */
public record AwsEnvironment(String name, ManagedService service, String ruleArn, String wakeUpTargetGroupArn, AwsClients aws) {

    public static final int MIN = 1;
    public static final int MAX = 4;
    public static final String PATH_PATTERN = "/*";

    /** Makes environment {@code name} (e.g. dev) of project notejam in moto. */
    @SuppressWarnings("unchecked") // the SDK's varargs of Consumer<Builder> lambdas
    public static AwsEnvironment create(String name, TestClients clients) {
        AwsClients aws = clients.functions();
        String cluster = "notejam-" + name;
        String serviceName = "notejam-" + name + "-web";

        List<Subnet> subnets = clients.ec2().describeSubnets(request -> request.filters(filter -> filter.name("default-for-az").values("true"))).subnets();
        List<String> subnetIds = subnets.stream().map(Subnet::subnetId).limit(2).toList();
        String vpcId = subnets.getFirst().vpcId();
        // moto's CreateService needs security groups in the network configuration (Berth's services always have one).
        String securityGroup = clients.ec2().createSecurityGroup(request -> request.groupName(serviceName)
                .description("tasks of " + serviceName).vpcId(vpcId)).groupId();

        aws.ecs().createCluster(request -> request.clusterName(cluster));
        String taskDefinition = aws.ecs().registerTaskDefinition(request -> request
                .family(serviceName)
                .requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC)
                .cpu("512").memory("1024")
                .containerDefinitions(container -> container.name("web").image("notejam/web:1").essential(true)
                        .portMappings(port -> port.containerPort(8080))))
                .taskDefinition().taskDefinitionArn();
        aws.ecs().createService(request -> request
                .cluster(cluster).serviceName(serviceName).taskDefinition(taskDefinition)
                .desiredCount(MIN).launchType(LaunchType.FARGATE)
                .networkConfiguration(network -> network.awsvpcConfiguration(vpc -> vpc.subnets(subnetIds).securityGroups(securityGroup))));
        String resourceId = "service/" + cluster + "/" + serviceName;
        aws.autoScaling().registerScalableTarget(request -> request
                .serviceNamespace(ServiceNamespace.ECS).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .resourceId(resourceId).minCapacity(MIN).maxCapacity(MAX));

        String loadBalancer = aws.loadBalancing().createLoadBalancer(request -> request
                .name(cluster).type(LoadBalancerTypeEnum.APPLICATION).subnets(subnetIds))
                .loadBalancers().getFirst().loadBalancerArn();
        String listener = aws.loadBalancing().createListener(request -> request
                .loadBalancerArn(loadBalancer).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(action -> action.type(ActionTypeEnum.FIXED_RESPONSE)
                        .fixedResponseConfig(fixed -> fixed.statusCode("404").contentType("text/plain").messageBody("not found"))))
                .listeners().getFirst().listenerArn();
        String serviceGroup = aws.loadBalancing().createTargetGroup(request -> request
                .name(serviceName).targetType(TargetTypeEnum.IP).protocol(ProtocolEnum.HTTP).port(8080).vpcId(vpcId)
                .healthCheckPath("/actuator/health/readiness"))
                .targetGroups().getFirst().targetGroupArn();
        String wakeUpGroup = aws.loadBalancing().createTargetGroup(request -> request
                .name(cluster + "-wake-up").targetType(TargetTypeEnum.LAMBDA))
                .targetGroups().getFirst().targetGroupArn();
        String rule = aws.loadBalancing().createRule(request -> request
                .listenerArn(listener).priority(10)
                .conditions(condition -> condition.field("path-pattern").pathPatternConfig(path -> path.values(PATH_PATTERN)))
                .actions(action -> action.type(ActionTypeEnum.FORWARD).forwardConfig(forward -> forward.targetGroups(
                        group -> group.targetGroupArn(serviceGroup).weight(1),
                        group -> group.targetGroupArn(wakeUpGroup).weight(0)))))
                .rules().getFirst().ruleArn();

        ManagedService service = new ManagedService(cluster, serviceName,
                new ManagedService.Capacity(resourceId, MIN, MAX),
                new ManagedService.Routing(listener, serviceGroup),
                serviceName + "-idle");
        return new AwsEnvironment(name, service, rule, wakeUpGroup, aws);
    }

    /** The {@code BERTH_SERVICES} entry of this environment's service. */
    public String servicesVariable() {
        ManagedService s = service;
        return "cluster=" + s.cluster() + ",service=" + s.service() + ",resource=" + s.awake().resourceId()
                + ",min=" + s.awake().min() + ",max=" + s.awake().max() + ",listener=" + s.routing().listenerArn()
                + ",target-group=" + s.routing().serviceTargetGroupArn() + ",idle-alarm=" + s.idleAlarm();
    }

    public ServiceConfig config() {
        return ServiceConfig.parse(servicesVariable());
    }

    public int desiredCount() {
        return aws.ecs().describeServices(request -> request.cluster(service.cluster()).services(service.service()))
                .services().getFirst().desiredCount();
    }

    public ScalableTarget scalableTarget() {
        return aws.autoScaling().describeScalableTargets(request -> request.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds(service.awake().resourceId())).scalableTargets().getFirst();
    }

    public Rule rule() {
        return aws.loadBalancing().describeRules(request -> request.ruleArns(ruleArn)).rules().getFirst();
    }

    public Weights weights() {
        return Weights.of(rule(), service.routing().serviceTargetGroupArn());
    }

    /** A task of the service became a healthy target: moto reports a registered IP target as healthy. */
    public void registerHealthyTask(String ip) {
        aws.loadBalancing().registerTargets(request -> request.targetGroupArn(service.routing().serviceTargetGroupArn())
                .targets(TargetDescription.builder().id(ip).port(8080).build()));
    }

    public List<RuleCondition> conditions() {
        return rule().conditions();
    }
}
