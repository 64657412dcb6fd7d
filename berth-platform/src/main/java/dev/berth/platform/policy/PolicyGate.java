package dev.berth.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.IConstruct;

/**
 * The security policy every synthesized environment must pass: cdk-nag's AwsSolutions rules, run by the CDK
 * at synthesis. A finding is either fixed or acknowledged on the construct it concerns, with a reason.
 */
public final class PolicyGate {

    /** The plugin name cdk-nag registers; acknowledgment ids are qualified with it. */
    static final String PACK = "AwsSolutions";
    /** Where the CDK writes the report when {@code @aws-cdk/core:validationReportJson} is set. */
    static final String REPORT = "validation-report.json";

    private PolicyGate() {
    }

    public static void attach(App app) {
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder()
                // Keeps acknowledgments visible in the templates (cdk_nag metadata) for reviewers and auditors.
                .writeSuppressionsToCloudFormation(true)
                .build()));
    }

    /**
     * Acknowledges one finding on a construct and everything below it.
     *
     * @param rule the rule, or the rule with its finding, e.g. {@code AwsSolutions-IAM5[Resource::*]}
     * @param reason why the finding is acceptable here: required
     */
    public static void acknowledge(IConstruct construct, String rule, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgment of " + rule + " needs a reason");
        }
        Validations.of(construct).acknowledge(Acknowledgment.builder().id(PACK + "::" + rule).reason(reason).build());
    }

    /**
     * A value as the rules name it in a finding, e.g. {@code Resource::<Bucket83908E77.Arn>/*}: references to resources
     * as {@code <LogicalId.Attribute>} or {@code <LogicalId>}, pseudo parameters as {@code <AWS::AccountId>}.
     */
    public static String findingText(IConstruct scope, String value) {
        return render(Stack.of(scope).resolve(value));
    }

    private static String render(Object resolved) {
        if (resolved instanceof String text) {
            return text;
        }
        if (resolved instanceof Map<?, ?> intrinsic) {
            if (intrinsic.get("Ref") instanceof String ref) {
                return "<" + ref + ">";
            }
            if (intrinsic.get("Fn::ImportValue") instanceof String export) {
                return export;
            }
            if (intrinsic.get("Fn::GetAtt") instanceof List<?> getAtt) {
                return "<" + getAtt.get(0) + "." + getAtt.get(1) + ">";
            }
            if (intrinsic.get("Fn::Join") instanceof List<?> join && join.get(1) instanceof List<?> parts) {
                StringBuilder text = new StringBuilder();
                for (Object part : parts) {
                    if (text.length() > 0) {
                        text.append(join.get(0));
                    }
                    text.append(render(part));
                }
                return text.toString();
            }
            // Any other intrinsic as the rules print it: its JSON.
            return json(intrinsic);
        }
        throw new IllegalArgumentException("no finding text for " + resolved);
    }

    /** Compact JSON, as JavaScript's JSON.stringify writes the resolved value. */
    private static String json(Object value) {
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof Number number) {
            double real = number.doubleValue();
            return real == Math.rint(real) ? Long.toString((long) real) : Double.toString(real);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PolicyGate::json).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> json(entry.getKey().toString()) + ":" + json(entry.getValue()))
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        }
        return String.valueOf(value);
    }

    /**
     * Runs a synthesis; when the policy stops it, throws the findings read from the report instead of the
     * CDK's generic error.
     */
    public static CloudAssembly synthesize(Supplier<CloudAssembly> synthesis, Path outdir) {
        try {
            return synthesis.get();
        } catch (RuntimeException e) {
            Path report = outdir.resolve(REPORT);
            if (e.getMessage() != null && e.getMessage().contains("ValidationFailed") && Files.isRegularFile(report)) {
                throw new PolicyViolationException(findings(report));
            }
            throw e;
        }
    }

    static List<PolicyFinding> findings(Path report) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(report.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy report " + report, e);
        }
        List<PolicyFinding> findings = new ArrayList<>();
        for (JsonNode plugin : root.path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                for (JsonNode construct : violation.path("violatingConstructs")) {
                    findings.add(new PolicyFinding(
                            violation.path("ruleName").asText(),
                            violation.path("severity").asText(),
                            construct.path("constructPath").asText(),
                            violation.path("description").asText()));
                }
            }
        }
        return findings;
    }
}
