package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One key moves a service between runtimes, and only the compute of its environment changes: the network (VPC, subnets,
 * routes, NAT, endpoints, ACLs, flow logs, the services' security groups) and the data tier stay resource for resource
 * what they were. The node group's own security group and the key's permission for Auto Scaling are what compute adds
 * to the foundation.
 */
class RuntimeMoveTest {

    private static final String FILE = """
            project: move
            region: eu-central-1
            services:
              - name: web
                image: {repository: move/web}
                database: true
                runtime: RUNTIME
              - name: api
                image: {repository: move/api}
                path: /api/*
                database: true
            environments:
              dev: {}
            """;

    static Synthesized on(String runtime) {
        return Synthesized.ofText("move-" + runtime.replace('_', '-'), FILE.replace("RUNTIME", runtime), "dev");
    }

    /** Resources by logical id, without the ones a runtime's compute adds to the stack. */
    static Map<String, JsonNode> resources(JsonNode template) {
        Map<String, JsonNode> resources = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = template.path("Resources").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            resources.put(entry.getKey(), entry.getValue());
        }
        return resources;
    }

    static JsonNode withoutKeyPolicy(JsonNode key) {
        ObjectNode properties = key.path("Properties").deepCopy();
        properties.remove("KeyPolicy");
        return properties;
    }

    /** The network's own resources: what the VPC is, whatever runs in it. */
    static final java.util.Set<String> NETWORK_TYPES = java.util.Set.of("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable",
            "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::NatGateway", "AWS::EC2::EIP",
            "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::VPCEndpoint", "AWS::EC2::FlowLog",
            "AWS::EC2::NetworkAcl", "AWS::EC2::SubnetNetworkAclAssociation", "AWS::ServiceDiscovery::PrivateDnsNamespace");

    static Map<String, JsonNode> network(JsonNode foundation) {
        Map<String, JsonNode> network = new TreeMap<>();
        resources(foundation).forEach((id, resource) -> {
            if (NETWORK_TYPES.contains(resource.path("Type").asText())) {
                network.put(id, resource);
            }
        });
        return network;
    }

    /**
     * Onto the cluster, the service's traffic leaves from the workers' group instead of its own: the groups and the ACL
     * entries follow the traffic graph, and everything else of the network and the data tier stays.
     */
    @Test
    void movingAServiceOntoKubernetesChangesNeitherTheNetworkNorTheData() {
        Synthesized fargate = on("fargate");
        Synthesized kubernetes = on("kubernetes");
        assertThat(resources(kubernetes.data())).as("the data stack").isEqualTo(resources(fargate.data()));
        assertThat(network(kubernetes.foundation())).as("the VPC, subnets, routes, NAT, endpoints, flow logs, ACLs, namespace")
                .isEqualTo(network(fargate.foundation()));
        assertThat(network(fargate.foundation())).hasSizeGreaterThan(20);
        assertThat(resources(on("ec2").data())).isEqualTo(resources(kubernetes.data()));
    }

    @Test
    void movingAServiceFromFargateToEc2ChangesNeitherTheNetworkNorTheData() {
        Synthesized fargate = on("fargate");
        Synthesized ec2 = on("ec2");
        assertThat(resources(ec2.data())).as("the data stack").isEqualTo(resources(fargate.data()));
        Map<String, JsonNode> before = resources(fargate.foundation());
        Map<String, JsonNode> after = resources(ec2.foundation());
        TreeSet<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        assertThat(added).as("what the instances add: their own group").containsExactly("SecurityGroupsEc2Instances1FAB9FDE");
        assertThat(before.keySet()).as("nothing removed").isSubsetOf(after.keySet());
        before.forEach((id, resource) -> {
            if (resource.path("Type").asText().equals("AWS::KMS::Key")) {
                assertThat(after.get(id).path("Properties").path("KeyPolicy").path("Statement").toString())
                        .as("the key gains Auto Scaling's use for volumes").contains("AllowAutoScalingVolumesOfThisAccount");
                assertThat(withoutKeyPolicy(after.get(id))).isEqualTo(withoutKeyPolicy(resource));
            } else {
                assertThat(after.get(id)).as(id).isEqualTo(resource);
            }
        });
    }
}
