package dev.berth.platform.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnRegexPatternSet;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * A web ACL of {@link WafRules}, allowing what no rule blocks, logging to its own encrypted log group. CLOUDFRONT
 * scope for distributions (its stack must be in us-east-1), REGIONAL for a load balancer the internet reaches.
 */
public final class WebFirewall extends Construct {

    /** Where the web ACL applies. */
    public enum Scope {
        CLOUDFRONT, REGIONAL
    }

    /**
     * @param name the web ACL's name, unique in the account and scope; also its log group's and metrics' name
     * @param scope where it applies
     * @param rateLimit requests per five minutes one IP address may send
     * @param logRetention how long its logs are kept
     * @param key encrypts its logs
     */
    public record Props(String name, Scope scope, int rateLimit, RetentionDays logRetention, IKey key, RequiredHeader requiredHeader) {

        public Props {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(key, "key");
        }

        /** Without a required header: the rules of {@link WafRules} alone. */
        public Props(String name, Scope scope, int rateLimit, RetentionDays logRetention, IKey key) {
            this(name, scope, rateLimit, logRetention, key, null);
        }
    }

    /**
     * A header every request must carry, checked first ({@link WafRules#ORIGIN_HEADER_RULE}): the origin secret, for an
     * origin that cannot check it itself.
     *
     * @param name the header
     * @param value the value it must hold (a dynamic reference resolved at deploy time)
     * @param previousValue the value also accepted while {@code rotating} holds, or null
     * @param rotating the condition under which both are accepted, or null
     */
    public record RequiredHeader(String name, String value, String previousValue, CfnCondition rotating) {

        public RequiredHeader {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if ((previousValue == null) != (rotating == null)) {
                throw new IllegalArgumentException("a previous value comes with the condition that accepts it");
            }
        }
    }

    private final CfnWebACL webAcl;
    private final LogGroup logs;

    public WebFirewall(Construct scope, String id, Props props) {
        super(scope, id);
        CfnRegexPatternSet metadataAddress = CfnRegexPatternSet.Builder.create(this, "MetadataAddress")
                .name(props.name() + "-metadata-address")
                .description("The instance metadata address in its spellings")
                .scope(props.scope().name())
                .regularExpressionList(WafRules.METADATA_PATTERNS)
                .build();
        this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .name(props.name())
                .scope(props.scope().name())
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .rules(rules(props, metadataAddress.getAttrArn()))
                .visibilityConfig(WafRules.visibility(props.name()))
                .build();
        // WAF delivers logs only to groups whose name starts with aws-waf-logs-.
        this.logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("aws-waf-logs-" + props.name())
                .retention(props.logRetention())
                .encryptionKey(props.key())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        CfnLoggingConfiguration.Builder.create(this, "Logging")
                .resourceArn(webAcl.getAttrArn())
                .logDestinationConfigs(List.of(logs.getLogGroupArn()))
                .build();
    }

    private static List<Object> rules(Props props, String patternSetArn) {
        List<Object> rules = new ArrayList<>();
        if (props.requiredHeader() != null) {
            rules.add(WafRules.requiredHeaderRule(props.requiredHeader(), 0, props.name()));
        }
        rules.addAll(WafRules.rules(props.rateLimit(), patternSetArn, props.name(), rules.size()));
        return rules;
    }

    public String getWebAclArn() {
        return webAcl.getAttrArn();
    }

    public CfnWebACL getWebAcl() {
        return webAcl;
    }

    public LogGroup getLogs() {
        return logs;
    }
}
