package dev.berth.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * fabric8's Kubernetes model (generated from Kubernetes 1.37.0's OpenAPI) read strictly: as the API server's strict
 * field validation, it refuses what Kubernetes would not take.
 *
 * <p>fabric8's classes keep any field they do not know in {@code additionalProperties} (a {@code @JsonAnySetter}), so
 * a misspelled field would pass unseen. Here no class has an any-setter, so Jackson fails on an unknown field at any
 * depth; and no scalar turns into another type (Jackson's default turns "2" into 2 and true into "true").
 */
final class Fabric8 {

    static final JsonMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, textual -> textual
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    /** Reads every integer as a Long: fabric8 writes int64 fields (runAsUser) as longs, the renderer as ints. */
    private static final JsonMapper LONGS = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

    private Fabric8() {
    }

    /** An object as maps, lists, strings, booleans and longs, for comparing regardless of key order and int width. */
    static Object plain(Object object) {
        return LONGS.readValue(STRICT.writeValueAsString(object), Object.class);
    }

    /**
     * The object as fabric8's class for its apiVersion and kind; IllegalArgumentException when no class has them (the
     * model answers with a GenericKubernetesResource then), a Jackson exception on any field or type it refuses.
     */
    static KubernetesResource parse(Map<String, Object> object) {
        KubernetesResource resource = STRICT.readValue(STRICT.writeValueAsString(object), KubernetesResource.class);
        if (resource instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException("no model for " + object.get("apiVersion") + " " + object.get("kind"));
        }
        return resource;
    }

    /** Each document of a YAML text, read as kubectl would (YAML 1.1, as SnakeYAML). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            documents.add((Map<String, Object>) document);
        }
        return documents;
    }

    static List<KubernetesResource> parseAll(String yaml) {
        return documents(yaml).stream().map(Fabric8::parse).toList();
    }
}
