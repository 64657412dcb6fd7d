package dev.berth.platform.operations;

import dev.berth.platform.policy.PolicyGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.IStableListProducer;
import software.amazon.awscdk.IStableStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.targets.LambdaTarget;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Scale-to-zero for an environment's services, with the ALB alone: each service that sleeps when idle is routed by a
 * listener rule that forwards, with weights, to its own target group and to the wake-up function's. An idle alarm
 * per service (no request to either target group for {@code idleAfter}; missing data is idle) goes into ALARM, and
 * EventBridge invokes the sleep function, which bounds the service to zero tasks and turns the weights to the
 * wake-up function. A request then reaches the wake-up function: it starts every sleeping service of the
 * environment, answers 503 with {@code Retry-After}, and turns the weights back once the service has a healthy task.
 *
 * <p>Both functions run the handlers of the {@code berth-functions} jar (Java 25, arm64, SnapStart through an alias),
 * each with its own role limited to this environment's services, listener and log group, its log group with
 * retention, and a failure destination (an encrypted queue) for asynchronous invocations that fail every retry.
 */
public final class ScaleToZero extends Construct {

    public static final String SLEEP_HANDLER = "dev.berth.functions.sleep.SleepHandler::handleRequest";
    public static final String WAKE_HANDLER = "dev.berth.functions.wake.WakeHandler::handleRequest";
    /** The functions' configuration: one entry per service (see docs/operations.md, "The functions"). */
    public static final String SERVICES_VARIABLE = "BERTH_SERVICES";
    /** The alias that invokes the SnapStart version the last deploy published. */
    public static final String ALIAS = "live";

    /**
     * @param prefix names the alarms: {@code PREFIX-SERVICE-idle}
     * @param functionsJar the built {@code berth-functions.jar}
     * @param key encrypts the log groups and the dead-letter queue
     * @param logRetention how long the functions' logs are kept
     * @param listener the listener whose rules route the services
     * @param cluster the cluster the services run in
     */
    public record Props(String prefix, Path functionsJar, IKey key, RetentionDays logRetention, ApplicationListener listener,
            ICluster cluster) {

        public Props {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(cluster, "cluster");
            if (functionsJar == null || !Files.isRegularFile(functionsJar)) {
                throw new IllegalArgumentException("scale-to-zero deploys the functions from " + functionsJar
                        + ", which is not built: run ./mvnw -pl berth-functions package");
            }
        }
    }

    /**
     * A service that sleeps when idle.
     *
     * @param name the service's name in berth.yaml
     * @param serviceName its ECS service's name, given to it: the functions' configuration and permissions name it
     *        without a reference to the service, which depends on its listener rule, which depends on the wake-up function
     * @param targetGroup its own target group, which its listener rule weighs against the wake-up function's
     * @param minTasks its fewest tasks when awake
     * @param maxTasks its most tasks
     * @param idleAfter how long without a request puts it to sleep
     */
    public record Sleeper(String name, String serviceName, ApplicationTargetGroup targetGroup, int minTasks, int maxTasks,
            java.time.Duration idleAfter) {
    }

    private final Props props;
    private final Queue deadLetters;
    private final Function sleepFunction;
    private final Function wakeFunction;
    private final ApplicationTargetGroup wakeUpTargets;
    private final List<String> entries = new ArrayList<>();
    private final List<String> idleAlarms = new ArrayList<>();

