package dev.berth.platform.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/** The recommended labels Berth puts on everything it makes, and the one its selectors match on. */
final class Labels {

    static final String NAME = "app.kubernetes.io/name";
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "berth";

    private Labels() {
    }

    /** The labels of what belongs to the component {@code name} of the project. */
    static Map<String, String> of(String name, String project) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, name);
        labels.put(PART_OF, project);
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /**
     * What a Deployment, Service, budget or policy selects the component's pods by: the name alone, since a
     * Deployment's selector can never change once made.
     */
    static Map<String, String> selector(String name) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME, name);
        return selector;
    }
}
