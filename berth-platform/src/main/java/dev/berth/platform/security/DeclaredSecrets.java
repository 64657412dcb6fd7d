package dev.berth.platform.security;

import dev.berth.platform.policy.PolicyGate;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The secrets berth.yaml declares, one per name, encrypted with the environment key and retained when the stack goes
 * (their values are the users'). A deploy creates each with a random value, so a service can start before anyone set
 * it; {@code berth secret set} writes the real one, which a deploy never overwrites.
 */
public final class DeclaredSecrets extends Construct {

    private final IKey key;

    public DeclaredSecrets(Construct scope, String id, IKey key) {
        super(scope, id);
        this.key = key;
    }

    /** The secret named {@code secretName}; {@code id} is its construct id. */
    public Secret declare(String id, String secretName) {
        Secret secret = Secret.Builder.create(this, id)
                .secretName(secretName)
                .description("Declared in berth.yaml; set with: berth secret set")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(40).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        PolicyGate.acknowledge(secret, "AwsSolutions-SMG4", "A value the user sets with berth secret set (an API key of"
                + " another company, say): only its issuer can rotate it. Encrypted with the environment key, readable by the"
                + " execution roles of the services that declare it.");
        return secret;
    }
}
