package dev.berth.platform.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.wafv2.CfnWebACL;

/**
 * The web application firewall's rules, defined once: the template is built from these definitions and the tests
 * evaluate the same ones on sample requests. In priority order:
 *
 * <ol>
 *   <li>a rate limit per client IP address;</li>
 *   <li>the instance metadata address (169.254.169.254, its IPv6 twin and its decimal, hex and octal spellings) anywhere
 *       in the path, query string or body: the signature of server-side request forgery;</li>
 *   <li>AWS's managed rule groups: the common rule set (OWASP top ten), SQL injection, known bad inputs.</li>
 * </ol>
 */
public final class WafRules {

    /** The transformations applied to each inspected part, in order, before the patterns are matched. */
    public static final List<String> TRANSFORMATIONS = List.of("URL_DECODE", "URL_DECODE", "LOWERCASE");

    /** The parts of a request the metadata rule inspects, as WAF names them. */
    public static final List<String> INSPECTED_PARTS = List.of("UriPath", "QueryString", "Body");

    /**
     * The metadata address in each spelling a URL parser accepts, matched after {@link #TRANSFORMATIONS}: dotted,
     * the whole address as one decimal, hex or octal number, per-part hex or octal, and the IPv6 address EC2 also serves.
     */
    public static final List<String> METADATA_PATTERNS = List.of(
            "169\\.254\\.169\\.254",
            "(^|[^0-9])2852039166([^0-9]|$)",
            "0x0*a9\\.?0x0*fe\\.?0x0*a9\\.?0x0*fe|0xa9fea9fe",
            "0+251\\.0+376\\.0+251\\.0+376",
            "fd00:ec2::254");

    /** AWS's managed rule groups, by name (vendor AWS). */
    public static final List<String> MANAGED_GROUPS = List.of(
            "AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet");

    /** The rate rule's window: WAF counts requests per IP address over five minutes. */
    public static final int RATE_WINDOW_SECONDS = 300;

    /** The names the rules get in the web ACL, in priority order. */
    public static final String RATE_RULE = "rate-limit-per-ip";
    public static final String METADATA_RULE = "block-instance-metadata-address";

    private WafRules() {
    }

    /** The patterns as compiled here, for evaluating requests the way WAF's regex statements do (a match anywhere). */
    public static List<Pattern> compiledMetadataPatterns() {
        return METADATA_PATTERNS.stream().map(Pattern::compile).toList();
    }

    /** The rule of a web ACL in front of an App Runner service, first of all: requests without the origin header. */
    public static final String ORIGIN_HEADER_RULE = "require-origin-header";

    /** The rules of a web ACL; {@code patternSetArn} is the regex pattern set made of {@link #METADATA_PATTERNS}. */
    static List<CfnWebACL.RuleProperty> rules(int rateLimit, String patternSetArn, String metricPrefix) {
        return rules(rateLimit, patternSetArn, metricPrefix, 0);
    }

