package dev.berth.platform.network;

import static dev.berth.platform.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;

/** SecurityGroups alone: a group per group zone, exactly the graph's flows as rules, and why the internet may come in. */
class SecurityGroupsTest {

    static final Zone WEB = Zone.publicGroup("Web", SubnetTier.PUBLIC, "web tier", "the entry point");
    static final Zone APP = Zone.group("App", SubnetTier.COMPUTE, "app tier");
    static final Zone DB = Zone.group("Db", SubnetTier.DATA, "db tier");
    static final Zone EXTERNAL = Zone.group("External", SubnetTier.COMPUTE, "made elsewhere");

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        SecurityGroup external = SecurityGroup.Builder.create(stack, "External").vpc(vpc).allowAllOutbound(false).build();
        new SecurityGroups(stack, "Groups", SecurityGroups.Props.builder()
                .vpc(vpc)
                .vpcCidr("10.0.0.0/16")
                .traffic(new TrafficGraph(List.of(
                        Flow.tcp(Zone.INTERNET, WEB, 443, "Internet in"),
                        Flow.tcp(WEB, APP, 8080, "Web to app"),
                        Flow.tcp(APP, DB, 5432, "App to db"),
                        Flow.tcp(APP, Zone.INTERNET, 443, "App out"),
                        Flow.tcp(Zone.VPC, EXTERNAL, 443, "VPC in"))))
                .existing(Map.<Zone, ISecurityGroup>of(EXTERNAL, external))
                .build());
        template = Templates.template(stack);
    }

    /** Every rule as "GROUP in|out PEER PORT", peers by logical id prefix or CIDR. */
    static List<String> rules() {
        List<String> rules = new ArrayList<>();
        resources(template, "AWS::EC2::SecurityGroup").forEach((id, group) -> {
            for (JsonNode rule : group.path("Properties").path("SecurityGroupIngress")) {
                rules.add(name(id) + " in " + peer(rule, "SourceSecurityGroupId") + " " + rule.path("FromPort").asInt()
                        + " " + rule.path("Description").asText());
            }
            for (JsonNode rule : group.path("Properties").path("SecurityGroupEgress")) {
                rules.add(name(id) + " out " + peer(rule, "DestinationSecurityGroupId") + " " + rule.path("FromPort").asInt()
                        + " " + rule.path("Description").asText());
            }
        });
        for (String type : List.of("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")) {
            boolean in = type.endsWith("Ingress");
            resources(template, type).values().forEach(rule -> {
                JsonNode p = rule.path("Properties");
                rules.add(name(p.path("GroupId").path("Fn::GetAtt").get(0).asText()) + (in ? " in " : " out ")
                        + peer(p, in ? "SourceSecurityGroupId" : "DestinationSecurityGroupId") + " " + p.path("FromPort").asInt()
                        + " " + p.path("Description").asText());
            });
        }
        return rules;
    }

    static String peer(JsonNode rule, String groupKey) {
        return rule.has("CidrIp") ? rule.path("CidrIp").asText() : name(rule.path(groupKey).path("Fn::GetAtt").get(0).asText());
    }

    static String name(String logicalId) {
        return logicalId.replaceAll("[0-9A-F]{8}$", "").replaceFirst("^Groups", "");
    }

    @Test
    void oneGroupPerGroupZoneWithItsDescriptionAndNoOpenEgress() {
        assertThat(resources(template, "AWS::EC2::SecurityGroup").values())
                .extracting(group -> group.path("Properties").path("GroupDescription").asText())
                .containsExactlyInAnyOrder("web tier", "app tier", "db tier", "Test/External");
        assertThat(rules()).noneMatch(rule -> rule.contains(" out 0.0.0.0/0 -1"));
    }

    @Test
    void exactlyTheFlowsAsRulesWithTheirReasons() {
        assertThat(rules()).containsExactlyInAnyOrder(
                "Web in 0.0.0.0/0 443 Internet in",
                "Web out App 8080 Web to app",
                "App in Web 8080 Web to app",
                "App out Db 5432 App to db",
                "Db in App 5432 App to db",
                "App out 0.0.0.0/0 443 App out",
                "External in 10.0.0.0/16 443 VPC in",
                // allowAllOutbound: false leaves the CDK's placeholder that matches no traffic
                "Db out 255.255.255.255/32 252 Disallow all traffic",
                "External out 255.255.255.255/32 252 Disallow all traffic");
    }

    @Test
    void theInternetCannotReachAGroupThatDoesNotSayWhy() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        SecurityGroups.Props props = SecurityGroups.Props.builder().vpc(vpc).vpcCidr("10.0.0.0/16")
                .traffic(new TrafficGraph(List.of(Flow.tcp(Zone.INTERNET, DB, 5432, "oops")))).build();
        assertThatThrownBy(() -> new SecurityGroups(stack, "Groups", props))
                .hasMessageContaining("the internet reaches Db, which does not say why");
    }
}
