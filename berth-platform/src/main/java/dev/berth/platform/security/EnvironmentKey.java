package dev.berth.platform.security;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AnyPrincipal;
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
     * @param encryptsInstanceVolumes Auto Scaling launches instances whose volumes it encrypts
     */
    public record Props(String alias, boolean retain, boolean encryptsInstanceVolumes) {

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String alias;
            private boolean retain;
            private boolean encryptsInstanceVolumes;

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

            /** Default false: no Auto Scaling group of the environment launches instances with encrypted volumes. */
            public Builder encryptsInstanceVolumes(boolean encryptsInstanceVolumes) {
                this.encryptsInstanceVolumes = encryptsInstanceVolumes;
                return this;
            }

            public Props build() {
                return new Props(java.util.Objects.requireNonNull(alias, "alias"), retain, encryptsInstanceVolumes);
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
        if (props.encryptsInstanceVolumes()) {
            allowAutoScalingVolumes(stack);
        }
    }

    /**
     * EC2 Auto Scaling launches instances as its service-linked role, which must use the key for their encrypted volumes
     * (or no instance starts). The role is named by a condition, not as the principal: KMS refuses a policy naming a role
     * that does not exist yet, and an account gets this one with its first Auto Scaling group.
     */
    private void allowAutoScalingVolumes(Stack stack) {
        String autoScalingRole = "arn:" + stack.getPartition() + ":iam::" + stack.getAccount()
                + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
        Map<String, Object> theRole = new TreeMap<>(Map.of("StringEquals", Map.of("aws:PrincipalArn", autoScalingRole)));
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowAutoScalingVolumesOfThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(theRole)
                .build());
        Map<String, Object> grantForVolumes = new TreeMap<>(theRole);
        grantForVolumes.put("Bool", Map.of("kms:GrantIsForAWSResource", "true"));
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowAutoScalingVolumeGrantsOfThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(grantForVolumes)
                .build());
    }

    public Key getKey() {
        return key;
    }
}
