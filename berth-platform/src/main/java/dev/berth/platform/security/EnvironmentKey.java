package dev.berth.platform.security;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The environment's customer-managed KMS key: it encrypts the database storage, its secret, Performance
 * Insights and every CloudWatch log group of the environment. Rotated yearly by KMS.
 */
public final class EnvironmentKey extends Construct {

    /**
     * @param alias alias without the {@code alias/} prefix
     * @param retain keep the key when the stack is deleted (data encrypted with it may outlive the stack)
     */
    public record Props(String alias, boolean retain) {

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String alias;
            private boolean retain;

            /** Required. */
            public Builder alias(String alias) {
                this.alias = alias;
                return this;
            }

            /** Default false: the key is scheduled for deletion (after 7 days) with its stack. */
            public Builder retain(boolean retain) {
                this.retain = retain;
                return this;
            }

            public Props build() {
                return new Props(java.util.Objects.requireNonNull(alias, "alias"), retain);
            }
        }
    }

    private final Key key;

    public EnvironmentKey(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.key = Key.Builder.create(this, "Key")
                .alias("alias/" + props.alias())
                .description("Berth environment key for " + props.alias())
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(props.retain() ? 30 : 7))
                .removalPolicy(props.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        // CloudWatch Logs encrypts log groups with the key only when the key policy names the service,
        // scoped to this account's log groups in this region.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:*")))
                .build());
    }

    public Key getKey() {
        return key;
    }
}
