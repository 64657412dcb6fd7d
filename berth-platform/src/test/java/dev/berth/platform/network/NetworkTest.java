package dev.berth.platform.network;

import static dev.berth.platform.Templates.resources;
import static dev.berth.platform.Templates.tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The Network construct alone, on bare stacks: one NAT over 2 zones, one NAT per zone over 3, no NAT with endpoints. */
class NetworkTest {

    static final Zone WEB = Zone.publicGroup("Web", SubnetTier.PUBLIC, "web", "test");
    static final Zone APP = Zone.group("App", SubnetTier.COMPUTE, "app");
    static final Zone DB = Zone.group("Db", SubnetTier.DATA, "db");
    static final TrafficGraph TRAFFIC = new TrafficGraph(List.of(
            Flow.tcp(Zone.INTERNET, WEB, 443, "in"),
            Flow.tcp(WEB, APP, 8080, "forward"),
            Flow.tcp(APP, DB, 5432, "query"),
            Flow.tcp(APP, Zone.INTERNET, 443, "out")));

    static JsonNode singleNat;
    static JsonNode natPerZone;
    static JsonNode noNat;

    static JsonNode network(int natGateways, List<String> zones, boolean endpoints) {
        Stack stack = Templates.bareStack();
        new Network(stack, "Network", NetworkProps.builder()
                .availabilityZones(zones)
                .natGateways(natGateways)
                .interfaceEndpoints(endpoints)
                .flowLogRetention(RetentionDays.ONE_WEEK)
                .encryptionKey(new Key(stack, "Key"))
                .traffic(TRAFFIC)
                .build());
        return Templates.template(stack);
    }

    @BeforeAll
    static void synthesize() {
        singleNat = network(1, List.of("eu-central-1a", "eu-central-1b"), false);
        natPerZone = network(3, List.of("eu-central-1a", "eu-central-1b", "eu-central-1c"), false);
        noNat = network(0, List.of("eu-central-1b", "eu-central-1c"), true);
    }

    @Test
    void natGatewaysAsAsked() {
        assertThat(resources(singleNat, "AWS::EC2::NatGateway")).hasSize(1);
        assertThat(resources(natPerZone, "AWS::EC2::NatGateway")).hasSize(3);
        assertThat(resources(noNat, "AWS::EC2::NatGateway")).isEmpty();
    }

    @Test
    void threeTiersOfSubnetsPerZoneEachASixteenthOfTheVpc() {
        Map<String, Long> tiers = resources(natPerZone, "AWS::EC2::Subnet").values().stream()
                .collect(Collectors.groupingBy(subnet -> tag(subnet, "aws-cdk:subnet-name"), Collectors.counting()));
        assertThat(tiers).containsExactlyInAnyOrderEntriesOf(Map.of("public", 3L, "compute", 3L, "data", 3L));
        assertThat(resources(natPerZone, "AWS::EC2::Subnet").values())
                .allSatisfy(subnet -> assertThat(subnet.path("Properties").path("CidrBlock").asText()).endsWith("/20"));
        JsonNode vpc = Templates.properties(natPerZone, "AWS::EC2::VPC");
        assertThat(vpc.path("CidrBlock").asText()).isEqualTo("10.0.0.0/16");
        assertThat(vpc.path("EnableDnsHostnames").asBoolean()).isTrue();
    }