    public ScaleToZero(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(props.key())
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        PolicyGate.acknowledge(deadLetters, "AwsSolutions-SQS3", "This queue is the dead-letter queue of the scale-to-zero"
                + " functions: what lands here is kept 14 days to be read, not redriven.");
        this.sleepFunction = function("Sleep", SLEEP_HANDLER, 512, Duration.seconds(30),
                "Puts a service of " + props.prefix() + " to sleep when its idle alarm fires");
        this.wakeFunction = function("Wake", WAKE_HANDLER, 1024, Duration.seconds(10),
                "Wakes the sleeping services of " + props.prefix() + " and answers 503 with Retry-After meanwhile");
        Alias sleepAlias = alias("Sleep", sleepFunction);
        Alias wakeAlias = alias("Wake", wakeFunction);

        // The load balancer invokes the alias (its SnapStart version). The invoke permission cannot name this target
        // group: CloudFormation must grant it before the target group registers the function, so it names the
        // load balancer service, as the CDK's LambdaTarget does.
        this.wakeUpTargets = ApplicationTargetGroup.Builder.create(this, "WakeUpTargets")
                .targetType(TargetType.LAMBDA)
                .targets(List.of(new LambdaTarget(wakeAlias)))
                .build();

        Rule idle = Rule.Builder.create(this, "IdleAlarms")
                .description("An idle alarm of " + props.prefix() + " went into ALARM: the sleep function puts its service to sleep")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.cloudwatch"))
                        .detailType(List.of("CloudWatch Alarm State Change"))
                        .detail(alarmsInAlarm())
                        .build())
                .build();
        idle.addTarget(LambdaFunction.Builder.create(sleepAlias)
                .retryAttempts(4)
                .maxEventAge(Duration.hours(1))
                .build());

