package dev.berth.platform.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each priced resource kind on a small fixed template, its total worked out by hand in the comments from prices.tsv's
 * eu-central-1 rows (730 hours a month). Spot, the off-hours schedule and Multi-AZ each change a total by what the
 * comments say.
 */
class CostEstimatorTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** always: awake all month; dev: Mon–Fri 07:00–20:00, 65 of 168 hours a week = 282.44 hours a month. */
    static final String YAML = """
            project: shop
            region: eu-central-1
            services:
              - name: web
                image: {repository: shop/web}
                min: 2
              - name: api
                image: {repository: shop/api}
                path: /api/*
                min: 1
                idle_after: 30m
            environments:
              dev: {}
              always:
                profile: dev
                schedule: {awake: always}
              busy:
                profile: dev
                schedule: {awake: always}
                cost: {requests_per_month: 20000000, data_out_gb: 1500, nat_gb: 10}
            """;

    static EnvironmentModel environment(String name) {
        return BerthYaml.parse(Path.of("berth.yaml"), new StringReader(YAML)).environment(name).orElseThrow();
    }

    static CostEstimate estimate(String environment, String resources) throws Exception {
        JsonNode template = JSON.readTree("{\"Resources\": {" + resources + "}}");
        return CostEstimator.estimate(environment(environment), List.of(new CostEstimator.Stack("shop-" + environment + "-app",
                "eu-central-1", template)));
    }

    static BigDecimal dollars(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void aNatGatewayItsAddressAndItsData() throws Exception {
        // 730 × 0.052 = 37.96; the address 730 × 0.005 = 3.65; 10 GB × 0.052 = 0.52. 42.13.
        CostEstimate estimate = estimate("busy", """
                "Nat": {"Type": "AWS::EC2::NatGateway"}, "Eip": {"Type": "AWS::EC2::EIP"}""");
        assertThat(estimate.total()).isEqualByComparingTo(dollars("42.13"));
    }

    @Test
    void anInternetFacingLoadBalancerItsCapacityUnitsAndOneAddressAZone() throws Exception {
        // 730 × 0.027 = 19.71; LCUs: 1,000,000 requests / (730 × 3600 s) = 0.3805 a second / 25 = 0.01522 LCU (above
        // 10 GB / 730 h = 0.0137), × 730 = 11.11 LCU-hours × 0.008 = 0.09; two addresses 2 × 730 × 0.005 = 7.30;
        // 10 GB out is within the free 100 GB: 0. 27.10.
        CostEstimate estimate = estimate("dev", """
                "Alb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Scheme": "internet-facing",
                  "Subnets": ["a", "b"]}}""");
        assertThat(estimate.total()).isEqualByComparingTo(dollars("27.10"));
    }

    static final String WEB_TASK = """
            "WebTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "512", "Memory": "1024", "Family": "shop-%1$s-web",
              "RuntimePlatform": {"CpuArchitecture": "X86_64"}}}""";

    static String webService(String strategy) {
        return WEB_TASK + ", \"WebService\": {\"Type\": \"AWS::ECS::Service\", \"Properties\": {"
                + " \"TaskDefinition\": {\"Ref\": \"WebTask\"}, \"CapacityProviderStrategy\": " + strategy + "}}";
    }

    @Test
    void fargateTasksOnDemandAndOnSpotAndTheScheduleHours() throws Exception {
        // A task of 0.5 vCPU and 1 GB: 0.5 × 0.04656 + 1 × 0.00511 = 0.02839 an hour; 2 tasks all month: 1460 × 0.02839 = 41.45.
        CostEstimate onDemand = estimate("always", webService("[{\"CapacityProvider\": \"FARGATE\", \"Weight\": 1}]")
                .formatted("always"));
        assertThat(onDemand.total()).isEqualByComparingTo(dollars("41.45"));
        // On Spot: 0.5 × 0.01485 + 1 × 0.00163 = 0.009055 an hour; 1460 × 0.009055 = 13.22: 28.23 less.
        CostEstimate spot = estimate("always", webService("[{\"CapacityProvider\": \"FARGATE_SPOT\", \"Weight\": 1}]")
                .formatted("always"));
        assertThat(spot.total()).isEqualByComparingTo(dollars("13.22"));
        assertThat(onDemand.total().subtract(spot.total())).isEqualByComparingTo(dollars("28.23"));
        // Base 1 on-demand, then 1:3: of 2 tasks, 1 + 1 × 1/4 = 1.25 on-demand (912.5 h × 0.02839 = 25.91), 0.75 on Spot
        // (547.5 h × 0.009055 = 4.96). 30.87.
        CostEstimate mixed = estimate("always", webService("[{\"CapacityProvider\": \"FARGATE\", \"Base\": 1, \"Weight\": 1},"
                + " {\"CapacityProvider\": \"FARGATE_SPOT\", \"Weight\": 3}]").formatted("always"));
        assertThat(mixed.total()).isEqualByComparingTo(dollars("30.87"));
        // Off hours, 282.44 hours a month: 2 × 282.44 × 0.009055 = 5.11.
        CostEstimate scheduled = estimate("dev", webService("[{\"CapacityProvider\": \"FARGATE_SPOT\", \"Weight\": 1}]")
                .formatted("dev"));
        assertThat(scheduled.total()).isEqualByComparingTo(dollars("5.11"));
    }

    @Test
    void aServiceThatScalesToZeroIsPricedForItsActiveHours() throws Exception {
        // api: 1 task of 0.25 vCPU and 0.5 GB for cost.active_hours (60): 0.25 × 0.04656 + 0.5 × 0.00511 = 0.014195 an hour
        // × 60 = 0.85.
        CostEstimate estimate = estimate("always", """
                "ApiTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "256", "Memory": "512", "Family": "shop-always-api"}},
                "ApiService": {"Type": "AWS::ECS::Service", "Properties": {
                  "TaskDefinition": {"Ref": "ApiTask"}, "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}]}}""");
        assertThat(estimate.total()).isEqualByComparingTo(dollars("0.85"));
    }

    static String database(boolean multiAz) {
        return """
                "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t4g.micro", "MultiAZ": %s,
                  "AllocatedStorage": "20", "BackupRetentionPeriod": 1}}""".formatted(multiAz);
    }

    @Test
    void theDatabaseStopsOffHoursAndMultiAzDoublesIt() throws Exception {
        // Single-AZ, all month: 730 × 0.019 = 13.87; 20 GB × 0.137 = 2.74. 16.61.
        assertThat(estimate("always", database(false)).total()).isEqualByComparingTo(dollars("16.61"));
        // Off hours it is stopped: 282.44 × 0.019 = 5.37, storage billed all month: 2.74. 8.11.
        assertThat(estimate("dev", database(false)).total()).isEqualByComparingTo(dollars("8.11"));
        // Multi-AZ: 730 × 0.038 = 27.74; 20 × 0.274 = 5.48. 33.22, twice the single-AZ total.
        assertThat(estimate("always", database(true)).total()).isEqualByComparingTo(dollars("33.22"));
    }

    @Test
    void theCacheRunsAllMonthWhateverTheSchedule() throws Exception {
        // 2 × 730 × 0.0184 = 26.86, off hours too.
        String cache = """
                "Cache": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {"CacheNodeType": "cache.t4g.micro",
                  "NumCacheClusters": 2}}""";
        assertThat(estimate("dev", cache).total()).isEqualByComparingTo(dollars("26.86"));
    }

    @Test
    void theFirewallAndTheDistributionPastTheirFreeAllowances() throws Exception {
        // A web ACL 5.00, five rules 5.00, 1 M requests 0.60: 10.60; the distribution's 10 GB and 1 M requests are
        // within the always-free 1000 GB and 10 M: 0.
        String edge = """
                "Acl": {"Type": "AWS::WAFv2::WebACL", "Properties": {"Scope": "CLOUDFRONT", "Rules": [{}, {}, {}, {}, {}]}},
                "Cdn": {"Type": "AWS::CloudFront::Distribution"}""";
        assertThat(estimate("dev", edge).total()).isEqualByComparingTo(dollars("10.60"));
        // 20 M requests: 20 × 0.60 = 12.00 on the firewall, 22.00 in all; CloudFront: 500 GB × 0.085 = 42.50 and
        // 10 M / 10,000 × 0.01 = 10.00. 74.50.
        assertThat(estimate("busy", edge).total()).isEqualByComparingTo(dollars("74.50"));
    }

    @Test
    void anInterfaceEndpointIsPricedInEachOfItsZones() throws Exception {
        // 2 × 730 × 0.012 = 17.52; a gateway endpoint is free.
        CostEstimate estimate = estimate("dev", """
                "Ecr": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcEndpointType": "Interface", "SubnetIds": ["a", "b"],
                  "ServiceName": "com.amazonaws.eu-central-1.ecr.api"}},
                "S3": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcEndpointType": "Gateway"}}""");
        assertThat(estimate.total()).isEqualByComparingTo(dollars("17.52"));
    }

    @Test
    void whatIsPricedByHowManyThereAre() throws Exception {
        // 3 secrets × 0.40 = 1.20; 2 keys × 1.00 = 2.00; 14 alarms × 0.10 = 1.40; a dashboard 3.00; logs 1 GB × 0.63 =
        // 0.63 and 1 GB-month × 0.0324 = 0.03; 2 buckets × 1 GB × 0.0245 = 0.05; a repository 1 GB × 0.10 = 0.10; the
        // namespace 0.50; functions and schedules within their free tiers: 0. 8.91.
        StringBuilder resources = new StringBuilder();
        String[][] counted = {{"AWS::SecretsManager::Secret", "3"}, {"AWS::KMS::Key", "2"}, {"AWS::CloudWatch::Alarm", "14"},
                {"AWS::CloudWatch::Dashboard", "1"}, {"AWS::Logs::LogGroup", "4"}, {"AWS::S3::Bucket", "2"}, {"AWS::ECR::Repository", "1"},
                {"AWS::ServiceDiscovery::PrivateDnsNamespace", "1"}, {"AWS::Lambda::Function", "3"}, {"AWS::Scheduler::Schedule", "2"}};
        for (String[] kind : counted) {
            for (int i = 0; i < Integer.parseInt(kind[1]); i++) {
                resources.append(resources.isEmpty() ? "" : ", ").append("\"R").append(kind[0].replaceAll("\\W", "")).append(i)
                        .append("\": {\"Type\": \"").append(kind[0]).append("\"}");
            }
        }
        assertThat(estimate("dev", resources.toString()).total()).isEqualByComparingTo(dollars("8.91"));
    }

    @Test
    void instancesOfAGroupAndTheClusterControlPlane() throws Exception {
        // Workers: 2 × t3.medium for the awake hours, 2 × 282.44 × 0.048 = 27.11, with 2 × 30 GB × 0.0952 = 5.71; the
        // control plane all month: 730 × 0.048 = 35.04 and 30 × 0.0952 = 2.86. 70.72.
        String instances = """
                "Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"InstanceType": "t3.medium",
                  "BlockDeviceMappings": [{"Ebs": {"VolumeSize": 30}}]}}},
                "WorkersGroup": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "2", "MaxSize": "4",
                  "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Template"}}}},
                "ControlPlaneGroup": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "1", "MaxSize": "1",
                  "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Template"}}}}""";
        assertThat(estimate("dev", instances).total()).isEqualByComparingTo(dollars("70.72"));
    }

    @Test
    void appRunnerKeepsMemoryProvisionedAndPaysCpuWhileActive() throws Exception {
        // 1 GB × 730 × 0.009 = 6.57; 0.5 vCPU × 60 active hours × 0.081 = 2.43. 9.00.
        CostEstimate estimate = estimate("dev", """
                "Front": {"Type": "AWS::AppRunner::Service", "Properties": {"InstanceConfiguration": {"Cpu": "0.5 vCPU",
                  "Memory": "1 GB"}}}""");
        assertThat(estimate.total()).isEqualByComparingTo(dollars("9.00"));
    }

    @Test
    void aReleasePipelineAndABerthServiceBesideTheModelsOnes() throws Exception {
        // CodeBuild: cost.release_minutes (200) × 0.012 (general1.medium) = 2.40; CodePipeline V2: 200 action minutes less
        // the free 100 = 100 × 0.002 = 0.20. A Fargate service berth.yaml does not name (Kong's), its scaling target's
        // minimum of 2 tasks of 0.5 vCPU and 1 GB all month: 1460 × 0.02839 = 41.45. 44.05.
        CostEstimate estimate = estimate("always", """
                "Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"Environment": {"ComputeType": "BUILD_GENERAL1_MEDIUM"}}},
                "Pipeline": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"PipelineType": "V2"}},
                "KongTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "512", "Memory": "1024", "Family": "shop-always-kong"}},
                "KongService": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "KongTask"},
                  "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}]}},
                "KongScaling": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"MinCapacity": 2,
                  "ResourceId": {"Fn::Join": ["", ["service/", {"Ref": "Cluster"}, "/", {"Fn::GetAtt": ["KongService", "Name"]}]]}}}""");
        assertThat(estimate.total()).isEqualByComparingTo(dollars("44.05"));
        assertThat(estimate.total("kong")).isEqualByComparingTo(dollars("41.45"));
        assertThat(estimate.total("delivery")).isEqualByComparingTo(dollars("2.60"));
    }

    @Test
    void aTypeNoPriceCoversIsListedNotCountedAsZeroAndFreeTypesAddNoLine() throws Exception {
        CostEstimate estimate = estimate("dev", """
                "Role": {"Type": "AWS::IAM::Role"}, "Group": {"Type": "AWS::EC2::SecurityGroup"},
                "Stream": {"Type": "AWS::Kinesis::Stream"}""");
        assertThat(estimate.lines()).isEmpty();
        assertThat(estimate.unpriced()).singleElement().satisfies(item -> {
            assertThat(item.resource()).isEqualTo("Stream in shop-dev-app");
            assertThat(item.type()).isEqualTo("AWS::Kinesis::Stream");
        });
        assertThat(estimate.markdown()).contains("Not priced (not counted as zero)").contains("AWS::Kinesis::Stream");
    }
}