    @Test
    void theNamedZonesAreUsed() {
        assertThat(resources(noNat, "AWS::EC2::Subnet").values().stream()
                .map(subnet -> subnet.path("Properties").path("AvailabilityZone").asText())
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("eu-central-1b", "eu-central-1c");
    }

    @Test
    void dataSubnetsHaveNoRouteOut() {
        for (JsonNode template : List.of(singleNat, natPerZone, noNat)) {
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
    void eachComputeSubnetRoutesThroughItsOwnNat() {
        Set<String> computeRouteTables = routeTablesOf(natPerZone, "compute");
        assertThat(resources(natPerZone, "AWS::EC2::Route").values().stream()
                .filter(route -> computeRouteTables.contains(route.path("Properties").path("RouteTableId").path("Ref").asText()))
                .map(route -> route.path("Properties").path("NatGatewayId").path("Ref").asText())
                .collect(Collectors.toSet())).hasSize(3);
        Set<String> isolated = routeTablesOf(noNat, "compute");
        assertThat(resources(noNat, "AWS::EC2::Route").values())
                .noneMatch(route -> isolated.contains(route.path("Properties").path("RouteTableId").path("Ref").asText()));
    }

    @Test
    void gatewayEndpointsAlwaysInterfaceEndpointsOnRequest() {
        assertThat(endpointServices(singleNat, "Gateway")).containsExactlyInAnyOrder("s3", "dynamodb");
        assertThat(endpointServices(singleNat, "Interface")).isEmpty();
        assertThat(endpointServices(noNat, "Gateway")).containsExactlyInAnyOrder("s3", "dynamodb");
        assertThat(endpointServices(noNat, "Interface"))
                .containsExactlyInAnyOrder("ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "kms");
        assertThat(resources(noNat, "AWS::EC2::VPCEndpoint", e -> e.path("Properties").path("VpcEndpointType").asText().equals("Interface")).values())
                .allSatisfy(endpoint -> assertThat(endpoint.path("Properties").path("PrivateDnsEnabled").asBoolean()).isTrue());
        JsonNode group = Templates.single(noNat, "AWS::EC2::SecurityGroup", "EndpointSecurityGroup");
        assertThat(group.path("Properties").path("GroupDescription").asText()).isEqualTo(Network.ENDPOINTS.description());
    }

    @Test
    void flowLogsRecordAllTrafficEncrypted() {
        JsonNode flowLog = Templates.properties(singleNat, "AWS::EC2::FlowLog");
        assertThat(flowLog.path("TrafficType").asText()).isEqualTo("ALL");
        assertThat(flowLog.path("ResourceType").asText()).isEqualTo("VPC");
        JsonNode group = Templates.properties(singleNat, "AWS::Logs::LogGroup");
        assertThat(group.path("KmsKeyId").toString()).contains("Key");
        assertThat(group.path("RetentionInDays").asInt()).isEqualTo(7);
    }

    @Test
    void everySubnetHasItsTiersAclOfAllowEntriesOnly() {
        assertThat(resources(natPerZone, "AWS::EC2::NetworkAcl")).hasSize(3);
        assertThat(resources(natPerZone, "AWS::EC2::SubnetNetworkAclAssociation"))
                .hasSize(resources(natPerZone, "AWS::EC2::Subnet").size());
        assertThat(resources(natPerZone, "AWS::EC2::NetworkAclEntry").values())
                .allSatisfy(e -> assertThat(e.path("Properties").path("RuleAction").asText()).isEqualTo("allow"));
    }

    @Test
    void theDataAclAdmitsOnlyTheGraphsFlowFromTheComputeSubnets() {
        List<String> computeCidrs = subnetCidrs(singleNat, "compute");
        List<JsonNode> entries = aclEntries(singleNat, "DataAcl");
        List<JsonNode> inbound = entries.stream().filter(e -> !e.path("Properties").path("Egress").asBoolean()).toList();
        assertThat(inbound).hasSize(computeCidrs.size()).allSatisfy(entry -> {
            JsonNode p = entry.path("Properties");
            assertThat(p.path("Protocol").asInt()).isEqualTo(6);
            assertThat(p.path("PortRange").path("From").asInt()).isEqualTo(5432);
            assertThat(p.path("PortRange").path("To").asInt()).isEqualTo(5432);
            assertThat(computeCidrs).contains(p.path("CidrBlock").asText());
        });
        assertThat(entries).noneMatch(e -> e.path("Properties").path("CidrBlock").asText().equals("0.0.0.0/0"));
    }

    @Test
    void thePublicAclAdmitsFromTheInternetOnlyTheGraphsPorts() {
        List<Integer> fromAnywhere = aclEntries(singleNat, "PublicAcl").stream()
                .map(e -> e.path("Properties"))
                .filter(p -> !p.path("Egress").asBoolean() && p.path("CidrBlock").asText().equals("0.0.0.0/0"))
                .filter(p -> p.path("PortRange").path("From").asInt() == p.path("PortRange").path("To").asInt())
                .map(p -> p.path("PortRange").path("From").asInt()).toList();
        assertThat(fromAnywhere).containsExactly(443);
    }

    static List<JsonNode> aclEntries(JsonNode template, String aclIdPart) {
        String acl = resources(template, "AWS::EC2::NetworkAcl").keySet().stream()
                .filter(id -> id.contains(aclIdPart)).findFirst().orElseThrow();
        return resources(template, "AWS::EC2::NetworkAclEntry",
                e -> e.path("Properties").path("NetworkAclId").path("Ref").asText().equals(acl)).values().stream().toList();
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

    static List<String> subnetCidrs(JsonNode template, String tier) {
        return resources(template, "AWS::EC2::Subnet", s -> tag(s, "aws-cdk:subnet-name").equals(tier)).values().stream()
                .map(s -> s.path("Properties").path("CidrBlock").asText()).toList();
    }

    static Set<String> routeTablesOf(JsonNode template, String tier) {
        Set<String> subnets = resources(template, "AWS::EC2::Subnet", s -> tag(s, "aws-cdk:subnet-name").equals(tier)).keySet();
        return resources(template, "AWS::EC2::SubnetRouteTableAssociation",
                a -> subnets.contains(a.path("Properties").path("SubnetId").path("Ref").asText())).values().stream()
                .map(a -> a.path("Properties").path("RouteTableId").path("Ref").asText())
                .collect(Collectors.toSet());
    }
}
