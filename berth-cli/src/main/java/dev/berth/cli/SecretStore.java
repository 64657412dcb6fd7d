package dev.berth.cli;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/** An environment's secrets in Secrets Manager, for berth secret: it writes values and never reads one. */
final class SecretStore implements AutoCloseable {

    private final SecretsManagerClient secrets;

    SecretStore(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    static SecretStore in(String region) {
        return new SecretStore(SecretsManagerClient.builder().region(Region.of(region)).build());
    }

    /** What Secrets Manager knows of the secret but its value; empty when there is no such secret. */
    Optional<DescribeSecretResponse> describe(String secretName) {
        try {
            return Optional.of(secrets.describeSecret(request -> request.secretId(secretName)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code value} as the secret's current version, and returns that version's id. */
    String put(String secretName, String value) {
        return secrets.putSecretValue(request -> request.secretId(secretName).secretString(value)).versionId();
    }

    /** The names of the secrets that start with {@code prefix}, but those scheduled for deletion, in order. */
    List<String> namesStartingWith(String prefix) {
        // The name filter is a prefix match, but one that ignores case: the exact prefix is checked here.
        return secrets.listSecretsPaginator(request -> request.filters(filter -> filter.key(FilterNameStringType.NAME).values(prefix)))
                .stream().flatMap(page -> page.secretList().stream()).map(SecretListEntry::name)
                .filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    @Override
    public void close() {
        secrets.close();
    }
}
