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
