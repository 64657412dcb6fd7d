package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped dev environment's web service sleeps after 30 idle minutes (berth.yaml); prod's never does. What the
 * app stack holds for it: the two functions, the wake-up target group in the service's weighted rule, the idle alarm
 * and the EventBridge rule that acts on it, each function's role, logs and failure destination.
 */
class ScaleToZeroStackTest {

    static final String SLEEP = "dev.berth.functions.sleep.SleepHandler::handleRequest";
    static final String WAKE = "dev.berth.functions.wake.WakeHandler::handleRequest";

    final JsonNode dev = Synthesized.shipped("dev").app();

    @Test
    void bothFunctionsRunTheJarsHandlersOnJava25Arm64WithSnapStartAndTheEnvironmentsServicesAlone() {
        Map<String, JsonNode> functions = Templates.resources(dev, "AWS::Lambda::Function",
                function -> function.path("Properties").path("Handler").asText().startsWith("dev.berth.functions."));
        assertThat(functions.values().stream().map(function -> function.path("Properties").path("Handler").asText()))
                .containsExactlyInAnyOrder(SLEEP, WAKE);
        for (JsonNode function : functions.values()) {
            JsonNode properties = function.path("Properties");
            assertThat(properties.path("Runtime").asText()).isEqualTo("java25");
            assertThat(Templates.texts(properties.path("Architectures"))).containsExactly("arm64");
            assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
            String services = properties.path("Environment").path("Variables").path("BERTH_SERVICES").toString();
            assertThat(services).contains("cluster=").contains("{\"Ref\":\"Cluster")
                    .contains(",service=notejam-dev-web,min=1,max=4,listener=")
                    .contains(",target-group=").contains("{\"Ref\":\"WebTargets")
                    .contains(",idle-alarm=notejam-dev-web-idle").doesNotContain("prod");
        }
        assertThat(Templates.properties(dev, "AWS::ECS::Service").path("ServiceName").asText())
                .as("the name the functions are configured with").isEqualTo("notejam-dev-web");
    }

    @Test
    void everyTriggerInvokesTheAliasAndEveryAsynchronousFailureLandsInTheEncryptedQueue() {
        Map<String, JsonNode> aliases = Templates.resources(dev, "AWS::Lambda::Alias");
        assertThat(aliases).hasSize(2);
        aliases.values().forEach(alias -> assertThat(alias.path("Properties").path("Name").asText()).isEqualTo("live"));
        Map<String, JsonNode> invokeConfigs = Templates.resources(dev, "AWS::Lambda::EventInvokeConfig");
        assertThat(invokeConfigs).hasSize(2);
        String queue = Templates.resources(dev, "AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("ScaleToZero"))
                .findFirst().orElseThrow();
        for (JsonNode config : invokeConfigs.values()) {
            JsonNode properties = config.path("Properties");
            assertThat(properties.path("Qualifier").toString()).as("the alias's name, from its ARN").contains("ScaleToZero")
                    .contains("Alias").contains("\"Fn::Select\":[7");
            assertThat(properties.path("MaximumRetryAttempts").asInt()).isEqualTo(2);
            assertThat(properties.path("DestinationConfig").path("OnFailure").path("Destination").toString()).contains(queue);
        }
        assertThat(Templates.resources(dev, "AWS::SQS::Queue").get(queue).path("Properties").path("KmsMasterKeyId").isMissingNode())
                .isFalse();

        JsonNode rule = Templates.single(dev, "AWS::Events::Rule", "ScaleToZero").path("Properties");
        assertThat(rule.path("EventPattern")).isEqualTo(json("{\"detail\":{\"alarmName\":[\"notejam-dev-web-idle\"],"
                + "\"state\":{\"value\":[\"ALARM\"]}},\"detail-type\":[\"CloudWatch Alarm State Change\"],\"source\":[\"aws.cloudwatch\"]}"));
        assertThat(rule.path("Targets").get(0).path("Arn").toString()).contains("ScaleToZeroSleepAlias");

        JsonNode targets = Templates.single(dev, "AWS::ElasticLoadBalancingV2::TargetGroup", "ScaleToZeroWakeUp").path("Properties");
        assertThat(targets.path("TargetType").asText()).isEqualTo("lambda");
        assertThat(targets.path("Targets").toString()).contains("ScaleToZeroWakeAlias");
    }

    @Test
    void eachFunctionLogsToItsOwnEncryptedGroupWithRetentionThroughARoleWithoutManagedPolicies() {
        Templates.resources(dev, "AWS::Lambda::Function",
                function -> function.path("Properties").path("Handler").asText().startsWith("dev.berth.functions.")).values()
                .forEach(function -> {
                    String logGroup = function.path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
                    JsonNode group = dev.path("Resources").path(logGroup).path("Properties");
                    assertThat(group.path("RetentionInDays").asInt()).isPositive();
                    assertThat(group.has("KmsKeyId")).isTrue();
                    String role = function.path("Properties").path("Role").path("Fn::GetAtt").get(0).asText();
                    assertThat(dev.path("Resources").path(role).path("Properties").has("ManagedPolicyArns")).isFalse();
                });
    }

    @Test
    void theRolesActOnThisEnvironmentsServiceListenerAndScalableTargetsAlone() {
        for (String role : List.of("ScaleToZeroSleepRole", "ScaleToZeroWakeRole")) {
            List<String> grants = new ArrayList<>();
            Templates.single(dev, "AWS::IAM::Policy", role).path("Properties").path("PolicyDocument").path("Statement")
                    .forEach(statement -> grants.add(actions(statement) + " on " + statement.path("Resource")));
            assertThat(grants).anySatisfy(grant -> assertThat(grant).startsWith("[ecs:DescribeServices, ecs:UpdateService] on ")
                    .contains(":service/").contains("{\"Ref\":\"Cluster").endsWith("/notejam-dev-web\"]]}"));
            assertThat(grants).anySatisfy(grant -> assertThat(grant).startsWith("[elasticloadbalancing:ModifyRule] on ")
                    .contains(":listener-rule/").contains("LoadBalancerAlb"));
            assertThat(grants).anySatisfy(grant -> assertThat(grant).startsWith("[application-autoscaling:RegisterScalableTarget] on ")
                    .contains(":scalable-target/*"));
            assertThat(grants).filteredOn(grant -> grant.endsWith(" on \"*\""))
                    .allSatisfy(grant -> assertThat(grant).doesNotContainPattern("Update|Modify|Register|Put|Delete|Create"));
        }
    }

    /** JSON as a tree: compared whatever the order of its keys. */
    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.path("Action");
        return action.isArray() ? Templates.texts(action) : List.of(action.asText());
    }

