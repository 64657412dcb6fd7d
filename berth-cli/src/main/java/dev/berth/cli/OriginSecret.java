package dev.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The origin secret in Secrets Manager: its current version, and a new one made to replace it. */
final class OriginSecret implements AutoCloseable {

    static final int LENGTH = 48;

    /**
     * A rotation under way: the version CloudFront is to send, and the one the load balancer still accepts meanwhile.
     */
    record Rotation(String version, String previousVersion) {
    }

    private final SecretsManagerClient secrets;

    OriginSecret(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    static OriginSecret in(String region) {
        return new OriginSecret(SecretsManagerClient.builder().region(Region.of(region)).build());
    }

    /** Writes a new random value as the secret's current version; the value never leaves this process but to AWS. */
    Rotation rotate(String secretName) {
        String previous;
        try {
            previous = secrets.getSecretValue(request -> request.secretId(secretName)).versionId();
        } catch (ResourceNotFoundException e) {
            throw new UsageFailure("berth: no secret " + secretName + " yet; the environment's first deploy creates it");
        }
        // Letters and digits: a header value CloudFront and the load balancer take as it is.
        String value = RandomText.lettersAndDigits(LENGTH);
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(Map.of("value", value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String version = secrets.putSecretValue(request -> request.secretId(secretName).secretString(json)).versionId();
        return new Rotation(version, previous);
    }

    @Override
    public void close() {
        secrets.close();
    }
}
