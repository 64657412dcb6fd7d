package dev.berth.platform.compute;

import static dev.berth.platform.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import dev.berth.platform.edge.LoadBalancer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codedeploy.EcsApplication;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;

/** WebService alone: the default-route service with the database secret, and a path-routed one on a Spot mix. */
class WebServiceTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster").vpc(vpc).enableFargateCapacityProviders(true).build();
        SecurityGroup group = SecurityGroup.Builder.create(stack, "Tasks").vpc(vpc).build();
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(stack, "Alb").vpc(vpc).internetFacing(true).build();
        ApplicationListener listener = alb.addListener("Http", BaseApplicationListenerProps.builder().port(80).open(false).build());
        Key key = new Key(stack, "Key");
        SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        new WebService(stack, "Web", WebServiceProps.builder()
                .name("web").cluster(cluster).vpc(vpc).subnets(privateSubnets).securityGroup(group)
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .healthCheckPath("/actuator/health/readiness")
                .listener(listener).publicUrl("https://notes.example.com")
                .secrets(databaseSecrets(Secret.Builder.create(stack, "DatabaseSecret").encryptionKey(key).build()))
                .variables(Map.of("SPRING_PROFILES_ACTIVE", "prod"))
                .logRetention(RetentionDays.ONE_WEEK).encryptionKey(key)
                .build());
        new WebService(stack, "Api", WebServiceProps.builder()
                .name("api").cluster(cluster).vpc(vpc).subnets(privateSubnets).securityGroup(group)
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .port(3000).taskSize(1024, 2048).taskCount(2, 10).scalingTargets(50, 600)
                .capacityProviders(List.of(
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE").weight(1).base(1).build(),
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE_SPOT").weight(3).build()))
                .route("/api/*", 10)
                .listener(listener).publicUrl("https://notes.example.com").encryptionKey(key)
                .build());
        template = Templates.template(stack);
    }

    /** The database secret whole, and one field of it under the name a Spring app reads. */
    static Map<String, software.amazon.awscdk.services.ecs.Secret> databaseSecrets(Secret secret) {
        Map<String, software.amazon.awscdk.services.ecs.Secret> secrets = new LinkedHashMap<>();
        secrets.put("DB_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret));
        secrets.put("SPRING_DATASOURCE_URL", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret, "jdbc_url"));
        return secrets;
    }

    static JsonNode service(String name) {
        return Templates.single(template, "AWS::ECS::Service", name).path("Properties");
    }

    static JsonNode container(String name) {
        return Templates.single(template, "AWS::ECS::TaskDefinition", name).path("Properties").path("ContainerDefinitions").get(0);
    }

    @Test
    void secretsComeFromSecretsManagerWholeOrByFieldAndOnlySettingsInPlainText() {
        JsonNode container = container("Web");
        assertThat(container.path("Secrets")).hasSize(2);
        assertThat(container.path("Secrets").get(0).path("Name").asText()).isEqualTo("DB_SECRET");
        assertThat(container.path("Secrets").get(0).path("ValueFrom").toString()).contains("DatabaseSecret").doesNotContain("::password");
        assertThat(container.path("Secrets").get(1).path("Name").asText()).isEqualTo("SPRING_DATASOURCE_URL");
        assertThat(container.path("Secrets").get(1).path("ValueFrom").toString()).contains("DatabaseSecret").contains(":jdbc_url::");
        assertThat(container.path("Environment")).hasSize(2);
        assertThat(container.path("Environment").get(0).path("Name").asText()).isEqualTo("BERTH_PUBLIC_URL");
        assertThat(container.path("Environment").get(0).path("Value").asText()).isEqualTo("https://notes.example.com");
        assertThat(container.path("Environment").get(1).path("Name").asText()).isEqualTo("SPRING_PROFILES_ACTIVE");
        assertThat(container("Api").path("Secrets").isMissingNode()).isTrue();
    }

    @Test
    void theExecutionRoleReadsOnlyItsSecretAndDecryptsOnlyThroughSecretsManager() {
        String policy = Templates.single(template, "AWS::IAM::Policy", "WebTaskExecutionRole").path("Properties").toString();
        assertThat(policy).contains("secretsmanager:GetSecretValue").doesNotContain("secretsmanager:*");
        assertThat(policy).contains("kms:Decrypt").contains("kms:ViaService").contains("secretsmanager.eu-central-1.amazonaws.com");
        assertThat(policy).doesNotContain("\"Action\":\"*\"");
        assertThat(resources(template, "AWS::IAM::Policy").keySet()).noneMatch(id -> id.contains("TaskRole") && !id.contains("Execution"));
    }

    @Test
    void rollingDeploysRollBackAndNeverResetTheTaskCount() {
        JsonNode deployment = service("Web").path("DeploymentConfiguration");
        assertThat(deployment.path("DeploymentCircuitBreaker").path("Enable").asBoolean()).isTrue();
        assertThat(deployment.path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
        assertThat(deployment.path("MinimumHealthyPercent").asInt()).isEqualTo(100);
        assertThat(deployment.path("MaximumPercent").asInt()).isEqualTo(200);
        assertThat(service("Web").path("HealthCheckGracePeriodSeconds").asInt()).isEqualTo(60);
        assertThat(service("Web").has("DesiredCount")).isFalse();
    }

    @Test
    void tasksInPrivateSubnetsWithoutPublicAddresses() {
        JsonNode network = service("Web").path("NetworkConfiguration").path("AwsvpcConfiguration");
        assertThat(network.path("AssignPublicIp").asText()).isEqualTo("DISABLED");
        assertThat(network.path("Subnets").toString()).contains("PrivateSubnet").doesNotContain("PublicSubnet");
        assertThat(network.path("SecurityGroups").toString()).contains("Tasks");
    }

    @Test
    void sizedAndSpreadOverCapacityProvidersAsAsked() {
        JsonNode web = Templates.single(template, "AWS::ECS::TaskDefinition", "Web").path("Properties");
        assertThat(web.path("Cpu").asText()).isEqualTo("512");
        assertThat(web.path("Memory").asText()).isEqualTo("1024");
        assertThat(web.path("RequiresCompatibilities").toString()).contains("FARGATE");
        assertThat(web.path("TaskRoleArn").toString()).isNotEqualTo(web.path("ExecutionRoleArn").toString());
        JsonNode api = Templates.single(template, "AWS::ECS::TaskDefinition", "Api").path("Properties");
        assertThat(api.path("Cpu").asText()).isEqualTo("1024");
        assertThat(api.path("Memory").asText()).isEqualTo("2048");
        assertThat(service("Api").path("CapacityProviderStrategy").toString())
                .contains("{\"Base\":1,\"CapacityProvider\":\"FARGATE\",\"Weight\":1}")
                .contains("{\"CapacityProvider\":\"FARGATE_SPOT\",\"Weight\":3}");
    }

    @Test
    void logsGoToAnEncryptedGroupWithItsRetention() {
        JsonNode logs = Templates.single(template, "AWS::Logs::LogGroup", "WebLogs").path("Properties");
        assertThat(logs.path("RetentionInDays").asInt()).isEqualTo(7);
        assertThat(logs.path("KmsKeyId").toString()).contains("Key");
        assertThat(container("Web").path("LogConfiguration").path("LogDriver").asText()).isEqualTo("awslogs");
    }

    @Test
    void healthChecksMakeANewTaskHealthyWellUnderAMinuteAndDrainIn30Seconds() {
        JsonNode group = Templates.single(template, "AWS::ElasticLoadBalancingV2::TargetGroup", "Web").path("Properties");
        assertThat(group.path("HealthCheckPath").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(group.path("TargetType").asText()).isEqualTo("ip");
        int secondsToHealthy = group.path("HealthCheckIntervalSeconds").asInt() * group.path("HealthyThresholdCount").asInt();
        assertThat(secondsToHealthy).isLessThanOrEqualTo(20);
        assertThat(group.path("TargetGroupAttributes").toString())
                .contains("{\"Key\":\"deregistration_delay.timeout_seconds\",\"Value\":\"30\"}");
    }

    @Test
    void aPathServiceGetsAListenerRuleTheOtherTheDefaultAction() {
        JsonNode rule = Templates.properties(template, "AWS::ElasticLoadBalancingV2::ListenerRule");
        assertThat(rule.path("Priority").asInt()).isEqualTo(10);
        assertThat(rule.path("Conditions").toString()).contains("path-pattern").contains("/api/*");
        assertThat(rule.path("Actions").get(0).path("TargetGroupArn").path("Ref").asText()).startsWith("ApiTargets");
        JsonNode listener = Templates.properties(template, "AWS::ElasticLoadBalancingV2::Listener");
        assertThat(listener.path("DefaultActions").get(0).path("TargetGroupArn").path("Ref").asText()).startsWith("WebTargets");
    }

    @Test
    void autoscalingOnCpuMemoryAndRequestsPerTaskWithinTheRange() {
        JsonNode target = Templates.single(template, "AWS::ApplicationAutoScaling::ScalableTarget", "Api").path("Properties");
        assertThat(target.path("MinCapacity").asInt()).isEqualTo(2);
        assertThat(target.path("MaxCapacity").asInt()).isEqualTo(10);
        assertThat(resources(template, "AWS::ApplicationAutoScaling::ScalingPolicy").entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("Api")).map(entry -> entry.getValue().path("Properties")
                        .path("TargetTrackingScalingPolicyConfiguration"))
                .map(config -> config.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText() + " "
                        + config.path("TargetValue").asInt()))
                .containsExactlyInAnyOrder("ECSServiceAverageCPUUtilization 50", "ALBRequestCountPerTarget 600",
                        "ECSServiceAverageMemoryUtilization 90");
    }

    /** A service CodeDeploy releases blue/green: its own stack, beside a test listener. */
    static JsonNode blueGreenTemplate() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster").vpc(vpc).enableFargateCapacityProviders(true).build();
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(stack, "Alb").vpc(vpc).internetFacing(true).build();
        ApplicationListener listener = alb.addListener("Http", BaseApplicationListenerProps.builder().port(80).open(false).build());
        ApplicationListener test = alb.addListener("Test", BaseApplicationListenerProps.builder().port(8080).open(false).build());
        EcsApplication application = EcsApplication.Builder.create(stack, "CodeDeploy").applicationName("notes-prod").build();
        new WebService(stack, "Web", WebServiceProps.builder()
                .name("web").cluster(cluster).vpc(vpc)
                .subnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroup(SecurityGroup.Builder.create(stack, "Tasks").vpc(vpc).build())
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .listener(listener).publicUrl("https://notes.example.com").encryptionKey(new Key(stack, "Key"))
                .family("notes-prod-web")
                .blueGreen(new WebServiceProps.BlueGreen(application, "notes-prod-web", test, Duration.minutes(10)))
                .build());
        return Templates.template(stack);
    }

    @Test
    void blueGreenLeavesTheSwitchToCodeDeployBetweenTwoTargetGroups() {
        JsonNode blueGreen = blueGreenTemplate();
        JsonNode service = Templates.single(blueGreen, "AWS::ECS::Service", "Web");
        assertThat(service.path("Properties").path("DeploymentController").path("Type").asText()).isEqualTo("CODE_DEPLOY");
        assertThat(service.path("Properties").path("DeploymentConfiguration").has("DeploymentCircuitBreaker")).isFalse();
        // The family, not a revision: a stack update registers the next revision and never asks ECS to switch to it.
        assertThat(service.path("Properties").path("TaskDefinition").asText()).isEqualTo("notes-prod-web");
        assertThat(Templates.texts(service.path("DependsOn"))).anyMatch(id -> id.startsWith("WebTask") && !id.contains("Role"));
        assertThat(Templates.single(blueGreen, "AWS::ECS::TaskDefinition", "Web").path("Properties").path("Family").asText())
                .isEqualTo("notes-prod-web");

        JsonNode group = Templates.properties(blueGreen, "AWS::CodeDeploy::DeploymentGroup");
        assertThat(group.path("DeploymentGroupName").asText()).isEqualTo("notes-prod-web");
        assertThat(group.path("DeploymentStyle").path("DeploymentType").asText()).isEqualTo("BLUE_GREEN");
        assertThat(group.path("AutoRollbackConfiguration").path("Events").toString()).contains("DEPLOYMENT_FAILURE");
        assertThat(group.path("BlueGreenDeploymentConfiguration").path("TerminateBlueInstancesOnDeploymentSuccess")
                .path("TerminationWaitTimeInMinutes").asInt()).isEqualTo(10);
        JsonNode pair = group.path("LoadBalancerInfo").path("TargetGroupPairInfoList").get(0);
        assertThat(pair.path("TargetGroups")).hasSize(2);
        assertThat(pair.path("ProdTrafficRoute").toString()).contains("AlbHttp");
        assertThat(pair.path("TestTrafficRoute").toString()).contains("AlbTest");

        assertThat(resources(blueGreen, "AWS::ElasticLoadBalancingV2::TargetGroup")).hasSize(2);
        JsonNode test = Templates.single(blueGreen, "AWS::ElasticLoadBalancingV2::Listener", "AlbTest").path("Properties");
        assertThat(test.path("DefaultActions").get(0).path("TargetGroupArn").path("Ref").asText()).startsWith("WebReplacementTargets");
        // Requests per target would follow only one of the two groups: a blue/green service scales on CPU and memory.
        assertThat(resources(blueGreen, "AWS::ApplicationAutoScaling::ScalingPolicy").values().stream()
                .map(policy -> policy.path("Properties").path("TargetTrackingScalingPolicyConfiguration")
                        .path("PredefinedMetricSpecification").path("PredefinedMetricType").asText()))
                .containsExactlyInAnyOrder("ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization");
    }

    /**
     * Behind CloudFront: the listener answers 403 unless a rule matches, and every rule requires the origin header:
     * the path route first, the default route last.
     */
    @Test
    void behindCloudFrontEveryRouteRequiresTheOriginHeaderAndTheRestIsForbidden() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        SecurityGroup group = SecurityGroup.Builder.create(stack, "Tasks").vpc(vpc).build();
        LoadBalancer loadBalancer = new LoadBalancer(stack, "Lb", LoadBalancer.Props.builder().vpc(vpc)
                .subnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()).securityGroup(group).build());
        loadBalancer.forbidOtherRequests();
        Key key = new Key(stack, "Key");
        WebServiceProps.OriginHeader header = new WebServiceProps.OriginHeader("X-Origin-Verify", List.of("current", "previous"));
        for (String name : List.of("web", "api")) {
            WebServiceProps.Builder props = WebServiceProps.builder()
                    .name(name).cluster(cluster).vpc(vpc)
                    .subnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).securityGroup(group)
                    .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                    .listener(loadBalancer.getServiceListener()).publicUrl("https://d111111abcdef8.cloudfront.net").encryptionKey(key)
                    .originHeader(header);
            if (name.equals("api")) {
                props.route("/api/*", 10);
            }
            new WebService(stack, name.equals("web") ? "Web" : "Api", props.build());
        }
        JsonNode behind = Templates.template(stack);

        JsonNode listener = Templates.properties(behind, "AWS::ElasticLoadBalancingV2::Listener");
        assertThat(listener.path("DefaultActions").toString())
                .isEqualTo("[{\"FixedResponseConfig\":{\"ContentType\":\"text/plain\",\"MessageBody\":\"Forbidden\",\"StatusCode\":\"403\"},"
                        + "\"Type\":\"fixed-response\"}]");
        List<String> rules = resources(behind, "AWS::ElasticLoadBalancingV2::ListenerRule").values().stream()
                .map(rule -> rule.path("Properties"))
                .sorted(java.util.Comparator.comparingInt(rule -> rule.path("Priority").asInt()))
                .map(rule -> rule.path("Priority").asInt() + " " + rule.path("Conditions").toString() + " → "
                        + rule.path("Actions").get(0).path("TargetGroupArn").path("Ref").asText().replaceAll("[0-9A-F]{8}$", ""))
                .toList();
        String headerCondition = "{\"Field\":\"http-header\",\"HttpHeaderConfig\":{\"HttpHeaderName\":\"X-Origin-Verify\","
                + "\"Values\":[\"current\",\"previous\"]}}";
        assertThat(rules).containsExactly(
                "10 [{\"Field\":\"path-pattern\",\"PathPatternConfig\":{\"Values\":[\"/api/*\"]}}," + headerCondition + "] → ApiTargets",
                "50000 [" + headerCondition + "] → WebTargets");
    }
}
