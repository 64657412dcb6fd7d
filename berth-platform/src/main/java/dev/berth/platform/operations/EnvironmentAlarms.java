package dev.berth.platform.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The environment's alarms ({@link AlarmRules}), each notifying the alert topic when it fires and when it clears, and
 * one dashboard with the same signals: per service CPU, memory, tasks, requests, 5xx and p99; the load balancer's
 * 5xx and unhealthy targets; the database's CPU, storage, memory and connections.
 */
public final class EnvironmentAlarms extends Construct {

    /**
     * @param prefix the names' prefix ({@code project-env})
     * @param topic where alarms notify
     * @param cluster the services' cluster
     * @param services each service with its target group
     * @param loadBalancer the load balancer
     * @param database the database, or null for none
     */
    public record Props(String prefix, ITopic topic, ICluster cluster, Map<String, Service> services,
            ApplicationLoadBalancer loadBalancer, Database database) {

        public Props {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(cluster, "cluster");
            services = new LinkedHashMap<>(services);
            Objects.requireNonNull(loadBalancer, "loadBalancer");
        }
    }

    /**
     * A service and the target group the load balancer sends its requests to, or null for one reached through Cloud
     * Map alone: its requests are its callers' to watch.
     */
    public record Service(BaseService service, ApplicationTargetGroup targetGroup) {
    }

