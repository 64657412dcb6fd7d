package dev.berth.platform;

import static dev.berth.platform.Synthesized.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chain internet → ALB → ECS → RDS, and nothing else open. */
class SecurityGroupChainTest {

    /** One rule, read from inline rules or separate ingress/egress resources: "group <- peer:port". */
    record Rule(String group, String direction, String peer, int fromPort, int toPort) {
    }

    static List<Rule> rules(JsonNode template) {
        List<Rule> rules = new ArrayList<>();
        Map<String, JsonNode> groups = resources(template, "AWS::EC2::SecurityGroup");
        groups.forEach((id, group) -> {
            for (JsonNode rule : group.path("Properties").path("SecurityGroupIngress")) {
                rules.add(rule(id, "in", rule, "SourceSecurityGroupId"));
            }
            for (JsonNode rule : group.path("Properties").path("SecurityGroupEgress")) {
                rules.add(rule(id, "out", rule, "DestinationSecurityGroupId"));
            }
        });
        resources(template, "AWS::EC2::SecurityGroupIngress").values().forEach(rule -> rules.add(
                rule(rule.path("Properties").path("GroupId").path("Fn::GetAtt").get(0).asText(), "in",
                        rule.path("Properties"), "SourceSecurityGroupId")));
        resources(template, "AWS::EC2::SecurityGroupEgress").values().forEach(rule -> rules.add(
                rule(rule.path("Properties").path("GroupId").path("Fn::GetAtt").get(0).asText(), "out",
                        rule.path("Properties"), "DestinationSecurityGroupId")));
        return rules;
    }

    private static Rule rule(String group, String direction, JsonNode rule, String peerGroupKey) {
        String peer = rule.has("CidrIp") ? rule.path("CidrIp").asText()
                : rule.path(peerGroupKey).path("Fn::GetAtt").get(0).asText();
        return new Rule(shortName(group), direction, shortName(peer), rule.path("FromPort").asInt(), rule.path("ToPort").asInt());
    }

    /** "SecurityGroupsLoadBalancer1234ABCD" to "LoadBalancer"; CIDRs unchanged. */
    static String shortName(String logicalId) {
        for (String name : List.of("LoadBalancer", "Compute", "Database", "EndpointSecurityGroup")) {
            if (logicalId.contains(name)) {
                return name;
            }
        }
        return logicalId;
    }

    @Test
    void prodChainIsExactlyInternetToAlbToTasksToDatabase() {
        assertThat(rules(Synthesized.shipped("prod").foundation())).containsExactlyInAnyOrder(
                new Rule("LoadBalancer", "in", "0.0.0.0/0", 80, 80),
                new Rule("LoadBalancer", "in", "0.0.0.0/0", 443, 443),
                new Rule("LoadBalancer", "out", "Compute", 8080, 8080),
                new Rule("Compute", "in", "LoadBalancer", 8080, 8080),
                new Rule("Compute", "out", "Database", 5432, 5432),
                new Rule("Compute", "out", "0.0.0.0/0", 443, 443),
                new Rule("Database", "in", "Compute", 5432, 5432),
                // allowAllOutbound: false leaves CDK's placeholder that matches no traffic
                new Rule("Database", "out", "255.255.255.255/32", 252, 86));
    }

    @Test
    void interfaceEndpointsAdmitHttpsFromTheVpcOnly() {
        assertThat(rules(NetworkTest.variant("none", "nat: none").foundation()))
                .filteredOn(rule -> rule.group().equals("EndpointSecurityGroup"))
                .containsExactlyInAnyOrder(
                        new Rule("EndpointSecurityGroup", "in", "10.0.0.0/16", 443, 443),
                        new Rule("EndpointSecurityGroup", "out", "255.255.255.255/32", 252, 86));
    }

    @Test
    void devWithoutDomainOpensOnlyPort80() {
        List<Rule> rules = rules(Synthesized.shipped("dev").foundation());
        assertThat(rules).filteredOn(rule -> rule.peer().equals("0.0.0.0/0") && rule.direction().equals("in"))
                .containsExactly(new Rule("LoadBalancer", "in", "0.0.0.0/0", 80, 80));
    }

    @Test
    void onlyTheLoadBalancerIsReachableFromTheInternet() {
        for (String environment : List.of("dev", "prod")) {
            assertThat(rules(Synthesized.shipped(environment).foundation()))
                    .filteredOn(rule -> rule.direction().equals("in") && rule.peer().equals("0.0.0.0/0"))
                    .extracting(Rule::group).containsOnly("LoadBalancer");
        }
    }

    @Test
    void databaseAndAppStacksAddNoRules() {
        for (String environment : List.of("dev", "prod")) {
            Synthesized synthesized = Synthesized.shipped(environment);
            assertThat(resources(synthesized.data(), "AWS::EC2::SecurityGroup")).isEmpty();
            assertThat(resources(synthesized.data(), "AWS::EC2::SecurityGroupIngress")).isEmpty();
            assertThat(resources(synthesized.app(), "AWS::EC2::SecurityGroup")).isEmpty();
            assertThat(resources(synthesized.app(), "AWS::EC2::SecurityGroupIngress")).isEmpty();
            assertThat(resources(synthesized.app(), "AWS::EC2::SecurityGroupEgress")).isEmpty();
        }
    }
}
