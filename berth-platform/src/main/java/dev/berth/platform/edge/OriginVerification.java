package dev.berth.platform.edge;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The secret CloudFront sends to the load balancer as {@value #HEADER}: the load balancer forwards only requests that
 * carry it, so nobody reaches the services around CloudFront and its firewall.
 *
 * <p>The value lives in Secrets Manager (key {@code value} of a JSON secret). The template reads it at deploy time,
 * at the secret version given by the {@value #VERSION_PARAMETER} parameter (empty: the current one), so a deploy
 * with a new version re-reads it. During a rotation ({@code berth rotate-origin}) the load balancer also
 * accepts the version before it, named by the {@value #PREVIOUS_PARAMETER} parameter: edge locations still sending
 * the old value are served until CloudFront has rolled out the new one. Parameters carry version ids, never values.
 */
public final class OriginVerification extends Construct {

    public static final String HEADER = "X-Origin-Verify";
    public static final String VERSION_PARAMETER = "OriginVerifyVersion";
    public static final String PREVIOUS_PARAMETER = "OriginVerifyPreviousVersion";
    static final String FIELD = "value";

    private final Secret secret;
    private final String value;
    private final String previousValue;
    private final CfnCondition rotating;
    private final List<String> accepted;

    /**
     * @param secretName the secret's name
     * @param key encrypts the secret
     */
    public OriginVerification(Construct scope, String id, String secretName, IKey key) {
        super(scope, id);
        this.secret = Secret.Builder.create(this, "Secret")
                .secretName(secretName)
                .description("The value CloudFront sends as " + HEADER + "; the load balancer forwards nothing without it")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{}")
                        .generateStringKey(FIELD)
                        .passwordLength(48)
                        .excludePunctuation(true)
                        .build())
                .build();
        PolicyGate.acknowledge(secret, "AwsSolutions-SMG4", "Rotating the origin header needs CloudFront and the load"
                + " balancer to change together, with both values accepted in between: berth rotate-origin does it"
                + " in two deploys (docs/edge.md), which a rotation Lambda could not.");
        Stack stack = Stack.of(this);
        CfnParameter version = CfnParameter.Builder.create(stack, VERSION_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("[A-Za-z0-9-]{0,64}")
                .description("The version of the origin secret CloudFront sends and the load balancer accepts; empty: the current one")
                .build();
        CfnParameter previous = CfnParameter.Builder.create(stack, PREVIOUS_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("[A-Za-z0-9-]{0,64}")
                .description("During a rotation, the version of the origin secret before it, which the load balancer still accepts")
                .build();
        this.value = valueAt(version.getValueAsString());
        this.previousValue = valueAt(previous.getValueAsString());
        this.rotating = CfnCondition.Builder.create(stack, "OriginVerifyRotating")
                .expression(Fn.conditionNot(Fn.conditionEquals(previous.getValueAsString(), "")))
                .build();
        // One value, or during a rotation both: the header condition matches any of its values.
        this.accepted = Token.asList(Fn.conditionIf(rotating.getLogicalId(),
                List.of(value, previousValue), List.of(value)));
    }

    /** The secret's value at a version, as a dynamic reference CloudFormation resolves when it deploys. */
    private String valueAt(String versionId) {
        return SecretValue.secretsManager(secret.getSecretArn(), SecretsManagerSecretOptions.builder()
                .jsonField(FIELD)
                .versionId(versionId)
                .build()).unsafeUnwrap();
    }

    /** The value CloudFront sends, a dynamic reference resolved at deploy time. */
    public String value() {
        return value;
    }

    /** The value of the version before, which is accepted while {@link #rotating()} holds. */
    public String previousValue() {
        return previousValue;
    }

    /** Whether a rotation is under way: the previous version's parameter is set. */
    public CfnCondition rotating() {
        return rotating;
    }

    /** The values the load balancer accepts. */
    public List<String> accepted() {
        return accepted;
    }

    public Secret getSecret() {
        return secret;
    }
}
