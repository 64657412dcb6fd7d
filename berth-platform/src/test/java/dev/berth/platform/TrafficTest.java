package dev.berth.platform;

import static dev.berth.platform.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.layer.Foundation;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;

/**
 * The traffic graph against the templates of every shipped environment: every security-group rule there is, in
 * any stack, is a flow of the graph, and every flow has its rules. What {@code berth plan} prints as the graph is
 * therefore exactly what the groups allow.
 */
class TrafficTest {

    /** One rule: the group it belongs to, in or out, the peer (a zone's name) and the port. */
    record Rule(String group, String direction, String peer, int port) {
    }

    static List<Environments.Labelled> environments() {
        return Environments.shippedAndWithoutNat();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyRuleIsAFlowAndEveryFlowHasItsRules(Environments.Labelled labelled) {
        Synthesized environment = labelled.environment();
        List<Rule> expected = new ArrayList<>();
        for (Flow flow : environment.assembly().traffic().flows()) {
            if (flow.from().isGroup()) {
                expected.add(new Rule(flow.from().name(), "out", flow.to().name(), flow.port()));
            }
            if (flow.to().isGroup()) {
                expected.add(new Rule(flow.to().name(), "in", flow.from().name(), flow.port()));
            }
        }
        assertThat(rules(environment)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void onlyTheLoadBalancerIsReachableFromTheInternetAndOnlyOnItsListenerPorts(Environments.Labelled labelled) {
        Synthesized environment = labelled.environment();
        assertThat(rules(environment)).filteredOn(rule -> rule.direction().equals("in") && rule.peer().equals("internet"))
                .extracting(Rule::group, Rule::port)
                .containsExactlyInAnyOrderElementsOf(environment.model().edge().loadBalancerPublicPorts().stream()
                        .map(port -> org.assertj.core.groups.Tuple.tuple("LoadBalancer", port)).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void behindCloudFrontTheLoadBalancerAdmitsCloudFrontAloneOnTheOriginPort(Environments.Labelled labelled) {
        Synthesized environment = labelled.environment();
        List<Rule> fromCloudFront = rules(environment).stream().filter(rule -> rule.peer().equals("cloudfront")).toList();
        if (environment.model().edge().distribution().isPresent()) {
            assertThat(fromCloudFront).containsExactly(new Rule("LoadBalancer", "in", "cloudfront", environment.model().edge().originPort()));
        } else {
            assertThat(fromCloudFront).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void theDataAndAppStacksAddNoRules(Environments.Labelled labelled) {
        for (String layer : List.of("data", "app")) {
            if (!labelled.environment().assembly().layers().contains(layer)) {
                continue;
            }
            JsonNode template = labelled.environment().template(layer);
            for (String type : List.of("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")) {
                assertThat(resources(template, type)).as(layer + " " + type).isEmpty();
            }
        }
    }

    /** Every rule of every template, with groups and CIDRs named as the graph's zones. */
    static List<Rule> rules(Synthesized environment) {
        Map<String, String> zonesByLogicalId = new HashMap<>();
        environment.assembly().outputs().get(Foundation.class).groups().all().forEach((zone, group) ->
                zonesByLogicalId.put(logicalId(group), zone.name()));
        String vpcCidr = environment.model().network().cidr().toString();
        List<Rule> rules = new ArrayList<>();
        for (String layer : List.of("foundation", "data", "app")) {
            if (!environment.assembly().layers().contains(layer)) {
                continue;
            }
            JsonNode template = environment.template(layer);
            resources(template, "AWS::EC2::SecurityGroup").forEach((id, group) -> {
                for (JsonNode rule : group.path("Properties").path("SecurityGroupIngress")) {
                    rules.add(new Rule(zonesByLogicalId.get(id), "in", peer(rule, "SourceSecurityGroupId", zonesByLogicalId, vpcCidr),
                            rule.path("FromPort").asInt()));
                }
                for (JsonNode rule : group.path("Properties").path("SecurityGroupEgress")) {
                    // allowAllOutbound: false leaves the CDK's placeholder that matches no traffic
                    if (!rule.path("CidrIp").asText().equals("255.255.255.255/32")) {
                        rules.add(new Rule(zonesByLogicalId.get(id), "out",
                                peer(rule, "DestinationSecurityGroupId", zonesByLogicalId, vpcCidr), rule.path("FromPort").asInt()));
                    }
                }
            });
            resources(template, "AWS::EC2::SecurityGroupIngress").values().forEach(rule -> rules.add(new Rule(
                    zonesByLogicalId.get(rule.path("Properties").path("GroupId").path("Fn::GetAtt").get(0).asText()), "in",
                    peer(rule.path("Properties"), "SourceSecurityGroupId", zonesByLogicalId, vpcCidr),
                    rule.path("Properties").path("FromPort").asInt())));
            resources(template, "AWS::EC2::SecurityGroupEgress").values().forEach(rule -> rules.add(new Rule(
                    zonesByLogicalId.get(rule.path("Properties").path("GroupId").path("Fn::GetAtt").get(0).asText()), "out",
                    peer(rule.path("Properties"), "DestinationSecurityGroupId", zonesByLogicalId, vpcCidr),
                    rule.path("Properties").path("FromPort").asInt())));
        }
        return rules;
    }

    private static String peer(JsonNode rule, String groupKey, Map<String, String> zones, String vpcCidr) {
        // The only prefix list the graph names is CloudFront's origin-facing one, looked up at deploy time.
        if (rule.has("SourcePrefixListId")) {
            assertThat(rule.path("SourcePrefixListId").toString()).contains("CloudFrontOrigins");
            return Zone.CLOUDFRONT.name();
        }
        if (rule.has("CidrIp")) {
            String cidr = rule.path("CidrIp").asText();
            return cidr.equals("0.0.0.0/0") ? Zone.INTERNET.name() : cidr.equals(vpcCidr) ? Zone.VPC.name() : cidr;
        }
        return zones.getOrDefault(rule.path(groupKey).path("Fn::GetAtt").get(0).asText(), rule.path(groupKey).toString());
    }

    private static String logicalId(ISecurityGroup group) {
        Stack stack = Stack.of(group);
        return (String) stack.resolve(stack.getLogicalId((CfnElement) group.getNode().getDefaultChild()));
    }
}