        grantServiceSwitching(sleepFunction.getRole());
        grantServiceSwitching(wakeFunction.getRole());
        wakeFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("application-autoscaling:DescribeScalableTargets", "elasticloadbalancing:DescribeTargetHealth"))
                .resources(List.of("*"))
                .build());
    }

    /** The idle alarms (filled in as services are managed) going into ALARM; in this order, for a stable template. */
    private Map<String, Object> alarmsInAlarm() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alarmName", Lazy.list((IStableListProducer) () -> List.copyOf(idleAlarms)));
        detail.put("state", Map.of("value", List.of("ALARM")));
        return detail;
    }

    /** One function of the jar, with a role and a log group of its own, and the services' configuration. */
    private Function function(String id, String handler, int memoryMiB, Duration timeout, String description) {
        return FunctionsJar.function(this, id, props.functionsJar(), handler, description,
                        new FunctionsJar.Resources(memoryMiB, timeout, props.key(), props.logRetention()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(Map.of(SERVICES_VARIABLE, Lazy.string((IStableStringProducer) () -> String.join(";", entries))))
                .build();
    }

    /**
     * The alias every trigger invokes. An asynchronous invocation that fails its two retries (or waits an hour) lands
     * in the dead-letter queue with its error: the sleep function's from EventBridge; the wake-up function is invoked
     * synchronously by the load balancer, answers every request itself, and only an asynchronous call by hand could
     * land there.
     */
    private Alias alias(String id, Function function) {
        Alias alias = Alias.Builder.create(this, id + "Alias").aliasName(ALIAS).version(function.getCurrentVersion()).build();
        alias.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .maxEventAge(Duration.hours(1))
                .onFailure(new SqsDestination(deadLetters))
                .build());
        return alias;
    }

    /** What both functions do to a service: its scalable target, its listener rule (through the listener). */
    private void grantServiceSwitching(IRole role) {
        Stack stack = Stack.of(this);
        String scalableTargets = "arn:" + stack.getPartition() + ":application-autoscaling:" + stack.getRegion() + ":"
                + stack.getAccount() + ":scalable-target/*";
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("application-autoscaling:RegisterScalableTarget"))
                .resources(List.of(scalableTargets))
                .conditions(Map.of("StringEquals", new TreeMap<>(Map.of(
                        "application-autoscaling:service-namespace", "ecs",
                        "application-autoscaling:scalable-dimension", "ecs:service:DesiredCount"))))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("elasticloadbalancing:DescribeRules"))
                .resources(List.of("*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("elasticloadbalancing:ModifyRule"))
                .resources(List.of(listenerRules()))
                .build());
        for (String wildcard : List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*")) {
            PolicyGate.acknowledge(role, "AwsSolutions-IAM5[" + wildcard + "]", "The failure destination's grant: a message to"
                    + " the queue is encrypted with the environment key, on that one key only.");
        }
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "DescribeRules, DescribeTargetHealth and"
                + " DescribeScalableTargets have no resource-level permissions; they only read.");
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, scalableTargets) + "]",
                "A scalable target's ARN ends in an id AWS draws when it is registered; the conditions narrow the grant to ECS"
                + " services' desired counts, and Application Auto Scaling checks ecs:UpdateService, granted on this"
                + " environment's services alone, for the service it bounds.");
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, listenerRules()) + "]",
                "The rules of this environment's listener: the functions find a service's rule on it (their configuration"
                + " cannot name the rule, which is made after them) and change its weights only.");
    }

    /**
     * The ARN of every rule of the listener: {@code …:listener-rule/app/LB/ID/LISTENER/*}, from the listener's
     * {@code …:listener/app/LB/ID/LISTENER}.
     */
    private String listenerRules() {
        String listenerArn = props.listener().getListenerArn();
        return Fn.join("", List.of(Fn.select(0, Fn.split(":listener/", listenerArn)), ":listener-rule/",
                Fn.select(1, Fn.split(":listener/", listenerArn)), "/*"));
    }

    /**
     * Makes the service sleep after {@code idleAfter} without a request: its idle alarm, its entry in both functions'
     * configuration, and their permission on its ECS service.
     */
    public void manage(Sleeper sleeper) {
        String alarmName = props.prefix() + "-" + sleeper.name() + "-idle";
        int minutes = (int) sleeper.idleAfter().toMinutes();
        MetricOptions perMinute = MetricOptions.builder().period(Duration.minutes(1)).build();
        // Requests to either target group: a service woken by one request that nobody follows still goes OK (the
        // wake-up function's target group counted it) and back to ALARM, and so to sleep again.
        MathExpression requests = MathExpression.Builder.create()
                .expression("FILL(service, 0) + FILL(wakeup, 0)")
                .usingMetrics(new TreeMap<>(Map.of(
                        "service", sleeper.targetGroup().getMetrics().requestCount(perMinute),
                        "wakeup", wakeUpTargets.getMetrics().requestCount(perMinute))))
                .period(Duration.minutes(1))
                .label("Requests to " + sleeper.name() + " and its wake-up function")
                .build();
        Alarm.Builder.create(new Construct(this, sleeper.name()), "IdleAlarm")
                .alarmName(alarmName)
                .alarmDescription(sleeper.name() + " has had no request for " + minutes + " minutes: it goes to sleep"
                        + " (EventBridge invokes the sleep function); the next request wakes it")
                .metric(requests)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(minutes)
                .datapointsToAlarm(minutes)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        idleAlarms.add(alarmName);
        entries.add(String.join(",",
                "cluster=" + props.cluster().getClusterName(),
                "service=" + sleeper.serviceName(),
                "min=" + sleeper.minTasks(),
                "max=" + sleeper.maxTasks(),
                "listener=" + props.listener().getListenerArn(),
                "target-group=" + sleeper.targetGroup().getTargetGroupArn(),
                "idle-alarm=" + alarmName));
        Stack stack = Stack.of(this);
        String serviceArn = "arn:" + stack.getPartition() + ":ecs:" + stack.getRegion() + ":" + stack.getAccount() + ":service/"
                + props.cluster().getClusterName() + "/" + sleeper.serviceName();
        for (Function function : List.of(sleepFunction, wakeFunction)) {
            function.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecs:DescribeServices", "ecs:UpdateService"))
                    .resources(List.of(serviceArn))
                    .build());
        }
    }

    /** The target group whose Lambda target is the wake-up function; every sleeping service's rule weighs it. */
    public ApplicationTargetGroup getWakeUpTargets() {
        return wakeUpTargets;
    }

    public Function getSleepFunction() {
        return sleepFunction;
    }

    public Function getWakeFunction() {
        return wakeFunction;
    }

    public Queue getDeadLetters() {
        return deadLetters;
    }
}
