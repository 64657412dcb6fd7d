package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.BerthConfig;
import dev.berth.config.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code berth plan} prints, read back from the synthesized templates (not from berth.yaml), so it shows
 * what would really be deployed.
 */
final class PlanReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Acknowledgment ids of the policy gate's rule pack carry this prefix; others are the CDK's own. */
    private static final String POLICY_PACK = "AwsSolutions::";

    private final BerthConfig config;
    private final Environment environment;
    private final Path assembly;
    private final Map<String, JsonNode> templates;

    private PlanReport(BerthConfig config, Environment environment, Path assembly, Map<String, JsonNode> templates) {
        this.config = config;
        this.environment = environment;
        this.assembly = assembly;
        this.templates = templates;
    }

    static PlanReport of(BerthConfig config, String environment, Path assembly, List<String> stackNames) {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (String stack : stackNames) {
            Path file = assembly.resolve(stack + ".template.json");
            try {
                templates.put(stack, JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new PlanReport(config, config.environment(environment).orElseThrow(), assembly, templates);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        Environment e = environment;
        out.append("Plan of ").append(config.project()).append(' ').append(e.name())
                .append(" (profile ").append(e.profile().yamlName()).append(") in ").append(config.region())
                .append(e.account() == null ? "" : ", account " + e.account()).append('\n');
        out.append("  network   ").append(e.cidr()).append(" over ").append(e.azs()).append(" AZs, NAT ")
                .append(e.nat().yamlName()).append(e.interfaceEndpoints() ? ", interface endpoints" : "").append('\n');
        out.append("  edge      ").append(e.servesHttps() ? "HTTPS for " + e.domain() + " (80 redirects to 443)" : "HTTP on 80 (no domain)")
                .append('\n');
        out.append("  compute   ").append(config.services().size()).append(" service(s) on ").append(e.compute().describe())
                .append('\n');
        out.append("  database  PostgreSQL ").append(e.database().postgresMajor()).append(", ").append(e.database().instanceClass())
                .append(", ").append(e.multiAz() ? "Multi-AZ" : "single-AZ").append(", backups ")
                .append(e.backupRetentionDays()).append(" d").append(e.deletionProtection() ? ", deletion protection" : "")
                .append('\n');
        out.append("  assembly  ").append(assembly).append('\n');

        out.append("\nStacks\n");
        templates.forEach((stack, template) -> out.append(String.format("  %-32s %4d resources%n",
                stack, template.path("Resources").size())));

        out.append("\nResources by type\n");
        templates.forEach((stack, template) -> {
            out.append("  ").append(stack).append('\n');
            countByType(template).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> out.append(String.format("    %-48s %3d%n", entry.getKey(), entry.getValue())));
        });

        out.append("\nSecurity groups (every rule there is)\n");
        for (JsonNode template : templates.values()) {
            for (String rule : securityGroupRules(template)) {
                out.append("  ").append(rule).append('\n');
            }
        }

        out.append("\nOutputs\n");
        templates.forEach((stack, template) -> template.path("Outputs").fields().forEachRemaining(output -> {
            // The CDK's own exports between the stacks are plumbing, not results.
            if (!output.getKey().startsWith("ExportsOutput")) {
                out.append(String.format("  %-32s %-20s %s%n", stack, output.getKey(),
                        output.getValue().path("Description").asText("")));
            }
        }));

        Set<String> acknowledged = new TreeSet<>();
        templates.values().forEach(template -> acknowledged.addAll(acknowledgedRules(template)));
        out.append("\nPolicy: AwsSolutions passed. Acknowledged, each with its reason in the templates' cdk_nag metadata:\n  ")
                .append(String.join(", ", acknowledged)).append('\n');
        return out.toString();
    }

    private static Map<String, Integer> countByType(JsonNode template) {
        Map<String, Integer> counts = new TreeMap<>();
        template.path("Resources").forEach(resource -> counts.merge(resource.path("Type").asText(), 1, Integer::sum));
        return counts;
    }

    private static Set<String> acknowledgedRules(JsonNode template) {
        Set<String> rules = new TreeSet<>();
        for (JsonNode resource : template.path("Resources")) {
            for (JsonNode rule : resource.path("Metadata").path("cdk_nag").path("rules_to_suppress")) {
                String id = rule.path("id").asText();
                if (id.startsWith(POLICY_PACK)) {
                    rules.add(id.substring(POLICY_PACK.length()));
                }
            }
        }
        return rules;
    }

    /** Each rule as "from → to  tcp PORT", with groups named by their construct (LoadBalancer, Compute, ...). */
    static List<String> securityGroupRules(JsonNode template) {
        List<String[]> rules = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(entry -> {
            JsonNode resource = entry.getValue();
            JsonNode properties = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::EC2::SecurityGroup" -> {
                    for (JsonNode rule : properties.path("SecurityGroupIngress")) {
                        rules.add(new String[] {peer(rule, "SourceSecurityGroupId"), groupName(entry.getKey()), ports(rule)});
                    }
                    for (JsonNode rule : properties.path("SecurityGroupEgress")) {
                        if (!"255.255.255.255/32".equals(rule.path("CidrIp").asText())) {
                            rules.add(new String[] {groupName(entry.getKey()), peer(rule, "DestinationSecurityGroupId"), ports(rule)});
                        }
                    }
                }
                case "AWS::EC2::SecurityGroupIngress" -> rules.add(new String[] {
                        peer(properties, "SourceSecurityGroupId"), groupName(reference(properties.path("GroupId"))), ports(properties)});
                case "AWS::EC2::SecurityGroupEgress" -> rules.add(new String[] {
                        groupName(reference(properties.path("GroupId"))), peer(properties, "DestinationSecurityGroupId"), ports(properties)});
                default -> {
                }
            }
        });
        rules.sort(Comparator.comparing((String[] r) -> r[0]).thenComparing(r -> r[1]));
        // Both ends of a group-to-group rule appear (egress on one, ingress on the other): show it once.
        return rules.stream().map(r -> String.format("%-22s → %-22s %s", r[0], r[1], r[2])).distinct().toList();
    }

    private static String peer(JsonNode rule, String groupKey) {
        if (rule.has("CidrIp")) {
            String cidr = rule.path("CidrIp").asText();
            return cidr.equals("0.0.0.0/0") ? "internet" : cidr;
        }
        return groupName(reference(rule.path(groupKey)));
    }

    private static String reference(JsonNode node) {
        if (node.has("Fn::GetAtt")) {
            return node.path("Fn::GetAtt").get(0).asText();
        }
        if (node.has("Ref")) {
            return node.path("Ref").asText();
        }
        return node.has("Fn::ImportValue") ? node.path("Fn::ImportValue").asText() : node.asText();
    }

    /** "SecurityGroupsLoadBalancer1A2B3C4D" → "LoadBalancer"; "NetworkEndpointSecurityGroup5E6F7A8B" → "Endpoints". */
    static String groupName(String logicalId) {
        String name = logicalId.replaceAll("[0-9A-F]{8}$", "");
        if (name.contains("Endpoint")) {
            return "Endpoints";
        }
        return name.replaceFirst("^SecurityGroups", "");
    }

    private static String ports(JsonNode rule) {
        String protocol = rule.path("IpProtocol").asText();
        int from = rule.path("FromPort").asInt();
        int to = rule.path("ToPort").asInt();
        return protocol + " " + (from == to ? String.valueOf(from) : from + "-" + to);
    }
}
