package dev.berth.platform.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.berth.model.CostAssumptions;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Schedule;
import dev.berth.model.ServiceModel;
import dev.berth.platform.cost.CostEstimate.Line;
import dev.berth.platform.cost.CostEstimate.Unpriced;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prices an environment from its synthesized templates: each resource that costs money by its type and properties (a
 * task definition's CPU and memory, a database's class, Multi-AZ and storage, an endpoint's zones), with the model for
 * what templates do not say: how many tasks run, the share on Spot (from the capacity provider strategy's base and
 * weights), the hours awake under the off-hours schedule, the hours a service that scales to zero is up, and use
 * (berth.yaml's {@code cost}). A type it knows to be free adds no line; a type it does not know is listed as unpriced.
 */
public final class CostEstimator {

    /** The hours of an average month, as AWS prices monthly. */
    static final BigDecimal MONTH_HOURS = BigDecimal.valueOf(730);
    private static final BigDecimal GIB_PER_MIB = BigDecimal.ONE.divide(BigDecimal.valueOf(1024), MathContext.DECIMAL64);
    /** Types that cost nothing by themselves (their cost, if any, is on another line: a task definition's on its service). */
    private static final Set<String> FREE = Set.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::IAM::InstanceProfile", "AWS::IAM::OIDCProvider", "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable",
            "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
            "AWS::EC2::NetworkAcl", "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation", "AWS::EC2::SecurityGroup",
            "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::EC2::FlowLog", "AWS::EC2::LaunchTemplate",
            "AWS::ECS::Cluster", "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::ECS::CapacityProvider", "AWS::ECS::TaskDefinition",
            "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ElasticLoadBalancingV2::TargetGroup",
            "AWS::ElasticLoadBalancingV2::ListenerCertificate", "AWS::CertificateManager::Certificate",
            "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::Logs::ResourcePolicy",
            "AWS::Logs::MetricFilter", "AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::Lambda::Alias",
            "AWS::Lambda::EventInvokeConfig", "AWS::Events::Rule", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription", "AWS::SQS::QueuePolicy",
            "AWS::KMS::Alias", "AWS::S3::BucketPolicy", "AWS::SecretsManager::SecretTargetAttachment",
            "AWS::SecretsManager::RotationSchedule", "AWS::SecretsManager::ResourcePolicy", "AWS::RDS::DBSubnetGroup",
            "AWS::RDS::DBParameterGroup", "AWS::ElastiCache::SubnetGroup", "AWS::ElastiCache::ParameterGroup",
            "AWS::ServiceDiscovery::Service", "AWS::AutoScaling::LifecycleHook", "AWS::AutoScaling::ScheduledAction",
            "AWS::CodeDeploy::Application", "AWS::CodeDeploy::DeploymentGroup", "AWS::CodeDeploy::DeploymentConfig",
            "AWS::WAFv2::WebACLAssociation", "AWS::WAFv2::LoggingConfiguration", "AWS::WAFv2::RegexPatternSet", "AWS::WAFv2::IPSet",
            "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::CachePolicy", "AWS::CloudFront::OriginRequestPolicy",
            "AWS::CloudFront::ResponseHeadersPolicy", "AWS::SSM::Parameter", "AWS::Route53::RecordSet", "AWS::CDK::Metadata",
            "AWS::ECR::RegistryPolicy", "AWS::AppRunner::AutoScalingConfiguration", "AWS::AppRunner::VpcConnector",
            "AWS::EC2::VPCEndpointService", "AWS::CloudFormation::WaitConditionHandle", "AWS::Scheduler::ScheduleGroup");

    private final PriceTable prices;
    private final EnvironmentModel model;
    private final CostAssumptions use;
    private final String region;
    private final List<Line> lines = new ArrayList<>();
    private final List<Unpriced> unpriced = new ArrayList<>();

    private CostEstimator(PriceTable prices, EnvironmentModel model) {
        this.prices = prices;
        this.model = model;
        this.use = model.part(CostAssumptions.class);
        this.region = model.naming().region();
    }

    /**
     * One synthesized stack.
     *
     * @param name the stack's name
     * @param region where it deploys (the edge stack's firewall and key live in us-east-1)
     * @param template its template
     */
    public record Stack(String name, String region, JsonNode template) {
    }

    public static CostEstimate estimate(EnvironmentModel model, List<Stack> stacks) {
        return estimate(PriceTable.get(), model, stacks);
    }

    static CostEstimate estimate(PriceTable prices, EnvironmentModel model, List<Stack> stacks) {
        CostEstimator estimator = new CostEstimator(prices, model);
        for (Stack stack : stacks) {
            estimator.price(stack);
        }
        estimator.usage(stacks);
        // A group's lines together, groups in the order they first appear.
        List<String> groups = estimator.lines.stream().map(Line::group).distinct().toList();
        List<Line> lines = estimator.lines.stream().sorted(java.util.Comparator.comparingInt(line -> groups.indexOf(line.group()))).toList();
        return new CostEstimate(model.name(), model.naming().region(), lines, estimator.unpriced, estimator.assumptions());
    }

    private void price(Stack stack) {
        JsonNode resources = stack.template().path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String type = entry.getValue().path("Type").asText();
            JsonNode properties = entry.getValue().path("Properties");
            String where = entry.getKey() + " in " + stack.name();
            try {
                priceResource(resources, entry.getKey(), type, properties, where);
            } catch (MissingPrice e) {
                unpriced.add(new Unpriced(where, type, e.getMessage()));
            }
        }
    }

    private void priceResource(JsonNode resources, String logicalId, String type, JsonNode properties, String where) {
        switch (type) {
            case "AWS::EC2::NatGateway" -> hourly("network", "NAT gateway", "nat.hour", BigDecimal.ONE, "always on");
            case "AWS::EC2::EIP" -> hourly("network", "public IPv4 address (the NAT gateway's)", "public_ipv4.hour", BigDecimal.ONE,
                    "billed since February 2024");
            case "AWS::EC2::VPCEndpoint" -> endpoint(properties);
            case "AWS::ElasticLoadBalancingV2::LoadBalancer" -> loadBalancer(properties);
            case "AWS::ECS::Service" -> ecsService(resources, logicalId, properties, where);
            case "AWS::RDS::DBInstance" -> database(properties);
            case "AWS::ElastiCache::ReplicationGroup" -> cache(properties);
            case "AWS::WAFv2::WebACL" -> firewall(properties);
            case "AWS::CloudFront::Distribution" -> distribution();
            case "AWS::AutoScaling::AutoScalingGroup" -> instances(resources, logicalId, properties, where);
            case "AWS::AppRunner::Service" -> appRunner(properties, where);
            case "AWS::CodePipeline::Pipeline" -> add("delivery", "CodePipeline (" + properties.path("PipelineType").asText("V1") + ")",
                    properties.path("PipelineType").asText().equals("V2")
                            ? BigDecimal.valueOf(Math.max(0, use.releaseMinutes() - 100)) : BigDecimal.ONE,
                    properties.path("PipelineType").asText().equals("V2") ? "codepipeline.v2.action_minute" : "codepipeline.v1.pipeline_month",
                    "cost.release_minutes of actions, less the free 100");
            case "AWS::CodeBuild::Project" -> add("delivery", "CodeBuild minutes (" + properties.path("Environment")
                    .path("ComputeType").asText() + ")", BigDecimal.valueOf(use.releaseMinutes()), "codebuild.minute."
                    + properties.path("Environment").path("ComputeType").asText().toLowerCase(Locale.ROOT), "cost.release_minutes");
            case "AWS::ServiceDiscovery::PrivateDnsNamespace" -> add("network", "Cloud Map namespace (a private hosted zone)",
                    BigDecimal.ONE, "route53.hosted_zone_month", "");
            case "AWS::SecretsManager::Secret", "AWS::KMS::Key", "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm",
                    "AWS::CloudWatch::Dashboard", "AWS::S3::Bucket", "AWS::ECR::Repository", "AWS::Logs::LogGroup",
                    "AWS::Lambda::Function", "AWS::Scheduler::Schedule", "AWS::SQS::Queue", "AWS::SNS::Topic" -> {
                // counted across the stacks by usage()
            }
            default -> {
                if (!FREE.contains(type) && !type.startsWith("Custom::") && !type.equals("AWS::CloudFormation::CustomResource")) {
                    unpriced.add(new Unpriced(where, type, "no price for this type in the table"));
                }
            }
        }
    }

    /** The resources priced by how many there are and by use, across every stack. */
    private void usage(List<Stack> stacks) {
        count(stacks, "AWS::SecretsManager::Secret").ifPresent(n -> add("secrets", "Secrets Manager secrets", n,
                "secretsmanager.secret_month", "API calls at task starts: cents"));
        count(stacks, "AWS::KMS::Key").ifPresent(n -> add("security", "KMS keys", n, "kms.key_month", "requests within cents"));
        count(stacks, "AWS::CloudWatch::Alarm").ifPresent(n -> add("operations", "CloudWatch alarms", n, "cloudwatch.alarm_month", ""));
        count(stacks, "AWS::CloudWatch::Dashboard").ifPresent(n -> add("operations", "CloudWatch dashboards", n,
                "cloudwatch.dashboard_month", "an account's first three are free; priced as if they were taken"));
        count(stacks, "AWS::Logs::LogGroup").ifPresent(n -> {
            add("operations", "CloudWatch Logs ingested (" + n + " log groups)", BigDecimal.valueOf(use.logGb()), "logs.ingest_gb",
                    "cost.log_gb");
            add("operations", "CloudWatch Logs stored", BigDecimal.valueOf(use.logGb()), "logs.storage_gb_month",
                    "about a month's logs kept (compressed smaller)");
        });
        count(stacks, "AWS::S3::Bucket").ifPresent(n -> add("storage", "S3 buckets (" + n + ")",
                n.multiply(BigDecimal.valueOf(use.storageGb())), "s3.standard.gb_month", "cost.storage_gb in each"));
        count(stacks, "AWS::ECR::Repository").ifPresent(n -> add("storage", "ECR repositories (" + n + ")",
                n.multiply(BigDecimal.valueOf(use.storageGb())), "ecr.storage_gb_month", "cost.storage_gb in each"));
        count(stacks, "AWS::Lambda::Function").ifPresent(n -> add("operations", "Lambda functions (" + n + ")", BigDecimal.ZERO,
                "lambda.requests_million", "a few thousand invocations a month: within the always-free million"));
        count(stacks, "AWS::Scheduler::Schedule").ifPresent(n -> add("operations", "EventBridge schedules (" + n + ")",
                BigDecimal.ZERO, "scheduler.invocations_million", "a few hundred invocations: within the free 14 million"));
        count(stacks, "AWS::SQS::Queue").ifPresent(n -> add("operations", "SQS queues (" + n + ")", BigDecimal.ZERO,
                "sqs.requests_million", "within the free million requests"));
        count(stacks, "AWS::SNS::Topic").ifPresent(n -> add("operations", "SNS topics (" + n + ")", BigDecimal.ZERO,
                "sns.email_notifications_100k", "alerts by e-mail: within the free thousand"));
        count(stacks, "AWS::EC2::NatGateway").ifPresent(n -> add("network", "NAT data processed", BigDecimal.valueOf(use.natGb()),
                "nat.gb_processed", "cost.nat_gb"));
        boolean cdn = count(stacks, "AWS::CloudFront::Distribution").isPresent();
        boolean served = count(stacks, "AWS::ElasticLoadBalancingV2::LoadBalancer").isPresent()
                || count(stacks, "AWS::AppRunner::Service").isPresent();
        if (served && !cdn) {
            BigDecimal billable = BigDecimal.valueOf(Math.max(0, use.dataOutGb() - 100));
            add("network", "data out to the internet", billable, "data_transfer.out_gb", "cost.data_out_gb less the free 100 GB");
        }
    }

    private List<String> assumptions() {
        List<String> assumptions = new ArrayList<>();
        assumptions.add(String.format(Locale.ROOT, "%,d requests a month (cost.requests_per_month), %d GB out (cost.data_out_gb),"
                + " %d GB through NAT (cost.nat_gb), %d GB of logs (cost.log_gb), %d GB in each bucket and repository"
                + " (cost.storage_gb)", use.requestsPerMonth(), use.dataOutGb(), use.natGb(), use.logGb(), use.storageGb()));
        assumptions.add(String.format(Locale.ROOT, "%s hours awake a month of %s (the schedule: %s)",
                awakeHours().setScale(0, RoundingMode.HALF_UP), MONTH_HOURS, model.find(Schedule.class).flatMap(Schedule::hours)
                        .map(CostEstimator::describe).orElse("always")));
        if (model.services().all().stream().anyMatch(service -> service.capacity().scaleToZero().isPresent())) {
            assumptions.add(use.activeHours() + " hours a month awake for a service with idle_after (cost.active_hours)");
        }
        assumptions.add("each service runs its min tasks; autoscaling above them is not priced");
        assumptions.add("list prices of " + region + " from prices.tsv (dated rows; docs/cost.md), no free tier unless a line says so,"
                + " no tax, no savings plans");
        return assumptions;
    }

    /** As berth.yaml writes it: {@code Mon-Fri 07:00-20:00 UTC}. */
    private static String describe(Schedule.Awake awake) {
        List<java.time.DayOfWeek> days = awake.days().stream().sorted().toList();
        boolean contiguous = days.getLast().getValue() - days.getFirst().getValue() == days.size() - 1;
        String named = contiguous && days.size() > 1 ? shortName(days.getFirst()) + "-" + shortName(days.getLast())
                : String.join(",", days.stream().map(CostEstimator::shortName).toList());
        return named + " " + awake.wake() + "-" + awake.sleep() + " " + awake.zone();
    }

    private static String shortName(java.time.DayOfWeek day) {
        return day.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT);
    }

    /** The hours a month the schedule keeps the environment awake: all of them without one. */
    BigDecimal awakeHours() {
        return model.find(Schedule.class).flatMap(Schedule::hours).map(awake -> {
            long minutes = Duration.between(awake.wake(), awake.sleep()).toMinutes();
            BigDecimal weekly = BigDecimal.valueOf(awake.days().size() * minutes).divide(BigDecimal.valueOf(60), MathContext.DECIMAL64);
            return MONTH_HOURS.multiply(weekly).divide(BigDecimal.valueOf(168), MathContext.DECIMAL64);
        }).orElse(MONTH_HOURS);
    }

    private void endpoint(JsonNode properties) {
        if (properties.path("VpcEndpointType").asText().equals("Interface")) {
            int zones = properties.path("SubnetIds").size();
            hourly("network", "interface endpoint " + serviceOf(properties) + " (" + zones + " zones)", "vpce.interface.az_hour",
                    BigDecimal.valueOf(zones), "one per zone, always on");
        }
    }

    private static String serviceOf(JsonNode endpoint) {
        String text = endpoint.path("ServiceName").toString();
        int at = text.lastIndexOf('.');
        return at < 0 ? "" : text.substring(at + 1).replaceAll("[^a-z0-9.-]", "");
    }

    private void loadBalancer(JsonNode properties) {
        hourly("load balancer", "Application Load Balancer", "alb.hour", BigDecimal.ONE, "always on");
        // Each LCU: 25 new connections a second or 1 GB an hour to targets; requests are taken as new connections.
        BigDecimal perSecond = BigDecimal.valueOf(use.requestsPerMonth()).divide(MONTH_HOURS.multiply(BigDecimal.valueOf(3600)),
                MathContext.DECIMAL64);
        BigDecimal byConnections = perSecond.divide(BigDecimal.valueOf(25), MathContext.DECIMAL64);
        BigDecimal byBytes = BigDecimal.valueOf(use.dataOutGb()).divide(MONTH_HOURS, MathContext.DECIMAL64);
        add("load balancer", "load balancer capacity units", byConnections.max(byBytes).multiply(MONTH_HOURS), "alb.lcu_hour",
                "from cost.requests_per_month and cost.data_out_gb");
        if (properties.path("Scheme").asText().equals("internet-facing")) {
            int zones = properties.path("Subnets").size();
            hourly("load balancer", "public IPv4 addresses (one a zone)", "public_ipv4.hour", BigDecimal.valueOf(zones),
                    "billed since February 2024");
        }
    }

    private void ecsService(JsonNode resources, String logicalId, JsonNode properties, String where) {
        JsonNode strategy = properties.path("CapacityProviderStrategy");
        BigDecimal onDemandWeight = BigDecimal.ZERO;
        BigDecimal spotWeight = BigDecimal.ZERO;
        int base = 0;
        for (JsonNode provider : strategy) {
            String name = provider.path("CapacityProvider").asText();
            if (name.equals("FARGATE")) {
                onDemandWeight = BigDecimal.valueOf(provider.path("Weight").asInt());
                base = provider.path("Base").asInt(0);
            } else if (name.equals("FARGATE_SPOT")) {
                spotWeight = BigDecimal.valueOf(provider.path("Weight").asInt());
            } else {
                return; // tasks on the environment's instances: priced with their Auto Scaling group
            }
        }
        JsonNode task = taskDefinition(resources, properties.path("TaskDefinition"));
        if (task.isMissingNode()) {
            unpriced.add(new Unpriced(where, "AWS::ECS::Service", "its task definition is not in the template"));
            return;
        }
        String family = task.path("Family").asText();
        Optional<ServiceModel> service = model.services().all().stream()
                .filter(candidate -> model.naming().taskFamily(candidate.name()).equals(family)).findFirst();
        String group = service.map(ServiceModel::name).orElse(family.substring(family.lastIndexOf('-') + 1));
        // A service of Berth's own beside the model's (the Kong gateway): its scaling target's minimum, all the awake hours.
        int tasks = service.map(found -> Math.max(found.capacity().minTasks(), found.capacity().scaleToZero().isPresent() ? 1 : 0))
                .orElseGet(() -> minimumTasks(resources, logicalId));
        boolean sleeps = service.flatMap(found -> found.capacity().scaleToZero()).isPresent();
        BigDecimal vcpu = BigDecimal.valueOf(task.path("Cpu").asInt()).divide(BigDecimal.valueOf(1024), MathContext.DECIMAL64);
        BigDecimal memory = BigDecimal.valueOf(task.path("Memory").asInt()).multiply(GIB_PER_MIB);
        String architecture = task.path("RuntimePlatform").path("CpuArchitecture").asText("X86_64").equals("ARM64") ? "arm" : "x86";
        BigDecimal hours = sleeps ? BigDecimal.valueOf(use.activeHours()) : awakeHours();
        BigDecimal onDemandTasks;
        if (spotWeight.signum() == 0) {
            onDemandTasks = BigDecimal.valueOf(tasks);
        } else {
            int baseTasks = Math.min(tasks, base);
            onDemandTasks = BigDecimal.valueOf(baseTasks).add(BigDecimal.valueOf(tasks - baseTasks)
                    .multiply(onDemandWeight).divide(onDemandWeight.add(spotWeight), MathContext.DECIMAL64));
        }
        BigDecimal spotTasks = BigDecimal.valueOf(tasks).subtract(onDemandTasks);
        String size = vcpu.stripTrailingZeros().toPlainString() + " vCPU, " + memory.stripTrailingZeros().toPlainString() + " GB";
        String when = sleeps ? "awake cost.active_hours (it scales to zero)" : "awake hours";
        if (onDemandTasks.signum() > 0) {
            add(group, "Fargate task-hours (" + size + ", " + architecture + ")", onDemandTasks.multiply(hours),
                    "task-hour", taskHour("fargate", architecture, vcpu, memory), onDemandTasks.stripTrailingZeros().toPlainString()
                            + " task(s) × " + when);
        }
        if (spotTasks.signum() > 0) {
            add(group, "Fargate Spot task-hours (" + size + ", " + architecture + ")", spotTasks.multiply(hours),
                    "task-hour", taskHour("fargate_spot", architecture, vcpu, memory), spotTasks.stripTrailingZeros().toPlainString()
                            + " task(s) × " + when);
        }
    }

    /** A service's task definition: referenced, or named by its family (a blue-green service's, which CodeDeploy updates). */
    private static JsonNode taskDefinition(JsonNode resources, JsonNode reference) {
        if (reference.has("Ref")) {
            return resources.path(reference.path("Ref").asText()).path("Properties");
        }
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::ECS::TaskDefinition")
                    && resource.path("Properties").path("Family").asText().equals(reference.asText())) {
                return resource.path("Properties");
            }
        }
        return MissingNode.getInstance();
    }

    /** The minimum of the scaling target that names the service, else one task. */
    private static int minimumTasks(JsonNode resources, String serviceId) {
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::ApplicationAutoScaling::ScalableTarget")
                    && resource.path("Properties").path("ResourceId").toString().contains("\"" + serviceId + "\"")) {
                return resource.path("Properties").path("MinCapacity").asInt(1);
            }
        }
        return 1;
    }

    private BigDecimal taskHour(String capacity, String architecture, BigDecimal vcpu, BigDecimal memory) {
        // Fargate Spot's table covers x86; ARM tasks cannot run on Spot.
        return vcpu.multiply(price(capacity + ".vcpu_hour." + architecture)).add(memory.multiply(price(capacity + ".gb_hour." + architecture)))
                .round(MathContext.DECIMAL64);
    }

    private void database(JsonNode properties) {
        String instanceClass = properties.path("DBInstanceClass").asText();
        boolean multiAz = properties.path("MultiAZ").asBoolean(false);
        String prefix = multiAz ? "rds_multi_az" : "rds";
        add("database", "RDS PostgreSQL " + instanceClass + (multiAz ? " Multi-AZ" : ""), awakeHours(), "instance-hour",
                price(prefix + ".hour." + instanceClass), "awake hours: the schedule stops it");
        add("database", "RDS gp3 storage", BigDecimal.valueOf(properties.path("AllocatedStorage").asInt()), "GB-month",
                price(prefix + ".gp3.gb_month"), "allocated, billed while stopped too");
        add("database", "RDS backups beyond the free allowance", BigDecimal.ZERO, "GB-month", price("rds.backup.gb_month"),
                "backups up to the allocated storage are free; " + properties.path("BackupRetentionPeriod").asInt() + " day(s) kept");
    }

    private void cache(JsonNode properties) {
        String nodeType = properties.path("CacheNodeType").asText();
        int nodes = properties.path("NumCacheClusters").asInt(1);
        hourly("cache", "ElastiCache Redis " + nodeType + " × " + nodes, "elasticache.hour." + nodeType, BigDecimal.valueOf(nodes),
                "always on (a cache cannot be stopped)");
    }

    private void firewall(JsonNode properties) {
        String scope = properties.path("Scope").asText();
        add("firewall", "WAF web ACL (" + scope.toLowerCase(Locale.ROOT) + ")", BigDecimal.ONE, "waf.web_acl_month", "");
        add("firewall", "WAF rules and rule groups", BigDecimal.valueOf(properties.path("Rules").size()), "waf.rule_month", "");
        add("firewall", "WAF requests", millions(use.requestsPerMonth()), "waf.requests_million", "cost.requests_per_month");
    }

    private void distribution() {
        BigDecimal freeGb = price("cloudfront.free_tier.gb");
        BigDecimal freeRequests = price("cloudfront.free_tier.requests");
        add("edge", "CloudFront data out", BigDecimal.valueOf(use.dataOutGb()).subtract(freeGb).max(BigDecimal.ZERO),
                "cloudfront.gb_out.first_10tb", "cost.data_out_gb less the always-free " + freeGb.toPlainString() + " GB");
        add("edge", "CloudFront HTTPS requests (10,000s)", BigDecimal.valueOf(use.requestsPerMonth()).subtract(freeRequests)
                .max(BigDecimal.ZERO).divide(BigDecimal.valueOf(10_000), MathContext.DECIMAL64), "cloudfront.requests_10k.https",
                "cost.requests_per_month less the always-free " + freeRequests.toPlainString());
    }

    private void instances(JsonNode resources, String logicalId, JsonNode properties, String where) {
        JsonNode data = launchTemplate(resources, properties);
        String instanceType = data.path("InstanceType").asText(properties.path("MixedInstancesPolicy").path("LaunchTemplate")
                .path("Overrides").path(0).path("InstanceType").asText(""));
        if (instanceType.isEmpty()) {
            unpriced.add(new Unpriced(where, "AWS::AutoScaling::AutoScalingGroup", "no instance type in its launch template"));
            return;
        }
        boolean spot = properties.path("MixedInstancesPolicy").path("InstancesDistribution").path("OnDemandPercentageAboveBaseCapacity")
                .asInt(100) == 0;
        int min = properties.path("MinSize").asInt();
        boolean controlPlane = logicalId.contains("ControlPlane");
        // At min 0, ECS managed scaling starts instances for the tasks: one is taken as running while awake.
        int count = Math.max(min, 1);
        BigDecimal hours = controlPlane ? MONTH_HOURS : awakeHours();
        String group = controlPlane ? "cluster control plane" : logicalId.contains("Worker") ? "cluster workers" : "instances";
        String item = (spot ? "ec2_spot.hour." : "ec2.hour.") + instanceType;
        if (prices.find(region, item).isEmpty() && spot) {
            item = "ec2.hour." + instanceType;
            spot = false;
        }
        add(group, "EC2 " + instanceType + (spot ? " Spot" : "") + " × " + count, hours.multiply(BigDecimal.valueOf(count)),
                "instance-hour", price(item), (controlPlane ? "always on" : "awake hours") + (min == 0 ? "; min 0, one taken as running" : ""));
        int volume = data.path("BlockDeviceMappings").path(0).path("Ebs").path("VolumeSize").asInt(0);
        if (volume > 0) {
            add(group, "EBS gp3 root volumes", BigDecimal.valueOf((long) volume * count), "GB-month", price("ebs.gp3.gb_month"), "");
        }
    }

    private static JsonNode launchTemplate(JsonNode resources, JsonNode group) {
        JsonNode reference = group.path("LaunchTemplate").isMissingNode()
                ? group.path("MixedInstancesPolicy").path("LaunchTemplate").path("LaunchTemplateSpecification")
                : group.path("LaunchTemplate");
        String id = reference.path("LaunchTemplateId").path("Ref").asText();
        return resources.path(id).path("Properties").path("LaunchTemplateData");
    }

    private void appRunner(JsonNode properties, String where) {
        JsonNode instance = properties.path("InstanceConfiguration");
        try {
            BigDecimal vcpu = new BigDecimal(instance.path("Cpu").asText().split(" ")[0]);
            BigDecimal memory = new BigDecimal(instance.path("Memory").asText().split(" ")[0]);
            add("front end", "App Runner memory kept provisioned", memory.multiply(MONTH_HOURS), "GB-hour",
                    price("apprunner.provisioned_gb_hour"), "one instance, always provisioned");
            BigDecimal active = BigDecimal.valueOf(use.activeHours());
            add("front end", "App Runner active vCPU", vcpu.multiply(active), "vCPU-hour", price("apprunner.vcpu_hour"),
                    "cost.active_hours serving requests");
        } catch (NumberFormatException e) {
            unpriced.add(new Unpriced(where, "AWS::AppRunner::Service", "its CPU and memory are not literal values"));
        }
    }

    private static BigDecimal millions(long count) {
        return BigDecimal.valueOf(count).divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
    }

    private static Optional<BigDecimal> count(List<Stack> stacks, String type) {
        int total = stacks.stream().mapToInt(stack -> count(stack.template(), type)).sum();
        return total == 0 ? Optional.empty() : Optional.of(BigDecimal.valueOf(total));
    }

    private static int count(JsonNode template, String type) {
        int count = 0;
        for (JsonNode resource : template.path("Resources")) {
            if (resource.path("Type").asText().equals(type)) {
                count++;
            }
        }
        return count;
    }

    private void hourly(String group, String resource, String item, BigDecimal count, String note) {
        add(group, resource, count.multiply(MONTH_HOURS), "hour", price(item), count.compareTo(BigDecimal.ONE) == 0 ? note
                : count.stripTrailingZeros().toPlainString() + " × 730 hours; " + note);
    }

    private void add(String group, String resource, BigDecimal quantity, String item, String note) {
        PriceTable.Price price = priceOf(item);
        add(group, resource, quantity, shortUnit(price.unit()), price.usd(), note);
    }

    private void add(String group, String resource, BigDecimal quantity, String unit, BigDecimal unitPrice, String note) {
        lines.add(new Line(group, resource, quantity.round(MathContext.DECIMAL64), unit, unitPrice, note));
    }

    /** The table's unit without its "per" and its explanations: {@code per hosted zone per month (first 25)} is {@code hosted zone}. */
    static String shortUnit(String unit) {
        String bare = unit.replaceFirst("^per ", "");
        int explained = bare.indexOf(" (");
        bare = explained < 0 ? bare : bare.substring(0, explained);
        return bare.replaceFirst(" per month$", "").replaceFirst(" per hour$", "");
    }

    private BigDecimal price(String item) {
        return priceOf(item).usd();
    }

    private PriceTable.Price priceOf(String item) {
        return prices.find(region, item).orElseThrow(() -> new MissingPrice(item, region));
    }

    /** The table lacks a price the estimate needs: a gap in prices.tsv, not in the user's file. */
    public static final class MissingPrice extends RuntimeException {
        MissingPrice(String item, String region) {
            super("prices.tsv has no price for " + item + " in " + region);
        }
    }
}
