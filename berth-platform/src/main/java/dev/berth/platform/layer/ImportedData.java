package dev.berth.platform.layer;

import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.compute.WebService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * The data tier's secrets and buckets as the app stack refers to them: imported by ARN, so that ECS grants each
 * service's execution role read on its own secrets alone and the task role is granted its bucket alone, without
 * the data stack depending on the app stack. Each is imported once, however many services use it.
 */
final class ImportedData {

    private final Stack stack;
    private final Map<ISecret, ISecret> secrets = new HashMap<>();

    ImportedData(Stack stack) {
        this.stack = stack;
    }

    /**
     * The secret variables of a service: its database and cache secrets whole ({@code DB_SECRET}, {@code CACHE_SECRET})
     * and the fields berth.yaml maps to the names the app reads, then its declared and the shared secrets.
     */
    Map<String, Secret> secrets(ServiceModel service, DataTier.ServiceData uses) {
        Map<String, Secret> variables = new LinkedHashMap<>();
        service.database().ifPresent(access -> {
            ISecret secret = imported(uses.database());
            variables.put(WebService.DB_SECRET, Secret.fromSecretsManager(secret));
            access.variables().forEach((variable, field) -> variables.put(variable, Secret.fromSecretsManager(secret, field)));
        });
        service.cache().ifPresent(access -> {
            ISecret secret = imported(uses.cache());
            variables.put(WebService.CACHE_SECRET, Secret.fromSecretsManager(secret));
            access.variables().forEach((variable, field) -> variables.put(variable, Secret.fromSecretsManager(secret, field)));
        });
        uses.secrets().forEach((variable, secret) -> variables.put(variable, Secret.fromSecretsManager(imported(secret))));
        return variables;
    }

    /** A service's bucket (encrypted with the environment key), by the data stack's exports of its name and ARN. */
    IBucket bucket(String id, Naming naming, String service) {
        return Bucket.fromBucketAttributes(stack, id, BucketAttributes.builder()
                .bucketArn(Fn.importValue(naming.bucketArnExport(service)))
                .bucketName(Fn.importValue(naming.bucketNameExport(service)))
                .build());
    }

    /** A secret of the data stack, imported once. */
    ISecret imported(ISecret secret) {
        return secrets.computeIfAbsent(secret, source -> software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(
                stack, "Imported" + source.getNode().getPath().replaceAll("[^A-Za-z0-9]", ""), source.getSecretArn()));
    }
}
