package dev.berth.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.UsageFailure;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a service gets from {@code berth up}: the names its task definition has on AWS
 * ({@link ServiceModel#secretVariables}, its plain settings, {@code BERTH_PUBLIC_URL}, {@code BUCKET_NAME}), each valued
 * from the local secret of the same shape, a whole secret or one field of it, as ECS values them (a field's JSON text
 * or number as a string). A service with a bucket also gets where the local S3 is and credentials for it
 * ({@link LocalBuckets#clientVariables}), what the task role gives it in the cloud.
 */
public final class LocalVariables {

    /** The cloud's variable with the environment's public URL. */
    public static final String PUBLIC_URL = "BERTH_PUBLIC_URL";
    /** The cloud's variable with a service's bucket. */
    public static final String BUCKET_NAME = "BUCKET_NAME";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalVariables() {
    }

    /** Where the local values come from. */
    public interface Sources {

        /** The service's database secret (JSON). */
        String databaseSecret(ServiceModel service);

        /** The cache secret (JSON). */
        String cacheSecret();

        /** A declared secret's value, by its name in the cloud, or null when it is not set locally. */
        String declaredSecret(String secretName);

        /** The service's bucket and how to reach it: BUCKET_NAME and the S3 client's variables. */
        Map<String, String> bucket(ServiceModel service);

        /** Where the local entry point is. */
        String publicUrl();
    }

    /**
     * @throws UsageFailure for a declared secret not set locally, saying how to set it
     */
    public static Map<String, String> of(EnvironmentModel model, ServiceModel service, Sources sources) {
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode database = null;
        JsonNode cache = null;
        for (ServiceModel.SecretVariable variable : service.secretVariables(model.services().sharedSecrets())) {
            String value = switch (variable.source()) {
                case DATABASE -> {
                    String secret = sources.databaseSecret(service);
                    database = database != null ? database : parse(secret);
                    yield variable.key() == null ? secret : field(database, variable.key(), "database");
                }
                case CACHE -> {
                    String secret = sources.cacheSecret();
                    cache = cache != null ? cache : parse(secret);
                    yield variable.key() == null ? secret : field(cache, variable.key(), "cache");
                }
                case SHARED -> declared(model, service, "shared", variable, sources);
                case DECLARED -> declared(model, service, service.name(), variable, sources);
            };
            variables.put(variable.name(), value);
        }
        variables.putAll(service.uses().variables().plain());
        variables.put(PUBLIC_URL, sources.publicUrl());
        if (service.uses().bucket()) {
            variables.putAll(sources.bucket(service));
        }
        return variables;
    }

    private static String declared(EnvironmentModel model, ServiceModel service, String owner, ServiceModel.SecretVariable variable,
            Sources sources) {
        String secretName = model.naming().declaredSecretName(owner, variable.key());
        String value = sources.declaredSecret(secretName);
        if (value == null) {
            throw new UsageFailure("berth: " + service.name() + " needs " + variable.name() + " (" + secretName + "), which has no local"
                    + " value yet: berth secret set local " + owner + " " + variable.key());
        }
        return value;
    }

    private static JsonNode parse(String secret) {
        try {
            return JSON.readTree(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("a local secret is not JSON", e);
        }
    }

    private static String field(JsonNode secret, String key, String which) {
        JsonNode value = secret.get(key);
        if (value == null) {
            throw new IllegalStateException("the local " + which + " secret has no field " + key);
        }
        return value.asText();
    }
}
