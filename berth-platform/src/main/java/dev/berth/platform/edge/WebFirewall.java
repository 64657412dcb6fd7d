package dev.berth.platform.edge;

import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    public record Props(String name, Scope scope, int rateLimit, RetentionDays logRetention, IKey key) {

        public Props {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(key, "key");
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
                .rules(List.copyOf(WafRules.rules(props.rateLimit(), metadataAddress.getAttrArn(), props.name())))
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
