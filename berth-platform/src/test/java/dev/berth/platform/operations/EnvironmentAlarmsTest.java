package dev.berth.platform.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.kms.Key;

/** The alarms, topic and dashboard of one environment with one service and a database, on a bare stack. */
class EnvironmentAlarmsTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(stack, "Task").build();
        task.addContainer("web", software.amazon.awscdk.services.ecs.ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27")).build());
        FargateService service = FargateService.Builder.create(stack, "Web").cluster(cluster).taskDefinition(task).minHealthyPercent(100).build();
        ApplicationTargetGroup targets = ApplicationTargetGroup.Builder.create(stack, "Targets").vpc(vpc).port(8080)
                .targetType(TargetType.IP).build();
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(stack, "Alb").vpc(vpc).build();
        alb.addListener("Http", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                .port(80).open(false).defaultTargetGroups(List.of(targets)).build());
        AlertTopic topic = new AlertTopic(stack, "Alerts", new AlertTopic.Props("notes-prod-alerts",
                List.of("ops@example.com", "oncall@example.com"), new Key(stack, "Key")));
        new EnvironmentAlarms(stack, "Alarms", new EnvironmentAlarms.Props("notes-prod", topic.getTopic(), cluster,
                Map.of("web", new EnvironmentAlarms.Service(service, targets)), alb,
                new EnvironmentAlarms.Database("notes-prod", 20, 1024)));
        template = Templates.template(stack);
    }

    static Map<String, JsonNode> alarms() {
        return Templates.resources(template, "AWS::CloudWatch::Alarm").values().stream()
                .collect(Collectors.toMap(alarm -> alarm.path("Properties").path("AlarmName").asText(), alarm -> alarm.path("Properties")));
    }

    @Test
    void everyRuleHasItsAlarmNamedAfterItsSubject() {
        assertThat(alarms().keySet()).containsExactlyInAnyOrder(
                "notes-prod-web-cpu-high", "notes-prod-web-memory-high", "notes-prod-web-tasks-below-desired", "notes-prod-web-5xx",
                "notes-prod-web-p99-slow", "notes-prod-alb-5xx", "notes-prod-web-unhealthy-targets", "notes-prod-db-cpu-high",
                "notes-prod-db-storage-low", "notes-prod-db-memory-low", "notes-prod-db-connections-high");
        assertThat(alarms()).hasSize(AlarmRules.count(1, 0, true, false));
    }

    @Test
    void aSleepingServiceOrAStoppedDatabaseRaisesNothingAndEveryAlarmNotifiesBothWays() {
        assertThat(alarms().values()).allSatisfy(alarm -> {
            assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.path("AlarmActions").toString()).contains("AlertsTopic");
            assertThat(alarm.path("OKActions").toString()).contains("AlertsTopic");
        });
        // Tasks missing is desired minus running: asleep, ECS wants none, so none are missing.
        JsonNode tasks = alarms().get("notes-prod-web-tasks-below-desired");
        assertThat(tasks.path("Metrics").toString()).contains("desired - running").contains("DesiredTaskCount")
                .contains("RunningTaskCount").contains("ECS/ContainerInsights");
    }

    @Test
    void thresholdsAreTheRulesOnTheDatabasesOwnSize() {
        assertThat(alarms().get("notes-prod-web-cpu-high").path("Threshold").asDouble()).isEqualTo(85);
        assertThat(alarms().get("notes-prod-web-cpu-high").path("EvaluationPeriods").asInt()).isEqualTo(10);
        assertThat(alarms().get("notes-prod-web-p99-slow").path("ExtendedStatistic").asText()).isEqualTo("p99");
        // 10 % of 20 GiB, 100 MiB, and 80 % of max_connections for 1 GiB (112).
        assertThat(alarms().get("notes-prod-db-storage-low").path("Threshold").asDouble()).isEqualTo(2 * 1024.0 * 1024 * 1024);
        assertThat(alarms().get("notes-prod-db-storage-low").path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(alarms().get("notes-prod-db-memory-low").path("Threshold").asDouble()).isEqualTo(100 * 1024.0 * 1024);
        assertThat(AlarmRules.maxConnections(1024)).isEqualTo(112);
        assertThat(alarms().get("notes-prod-db-connections-high").path("Threshold").asDouble()).isEqualTo(89);
        assertThat(alarms().get("notes-prod-db-cpu-high").path("Dimensions").toString()).contains("notes-prod");
    }

    @Test
    void theTopicIsEncryptedTlsOnlyWithEachAddressSubscribed() {
        JsonNode topic = Templates.properties(template, "AWS::SNS::Topic");
        assertThat(topic.path("KmsMasterKeyId").toString()).contains("Key");
        assertThat(Templates.properties(template, "AWS::SNS::TopicPolicy").toString()).contains("aws:SecureTransport");
        assertThat(Templates.resources(template, "AWS::SNS::Subscription").values().stream()
                .map(subscription -> subscription.path("Properties").path("Protocol").asText() + " "
                        + subscription.path("Properties").path("Endpoint").asText()))
                .containsExactlyInAnyOrder("email ops@example.com", "email oncall@example.com");
    }

    @Test
    void oneDashboardWithTheSameSignals() {
        String body = Templates.properties(template, "AWS::CloudWatch::Dashboard").path("DashboardBody").toString();
        assertThat(body).contains("CPUUtilization").contains("MemoryUtilization").contains("RunningTaskCount")
                .contains("HTTPCode_Target_5XX_Count").contains("TargetResponseTime").contains("HTTPCode_ELB_5XX_Count")
                .contains("UnHealthyHostCount").contains("FreeStorageSpace").contains("DatabaseConnections");
    }

    @Test
    void theInstanceClassGivesTheDatabasesMemory() {
        assertThat(OperationsMapping.memoryMiB("db.t4g.micro")).isEqualTo(1024);
        assertThat(OperationsMapping.memoryMiB("db.m6g.large")).isEqualTo(8 * 1024);
        assertThat(OperationsMapping.memoryMiB("db.r6g.2xlarge")).isEqualTo(64 * 1024);
        assertThat(OperationsMapping.memoryMiB("db.serverless")).isEqualTo(1024);
    }
}
