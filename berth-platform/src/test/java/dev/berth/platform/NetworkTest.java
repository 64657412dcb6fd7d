package dev.berth.platform;

import static dev.berth.platform.Synthesized.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class NetworkTest {

    static final String BASE = """
            project: net
            region: eu-central-1
            services:
              - name: web
                image: {repository: net}
            environments:
              dev: {%s}
            """;

    static Synthesized variant(String name, String settings) {
        return Synthesized.ofText("network-" + name, BASE.formatted(settings), "dev");
    }

    @Test
    void natGatewaysPerMode() {
        assertThat(resources(Synthesized.shipped("dev").foundation(), "AWS::EC2::NatGateway")).hasSize(1);
        assertThat(resources(Synthesized.shipped("prod").foundation(), "AWS::EC2::NatGateway")).hasSize(2);
        assertThat(resources(variant("per-az-3", "nat: per-az, azs: 3").foundation(), "AWS::EC2::NatGateway")).hasSize(3);
        assertThat(resources(variant("none", "nat: none").foundation(), "AWS::EC2::NatGateway")).isEmpty();
    }

    @Test
    void threeTiersOfSubnetsPerAz() {
        JsonNode template = variant("per-az-3", "nat: per-az, azs: 3").foundation();
        Map<String, Long> tiers = resources(template, "AWS::EC2::Subnet").values().stream()
                .collect(Collectors.groupingBy(subnet -> tag(subnet, "aws-cdk:subnet-name"), Collectors.counting()));
        assertThat(tiers).containsExactlyInAnyOrderEntriesOf(Map.of("public", 3L, "compute", 3L, "data", 3L));
        assertThat(resources(template, "AWS::EC2::Subnet").values())
                .allSatisfy(subnet -> assertThat(subnet.path("Properties").path("CidrBlock").asText()).endsWith("/20"));
        JsonNode vpc = Synthesized.single(template, "AWS::EC2::VPC").path("Properties");
        assertThat(vpc.path("CidrBlock").asText()).isEqualTo("10.0.0.0/16");
        assertThat(vpc.path("EnableDnsHostnames").asBoolean()).isTrue();
    }

    @Test
    void namedAvailabilityZonesAreUsed() {
        JsonNode template = variant("zones", "availability_zones: [eu-central-1b, eu-central-1c]").foundation();
        assertThat(resources(template, "AWS::EC2::Subnet").values().stream()
                .map(subnet -> subnet.path("Properties").path("AvailabilityZone").asText())
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("eu-central-1b", "eu-central-1c");
    }

    @Test
    void dataSubnetsHaveNoRouteOut() {
        for (Synthesized synthesized : List.of(Synthesized.shipped("dev"), Synthesized.shipped("prod"), variant("none", "nat: none"))) {
            JsonNode template = synthesized.foundation();
            Set<String> dataRouteTables = routeTablesOf(template, "data");
            assertThat(dataRouteTables).isNotEmpty();
            assertThat(resources(template, "AWS::EC2::Route").values())
                    .noneMatch(route -> dataRouteTables.contains(route.path("Properties").path("RouteTableId").path("Ref").asText()));
            assertThat(resources(template, "AWS::EC2::VPCEndpoint").values())
                    .noneMatch(endpoint -> StreamSupport.stream(endpoint.path("Properties").path("RouteTableIds").spliterator(), false)
                            .anyMatch(ref -> dataRouteTables.contains(ref.path("Ref").asText())));
        }
    }

    @Test
    void computeSubnetsRouteThroughNatWhenThereIsOne() {
        JsonNode template = Synthesized.shipped("prod").foundation();
        Set<String> computeRouteTables = routeTablesOf(template, "compute");
        assertThat(resources(template, "AWS::EC2::Route").values().stream()
                .filter(route -> computeRouteTables.contains(route.path("Properties").path("RouteTableId").path("Ref").asText()))
                .map(route -> route.path("Properties").path("NatGatewayId").path("Ref").asText())
                .collect(Collectors.toSet())).hasSize(2);
    }

    @Test
    void gatewayEndpointsAlwaysInterfaceEndpointsWithoutNat() {
        assertThat(endpointServices(Synthesized.shipped("dev").foundation(), "Gateway"))
                .containsExactlyInAnyOrder("s3", "dynamodb");
        assertThat(endpointServices(Synthesized.shipped("dev").foundation(), "Interface")).isEmpty();
        JsonNode none = variant("none", "nat: none").foundation();
        assertThat(endpointServices(none, "Gateway")).containsExactlyInAnyOrder("s3", "dynamodb");
        assertThat(endpointServices(none, "Interface"))
                .containsExactlyInAnyOrder("ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "kms");
        assertThat(resources(none, "AWS::EC2::VPCEndpoint", e -> e.path("Properties").path("VpcEndpointType").asText().equals("Interface")).values())
                .allSatisfy(endpoint -> assertThat(endpoint.path("Properties").path("PrivateDnsEnabled").asBoolean()).isTrue());
    }

    @Test
    void interfaceEndpointsOnRequestWithNat() {
        assertThat(endpointServices(variant("endpoints", "interface_endpoints: true").foundation(), "Interface")).hasSize(6);
    }

    @Test
    void flowLogsRecordAllTrafficEncrypted() {
        JsonNode template = Synthesized.shipped("prod").foundation();
        JsonNode flowLog = Synthesized.single(template, "AWS::EC2::FlowLog").path("Properties");
        assertThat(flowLog.path("TrafficType").asText()).isEqualTo("ALL");
        assertThat(flowLog.path("ResourceType").asText()).isEqualTo("VPC");
        assertThat(resources(template, "AWS::Logs::LogGroup").values())
                .allSatisfy(group -> {
                    assertThat(group.path("Properties").path("KmsKeyId").isMissingNode()).isFalse();
                    assertThat(group.path("Properties").path("RetentionInDays").asInt()).isEqualTo(90);
                });
    }

    @Test
    void dataTierNetworkAclAdmitsOnlyPostgresFromComputeSubnets() {
        JsonNode template = Synthesized.shipped("dev").foundation();
        List<String> computeCidrs = subnetCidrs(template, "compute");
        String dataAcl = aclOf(template, "DataAcl");
        List<JsonNode> entries = resources(template, "AWS::EC2::NetworkAclEntry",
                e -> e.path("Properties").path("NetworkAclId").path("Ref").asText().equals(dataAcl)).values().stream().toList();
        List<JsonNode> inbound = entries.stream().filter(e -> !e.path("Properties").path("Egress").asBoolean()).toList();
        assertThat(inbound).hasSize(computeCidrs.size()).allSatisfy(entry -> {
            JsonNode p = entry.path("Properties");
            assertThat(p.path("RuleAction").asText()).isEqualTo("allow");
            assertThat(p.path("Protocol").asInt()).isEqualTo(6);
            assertThat(p.path("PortRange").path("From").asInt()).isEqualTo(5432);
            assertThat(p.path("PortRange").path("To").asInt()).isEqualTo(5432);
            assertThat(computeCidrs).contains(p.path("CidrBlock").asText());
        });
        assertThat(entries).noneMatch(e -> e.path("Properties").path("CidrBlock").asText().equals("0.0.0.0/0"));
    }

    @Test
    void everySubnetHasACustomNetworkAcl() {
        JsonNode template = Synthesized.shipped("prod").foundation();
        assertThat(resources(template, "AWS::EC2::NetworkAcl")).hasSize(3);
        assertThat(resources(template, "AWS::EC2::SubnetNetworkAclAssociation"))
                .hasSize(resources(template, "AWS::EC2::Subnet").size());
        assertThat(resources(template, "AWS::EC2::NetworkAclEntry").values())
                .allSatisfy(e -> assertThat(e.path("Properties").path("RuleAction").asText()).isEqualTo("allow"));
    }

    static Set<String> endpointServices(JsonNode template, String type) {
        // CloudFormation's VpcEndpointType defaults to Gateway.
        return resources(template, "AWS::EC2::VPCEndpoint",
                e -> e.path("Properties").path("VpcEndpointType").asText("Gateway").equals(type))
                .values().stream()
                .map(endpoint -> serviceSuffix(endpoint.path("Properties").path("ServiceName")))
                .collect(Collectors.toSet());
    }

    /** "com.amazonaws.REGION.ecr.api" (possibly built with Fn::Join) to "ecr.api". */
    static String serviceSuffix(JsonNode serviceName) {
        String text = serviceName.isTextual() ? serviceName.asText() : serviceName.toString();
        for (String service : List.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "kms", "s3", "dynamodb")) {
            if (text.endsWith("." + service) || text.contains("." + service + "\"")) {
                return service;
            }
        }
        return text;
    }

    static String tag(JsonNode resource, String key) {
        for (JsonNode tag : resource.path("Properties").path("Tags")) {
            if (tag.path("Key").asText().equals(key)) {
                return tag.path("Value").asText();
            }
        }
        return "";
    }

    static Set<String> subnetsOf(JsonNode template, String tier) {
        return resources(template, "AWS::EC2::Subnet", s -> tag(s, "aws-cdk:subnet-name").equals(tier)).keySet();
    }

    static List<String> subnetCidrs(JsonNode template, String tier) {
        return resources(template, "AWS::EC2::Subnet", s -> tag(s, "aws-cdk:subnet-name").equals(tier)).values().stream()
                .map(s -> s.path("Properties").path("CidrBlock").asText()).toList();
    }

    static Set<String> routeTablesOf(JsonNode template, String tier) {
        Set<String> subnets = subnetsOf(template, tier);
        return resources(template, "AWS::EC2::SubnetRouteTableAssociation",
                a -> subnets.contains(a.path("Properties").path("SubnetId").path("Ref").asText())).values().stream()
                .map(a -> a.path("Properties").path("RouteTableId").path("Ref").asText())
                .collect(Collectors.toSet());
    }

    static String aclOf(JsonNode template, String idPart) {
        return resources(template, "AWS::EC2::NetworkAcl").keySet().stream()
                .filter(id -> id.contains(idPart)).findFirst().orElseThrow();
    }
}
