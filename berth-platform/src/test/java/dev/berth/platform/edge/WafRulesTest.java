package dev.berth.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The firewall's rules: the instance-metadata rule evaluated on sample requests the way WAF evaluates it (the
 * transformations in order, then the patterns anywhere in each inspected part), from the very definitions the web
 * ACL is built from; and the web ACL checked to be built from them.
 */
class WafRulesTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        new WebFirewall(stack, "Cdn", new WebFirewall.Props("notes-prod-cdn", WebFirewall.Scope.CLOUDFRONT, 1000,
                RetentionDays.THREE_MONTHS, new Key(stack, "Key")));
        template = Templates.template(stack);
    }

    /** A request as the rule sees it: its URI path, query string and body. */
    record Request(String path, String query, String body) {

        Map<String, String> parts() {
            return Map.of("UriPath", path, "QueryString", query, "Body", body);
        }
    }

    /**
     * WAF's text transformations Berth uses. URL_DECODE decodes each %XX sequence and leaves anything else as it is:
     * a '+' or a '%' not followed by two hex digits.
     */
    static String transform(String value, String transformation) {
        return switch (transformation) {
            case "URL_DECODE" -> urlDecode(value);
            case "LOWERCASE" -> value.toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("the test does not know WAF's " + transformation);
        };
    }

    private static String urlDecode(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()
                    && HexFormat.isHexDigit(value.charAt(i + 1)) && HexFormat.isHexDigit(value.charAt(i + 2))) {
                out.append((char) HexFormat.fromHexDigits(value, i + 1, i + 3));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether the metadata rule blocks the request. */
    static boolean blocked(Request request) {
        List<Pattern> patterns = WafRules.compiledMetadataPatterns();
        for (String part : WafRules.INSPECTED_PARTS) {
            String value = request.parts().get(part);
            for (String transformation : WafRules.TRANSFORMATIONS) {
                value = transform(value, transformation);
            }
            String inspected = value;
            if (patterns.stream().anyMatch(pattern -> pattern.matcher(inspected).find())) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "169.254.169.254",
            "%31%36%39%2e%32%35%34%2e%31%36%39%2e%32%35%34",
            "%2531%2536%2539.254.169.254",
            "2852039166",
            "0xA9FEA9FE",
            "0xa9.0xfe.0xa9.0xfe",
            "0251.0376.0251.0376",
            "[fd00:ec2::254]",
            "FD00:EC2::254"})
    void theMetadataAddressIsBlockedInEverySpellingAndEveryPart(String address) {
        String url = "http://" + address + "/latest/meta-data/iam/security-credentials/";
        assertThat(blocked(new Request("/notes/" + address, "", ""))).as("in the path").isTrue();
        assertThat(blocked(new Request("/import", "url=" + url, ""))).as("in the query").isTrue();
        assertThat(blocked(new Request("/notes/create", "", "name=x&text=" + url))).as("in the body").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Meeting in room 169 at 2:54, then 169.254 notes",
            "version 1.69.254.169",
            "order number 28520391660 shipped",
            "call 2852039-166 tomorrow",
            "The 0xa9 byte in UTF-8",
            "fd00:ec2:: is not an address on its own",
            "café, naïve, 100% sure"})
    void ordinaryNotesAreNot(String text) {
        String form = "name=Plans&text=" + URLEncoderForm.encode(text);
        assertThat(blocked(new Request("/notes/create", "", form))).as(text).isFalse();
        assertThat(blocked(new Request("/notes", "q=" + URLEncoderForm.encode(text), ""))).as(text).isFalse();
    }

    /** As a browser encodes a form. */
    static final class URLEncoderForm {
        static String encode(String text) {
            return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    @Test
    void theWebAclIsBuiltFromTheseDefinitions() {
        JsonNode patternSet = Templates.properties(template, "AWS::WAFv2::RegexPatternSet");
        assertThat(Templates.texts(patternSet.path("RegularExpressionList"))).isEqualTo(WafRules.METADATA_PATTERNS);
        JsonNode acl = Templates.properties(template, "AWS::WAFv2::WebACL");
        assertThat(acl.path("Scope").asText()).isEqualTo("CLOUDFRONT");
        assertThat(acl.path("DefaultAction").has("Allow")).isTrue();
        List<String> names = new ArrayList<>();
        acl.path("Rules").forEach(rule -> names.add(rule.path("Name").asText()));
        List<String> expected = new ArrayList<>(List.of(WafRules.RATE_RULE, WafRules.METADATA_RULE));
        expected.addAll(WafRules.MANAGED_GROUPS);
        assertThat(names).isEqualTo(expected);

        JsonNode rate = acl.path("Rules").get(0);
        assertThat(rate.path("Statement").path("RateBasedStatement").path("Limit").asInt()).isEqualTo(1000);
        assertThat(rate.path("Statement").path("RateBasedStatement").path("AggregateKeyType").asText()).isEqualTo("IP");
        assertThat(rate.path("Action").has("Block")).isTrue();

        JsonNode metadata = acl.path("Rules").get(1);
        assertThat(metadata.path("Action").has("Block")).isTrue();
        JsonNode statements = metadata.path("Statement").path("OrStatement").path("Statements");
        List<String> parts = new ArrayList<>();
        for (JsonNode statement : statements) {
            JsonNode reference = statement.path("RegexPatternSetReferenceStatement");
            parts.add(reference.path("FieldToMatch").fieldNames().next());
            List<String> transformations = new ArrayList<>();
            reference.path("TextTransformations").forEach(t -> transformations.add(t.path("Type").asText()));
            assertThat(transformations).isEqualTo(WafRules.TRANSFORMATIONS);
            assertThat(reference.path("Arn").toString()).contains("MetadataAddress");
        }
        assertThat(parts).isEqualTo(WafRules.INSPECTED_PARTS);

        for (int i = 0; i < WafRules.MANAGED_GROUPS.size(); i++) {
            JsonNode managed = acl.path("Rules").get(2 + i);
            assertThat(managed.path("Statement").path("ManagedRuleGroupStatement").path("VendorName").asText()).isEqualTo("AWS");
            assertThat(managed.path("OverrideAction").has("None")).isTrue();
        }
    }

    @Test
    void itLogsToAnEncryptedGroupWafAccepts() {
        JsonNode logs = Templates.properties(template, "AWS::Logs::LogGroup");
        assertThat(logs.path("LogGroupName").asText()).isEqualTo("aws-waf-logs-notes-prod-cdn");
        assertThat(logs.path("RetentionInDays").asInt()).isEqualTo(90);
        assertThat(logs.path("KmsKeyId").toString()).contains("Key");
        JsonNode logging = Templates.properties(template, "AWS::WAFv2::LoggingConfiguration");
        assertThat(logging.path("ResourceArn").toString()).contains("WebAcl");
        assertThat(logging.path("LogDestinationConfigs").toString()).contains("Logs");
    }
}