    @Test
    void theServicesRuleForwardsWithWeightsAndItsIdleAlarmCountsMissingRequestsAsIdle() {
        JsonNode rule = Templates.single(dev, "AWS::ElasticLoadBalancingV2::ListenerRule", "webRule").path("Properties");
        JsonNode groups = rule.path("Actions").get(0).path("ForwardConfig").path("TargetGroups");
        assertThat(groups.get(0).path("TargetGroupArn").toString()).contains("WebTargets");
        assertThat(groups.get(0).path("Weight").asInt()).isEqualTo(1);
        assertThat(groups.get(1).path("TargetGroupArn").toString()).contains("ScaleToZeroWakeUpTargets");
        assertThat(groups.get(1).path("Weight").asInt()).isZero();

        JsonNode service = Templates.single(dev, "AWS::ElasticLoadBalancingV2::TargetGroup", "WebTargets").path("Properties");
        assertThat(service.path("HealthCheckIntervalSeconds").asInt()).as("a woken task takes traffic sooner").isEqualTo(5);
        assertThat(service.path("HealthCheckTimeoutSeconds").asInt()).isEqualTo(4);
        assertThat(service.path("HealthyThresholdCount").asInt()).isEqualTo(2);

        JsonNode alarm = Templates.single(dev, "AWS::CloudWatch::Alarm", "ScaleToZero").path("Properties");
        assertThat(alarm.path("AlarmName").asText()).isEqualTo("notejam-dev-web-idle");
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.path("EvaluationPeriods").asInt()).isEqualTo(30);
        assertThat(alarm.path("DatapointsToAlarm").asInt()).isEqualTo(30);
        assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("breaching");
        assertThat(alarm.path("Metrics").toString()).contains("FILL(service, 0) + FILL(wakeup, 0)")
                .contains("RequestCount").contains("WebTargets").contains("ScaleToZeroWakeUpTargets");
        assertThat(alarm.has("AlarmActions")).as("EventBridge acts on it, not an alarm action").isFalse();
    }

    @Test
    void theFunctionsErrorsAndDeadLettersAlertTheTopic() {
        JsonNode operations = Synthesized.shipped("dev").template("operations");
        List<String> names = new ArrayList<>();
        Templates.resources(operations, "AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            String name = alarm.path("Properties").path("AlarmName").asText();
            if (name.contains("function-errors") || name.contains("dead-letters")) {
                names.add(name);
                assertThat(alarm.path("Properties").path("AlarmActions").toString()).contains("Alerts");
            }
        });
        assertThat(names).containsExactlyInAnyOrder("notejam-dev-sleep-function-errors", "notejam-dev-wake-function-errors",
                "notejam-dev-dead-letters");
    }

    @Test
    void prodNeverSleepsAndHasNoneOfIt() {
        JsonNode prod = Synthesized.shipped("prod").app();
        assertThat(Templates.resources(prod, "AWS::Lambda::Function",
                function -> function.path("Properties").path("Handler").asText().startsWith("dev.berth.functions."))).isEmpty();
        assertThat(Templates.resources(prod, "AWS::CloudWatch::Alarm")).isEmpty();
        assertThat(Templates.properties(prod, "AWS::ECS::Service").has("ServiceName")).isFalse();
    }
}