    /** The same rules from a priority on, after a rule before them. */
    static List<CfnWebACL.RuleProperty> rules(int rateLimit, String patternSetArn, String metricPrefix, int first) {
        List<CfnWebACL.RuleProperty> rules = new ArrayList<>();
        rules.add(rule(RATE_RULE, first, metricPrefix, CfnWebACL.StatementProperty.builder()
                .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                        .limit(rateLimit)
                        .aggregateKeyType("IP")
                        .evaluationWindowSec(RATE_WINDOW_SECONDS)
                        .build())
                .build()));
        List<Object> parts = new ArrayList<>();
        for (String part : INSPECTED_PARTS) {
            parts.add(CfnWebACL.StatementProperty.builder()
                    .regexPatternSetReferenceStatement(CfnWebACL.RegexPatternSetReferenceStatementProperty.builder()
                            .arn(patternSetArn)
                            .fieldToMatch(field(part))
                            .textTransformations(transformations())
                            .build())
                    .build());
        }
        rules.add(rule(METADATA_RULE, first + 1, metricPrefix, CfnWebACL.StatementProperty.builder()
                .orStatement(CfnWebACL.OrStatementProperty.builder().statements(parts).build())
                .build()));
        for (int i = 0; i < MANAGED_GROUPS.size(); i++) {
            String group = MANAGED_GROUPS.get(i);
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group)
                    .priority(first + 2 + i)
                    .statement(CfnWebACL.StatementProperty.builder()
                            .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                    .vendorName("AWS").name(group).build())
                            .build())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                    .visibilityConfig(visibility(metricPrefix + "-" + group))
                    .build());
        }
        return rules;
    }

    /**
     * Blocks every request whose header does not hold the value, or during a rotation either value: for an origin that
     * cannot check a header itself (App Runner). The statement is CloudFormation's own (a condition chooses between one
     * value and two), written with its property names.
     */
    static CfnWebACL.RuleProperty requiredHeaderRule(WebFirewall.RequiredHeader header, int priority, String metricPrefix) {
        Object one = Map.of("NotStatement", Map.of("Statement", headerEquals(header.name(), header.value())));
        software.amazon.awscdk.IResolvable statement = software.amazon.awscdk.Token.asAny(one);
        if (header.rotating() != null) {
            Object either = Map.of("NotStatement", Map.of("Statement", Map.of("OrStatement", Map.of("Statements",
                    List.of(headerEquals(header.name(), header.value()), headerEquals(header.name(), header.previousValue()))))));
            statement = software.amazon.awscdk.Fn.conditionIf(header.rotating().getLogicalId(), either, one);
        }
        return CfnWebACL.RuleProperty.builder()
                .name(ORIGIN_HEADER_RULE)
                .priority(priority)
                .statement(statement)
                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .visibilityConfig(visibility(metricPrefix + "-" + ORIGIN_HEADER_RULE))
                .build();
    }

    /** A byte match of one header's whole value, untransformed (WAF compares header names case-insensitively). */
    private static Map<String, Object> headerEquals(String name, String value) {
        Map<String, Object> match = new java.util.LinkedHashMap<>();
        match.put("FieldToMatch", Map.of("SingleHeader", Map.of("Name", name.toLowerCase(java.util.Locale.ROOT))));
        match.put("PositionalConstraint", "EXACTLY");
        match.put("SearchString", value);
        match.put("TextTransformations", List.of(textTransformation()));
        return Map.of("ByteMatchStatement", match);
    }

    private static Map<String, Object> textTransformation() {
        Map<String, Object> none = new java.util.LinkedHashMap<>();
        none.put("Priority", 0);
        none.put("Type", "NONE");
        return none;
    }

    private static CfnWebACL.RuleProperty rule(String name, int priority, String metricPrefix, CfnWebACL.StatementProperty statement) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(statement)
                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .visibilityConfig(visibility(metricPrefix + "-" + name))
                .build();
    }

    private static CfnWebACL.FieldToMatchProperty field(String part) {
        CfnWebACL.FieldToMatchProperty.Builder field = CfnWebACL.FieldToMatchProperty.builder();
        return switch (part) {
            case "UriPath" -> field.uriPath(Map.of()).build();
            case "QueryString" -> field.queryString(Map.of()).build();
            // WAF reads the first 16 KB of a body; a longer one (a long note) is inspected that far and not blocked for its size.
            case "Body" -> field.body(CfnWebACL.BodyProperty.builder().oversizeHandling("CONTINUE").build()).build();
            default -> throw new IllegalArgumentException("no such part: " + part);
        };
    }

    private static List<Object> transformations() {
        List<Object> transformations = new ArrayList<>();
        for (int i = 0; i < TRANSFORMATIONS.size(); i++) {
            transformations.add(CfnWebACL.TextTransformationProperty.builder().priority(i).type(TRANSFORMATIONS.get(i)).build());
        }
        return transformations;
    }

    static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metricName)
                .sampledRequestsEnabled(true)
                .build();
    }
}
