package dev.berth.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sections of berth.yaml, in the order their keys are listed. Fresh instances per file read. */
final class Sections {

    /** The top-level key that holds the environments; each environment's keys belong to the sections. */
    static final Key ENVIRONMENTS = Key.of("environments", "mapping of names (a-z, 0-9; ≤ 10)", "required, ≥ 1",
            "the environments, each deployed on its own");

    private Sections() {
    }

    static List<Section> create() {
        return List.of(new ProjectSection(), new ServicesSection(), new ComputeSection(), new NetworkSection(), new EdgeSection(),
                new DatabaseSection(), new CacheSection(), new BucketsSection(), new GatewaySection(), new LifecycleSection(), new DeliverySection(), new SitesSection(), new AlertsSection(),
                new ScheduleSection(), new CostSection());
    }

    /** Every key of a scope, in section order; the top level ends with {@link #ENVIRONMENTS}. */
    static List<Key> keys(List<Section> sections, Scope scope) {
        List<Key> keys = new ArrayList<>();
        sections.forEach(section -> keys.addAll(section.keys(scope)));
        if (scope == Scope.FILE) {
            keys.add(ENVIRONMENTS);
        }
        return keys;
    }

    /** Each key name with where it belongs, for the hint on a key found at the wrong level. */
    static Map<String, String> places(List<Section> sections) {
        Map<String, String> places = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            for (Key key : keys(sections, scope)) {
                places.putIfAbsent(key.name(), scope.where());
            }
        }
        return places;
    }
}
