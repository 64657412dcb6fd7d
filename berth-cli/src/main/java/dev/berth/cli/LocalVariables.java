package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.model.ServiceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variables a service gets from {@code berth up}: the names its task definition has on AWS
 * ({@link ServiceModel#secretVariables}, then its plain settings), each valued from the local secret of the same
 * shape, a whole secret or one field of it, as ECS values them (a field's JSON text or number as a string).
 */
final class LocalVariables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalVariables() {
    }

    /**
     * @param databaseSecret the service's local database secret, or null when it has no database
     * @throws IllegalStateException for a secret the local run cannot give yet, naming it
     */
    static Map<String, String> of(ServiceModel service, List<String> sharedSecrets, String databaseSecret) {
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode fields = databaseSecret == null ? null : parse(databaseSecret);
        for (ServiceModel.SecretVariable variable : service.secretVariables(sharedSecrets)) {
            if (variable.source() != ServiceModel.SecretVariable.Source.DATABASE) {
                throw new IllegalStateException(service.name() + " needs " + variable.name() + " ("
                        + variable.source().name().toLowerCase(Locale.ROOT) + "), which berth up does not give yet:"
                        + " only a service's database runs locally");
            }
            variables.put(variable.name(), variable.key() == null ? databaseSecret : field(fields, variable.key()));
        }
        variables.putAll(service.uses().variables().plain());
        return variables;
    }

    private static JsonNode parse(String secret) {
        try {
            return JSON.readTree(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("the local database secret is not JSON", e);
        }
    }

    private static String field(JsonNode secret, String key) {
        JsonNode value = secret.get(key);
        if (value == null) {
            throw new IllegalStateException("the local database secret has no field " + key);
        }
        return value.asText();
    }
}
