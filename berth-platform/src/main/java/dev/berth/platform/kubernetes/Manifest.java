package dev.berth.platform.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubernetes objects as plain ordered maps: the YAML follows the order the fields are put in, so the same input gives
 * the same text byte for byte.
 */
final class Manifest {

    private Manifest() {
    }

    /**
     * A map of the given keys and values, in that order; a key whose value is null is left out, which is how an
     * optional field stays absent.
     */
    static Map<String, Object> fields(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs; got " + keysAndValues.length + " items");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return fields;
    }

    /** An object: its apiVersion, kind and metadata, then the other top-level fields in order. */
    static Map<String, Object> object(String apiVersion, String kind, Map<String, Object> metadata, Object... rest) {
        Map<String, Object> object = fields("apiVersion", apiVersion, "kind", kind, "metadata", metadata);
        object.putAll(fields(rest));
        return object;
    }

    /** Metadata of a namespaced object; a null namespace for a cluster-wide one. */
    static Map<String, Object> metadata(String name, String namespace, Map<String, String> labels) {
        return fields("name", name, "namespace", namespace, "labels", labels);
    }
}
