package dev.berth.platform.layer;

import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The secret variables of a service, as the model lists them: each a whole secret or one JSON field of it.
     *
     * @param shared the environment's shared secrets
     */
    Map<String, Secret> secrets(ServiceModel service, List<String> shared, DataTier.ServiceData uses) {
        Map<String, Secret> variables = new LinkedHashMap<>();
        for (ServiceModel.SecretVariable variable : service.secretVariables(shared)) {
            ISecret source = switch (variable.source()) {
                case DATABASE -> uses.database();
                case CACHE -> uses.cache();
                case SHARED, DECLARED -> uses.secrets().get(ServiceModel.Variables.variableName(variable.key()));
            };
            boolean field = (variable.source() == ServiceModel.SecretVariable.Source.DATABASE
                    || variable.source() == ServiceModel.SecretVariable.Source.CACHE) && variable.key() != null;
            variables.put(variable.name(), field ? Secret.fromSecretsManager(imported(source), variable.key())
                    : Secret.fromSecretsManager(imported(source)));
        }
        return variables;
    }

    /**
     * The secret variables of a service on App Runner, each a whole secret (App Runner takes secrets by ARN; validation
     * refuses the JSON fields it has no documented way to).
     */
    Map<String, ISecret> wholeSecrets(ServiceModel service, List<String> shared, DataTier.ServiceData uses) {
        Map<String, ISecret> variables = new LinkedHashMap<>();
        for (ServiceModel.SecretVariable variable : service.secretVariables(shared)) {
            ISecret source = switch (variable.source()) {
                case DATABASE -> variable.key() == null ? uses.database() : null;
                case CACHE -> variable.key() == null ? uses.cache() : null;
                case SHARED, DECLARED -> uses.secrets().get(ServiceModel.Variables.variableName(variable.key()));
            };
            if (source == null) {
                throw new IllegalArgumentException(variable.name() + " of " + service.name() + " is a field of a secret, which App Runner"
                        + " cannot take");
            }
            variables.put(variable.name(), imported(source));
        }
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