    /**
     * @param identifier the RDS instance identifier
     * @param allocatedGb storage at creation
     * @param memoryMiB the instance class's memory
     */
    public record Database(String identifier, int allocatedGb, long memoryMiB) {
    }

    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public EnvironmentAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.prefix())
                .build();
        dashboard.addWidgets(TextWidget.Builder.create().width(24).height(1)
                .markdown("## " + props.prefix() + ": services, load balancer, database (alarms: docs/operations.md)").build());
        props.services().forEach((name, service) -> service(props, name, service));
        loadBalancer(props);
        if (props.database() != null) {
            database(props, props.database());
        }
    }

    private void service(Props props, String name, Service service) {
        String subject = props.prefix() + "-" + name;
        IMetric cpu = service.service().metricCpuUtilization(minute());
        IMetric memory = service.service().metricMemoryUtilization(minute());
        Map<String, String> dimensions = new TreeMap<>(Map.of("ClusterName", props.cluster().getClusterName(),
                "ServiceName", service.service().getServiceName()));
        Metric running = insights("RunningTaskCount", dimensions);
        Metric desired = insights("DesiredTaskCount", dimensions);
        IMetric missing = MathExpression.Builder.create()
                .expression("desired - running")
                .usingMetrics(new TreeMap<>(Map.of("desired", desired, "running", running)))
                .label("tasks missing")
                .period(Duration.minutes(1))
                .build();
        alarm(subject, AlarmRules.SERVICE_CPU, cpu, props);
        alarm(subject, AlarmRules.SERVICE_MEMORY, memory, props);
        alarm(subject, AlarmRules.SERVICE_TASKS, missing, props);
        if (service.targetGroup() == null) {
            dashboard.addWidgets(
                    graph(name + ": CPU and memory %", List.of(cpu, memory)),
                    graph(name + ": tasks running and desired", List.of(running, desired)));
            return;
        }
        IMetric errors = service.targetGroup().getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT,
                MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build());
        IMetric p99 = service.targetGroup().getMetrics().targetResponseTime(
                MetricOptions.builder().statistic("p99").period(Duration.minutes(5)).build());
        IMetric requests = service.targetGroup().getMetrics().requestCount(
                MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build());
        alarm(subject, AlarmRules.SERVICE_5XX, errors, props);
        alarm(subject, AlarmRules.SERVICE_P99, p99, props);
        dashboard.addWidgets(
                graph(name + ": CPU and memory %", List.of(cpu, memory)),
                graph(name + ": tasks running and desired", List.of(running, desired)),
                graph(name + ": requests and 5xx", List.of(requests, errors)),
                graph(name + ": p99 response time (s)", List.of(p99)));
    }

    private void loadBalancer(Props props) {
        String subject = props.prefix();
        IMetric errors = props.loadBalancer().getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT,
                MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build());
        alarm(subject, AlarmRules.LOAD_BALANCER_5XX, errors, props);
        List<IMetric> unhealthy = new ArrayList<>();
        props.services().entrySet().stream().filter(entry -> entry.getValue().targetGroup() != null).forEach(entry -> {
            String name = entry.getKey();
            EnvironmentAlarms.Service service = entry.getValue();
            IMetric metric = service.targetGroup().getMetrics().unhealthyHostCount(
                    MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build());
            unhealthy.add(metric);
            alarm(props.prefix() + "-" + name, AlarmRules.UNHEALTHY_HOSTS, metric, props);
        });
        dashboard.addWidgets(graph("load balancer: 5xx of its own", List.of(errors)), graph("unhealthy targets", unhealthy));
    }

    private void database(Props props, Database database) {
        String subject = props.prefix();
        Map<String, String> dimensions = Map.of("DBInstanceIdentifier", database.identifier());
        Metric cpu = rds("CPUUtilization", dimensions);
        Metric storage = rds("FreeStorageSpace", dimensions);
        Metric memory = rds("FreeableMemory", dimensions);
        Metric connections = rds("DatabaseConnections", dimensions);
        alarm(subject, AlarmRules.DATABASE_CPU, cpu, props);
        alarm(subject, AlarmRules.DATABASE_STORAGE, storage, props,
                database.allocatedGb() * 1024.0 * 1024 * 1024 * AlarmRules.DATABASE_STORAGE.threshold() / 100);
        alarm(subject, AlarmRules.DATABASE_MEMORY, memory, props, AlarmRules.DATABASE_MEMORY.threshold() * 1024 * 1024);
        alarm(subject, AlarmRules.DATABASE_CONNECTIONS, connections, props,
                Math.floor(AlarmRules.maxConnections(database.memoryMiB()) * AlarmRules.DATABASE_CONNECTIONS.threshold() / 100));
        dashboard.addWidgets(graph("database: CPU %", List.of(cpu)), graph("database: connections", List.of(connections)),
                graph("database: free storage (bytes)", List.of(storage)), graph("database: free memory (bytes)", List.of(memory)));
    }

    /**
     * The scale-to-zero functions (by name: sleep, wake): their errors and the messages in their dead-letter queue,
     * alarmed and on the dashboard.
     */
    public void scaleToZero(Props props, Map<String, IFunction> functions, IQueue deadLetters) {
        List<IMetric> errors = new ArrayList<>();
        functions.forEach((name, function) -> {
            IMetric metric = function.metricErrors(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build());
            errors.add(metric);
            alarm(props.prefix() + "-" + name, AlarmRules.FUNCTION_ERRORS, metric, props);
        });
        IMetric waiting = deadLetters.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(Duration.minutes(5)).build());
        alarm(props.prefix(), AlarmRules.DEAD_LETTERS, waiting, props);
        dashboard.addWidgets(graph("scale-to-zero: function errors", errors), graph("scale-to-zero: dead letters", List.of(waiting)));
    }

    private void alarm(String subject, AlarmRules.Rule rule, IMetric metric, Props props) {
        alarm(subject, rule, metric, props, rule.threshold());
    }

    /** An alarm of the rule at an absolute threshold, notifying the topic when it fires and when it clears. */
    private void alarm(String subject, AlarmRules.Rule rule, IMetric metric, Props props, double threshold) {
        String name = subject + "-" + rule.name();
        Alarm alarm = Alarm.Builder.create(this, name)
                .alarmName(name)
                .alarmDescription(rule.why())
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(rule.above() ? ComparisonOperator.GREATER_THAN_THRESHOLD : ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(rule.periods())
                .datapointsToAlarm(rule.periods())
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        SnsAction notify = new SnsAction(props.topic());
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
        alarms.add(alarm);
    }

    private static Metric insights(String name, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("ECS/ContainerInsights").metricName(name).dimensionsMap(dimensions)
                .statistic("Average").period(Duration.minutes(1)).build();
    }

    private static Metric rds(String name, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("AWS/RDS").metricName(name).dimensionsMap(dimensions)
                .statistic("Average").period(Duration.minutes(5)).build();
    }

    private static MetricOptions minute() {
        return MetricOptions.builder().statistic("Average").period(Duration.minutes(1)).build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(6).height(6).build();
    }

    public List<Alarm> getAlarms() {
        return List.copyOf(alarms);
    }

    public Dashboard getDashboard() {
        return dashboard;
    }
}
