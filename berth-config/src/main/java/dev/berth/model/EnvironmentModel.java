package dev.berth.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One environment of berth.yaml, resolved: its profile's defaults applied, every derived value computed,
 * every check passed. Validation builds it and synthesis reads it; nothing downstream re-derives a default.
 *
 * <p>Each section of berth.yaml contributes one part, found by its type; a new section adds a part without
 * changing this class.
 */
public final class EnvironmentModel {

    private final Naming naming;
    private final String profile;
    private final Map<Class<? extends ModelPart>, ModelPart> parts;

    public EnvironmentModel(Naming naming, String profile, Map<Class<? extends ModelPart>, ModelPart> parts) {
        this.naming = naming;
        this.profile = profile;
        this.parts = new LinkedHashMap<>(parts);
    }

    public Naming naming() {
        return naming;
    }

    public String name() {
        return naming.environment();
    }

    /** The profile (dev, prod, or local for berth up) whose defaults filled what the file left out. */
    public String profile() {
        return profile;
    }

    /** A part every environment has; throws when the section that makes it is missing. */
    public <T extends ModelPart> T part(Class<T> type) {
        return find(type).orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " in the model"));
    }

    /** A part only some environments have (a cache, a schedule). */
    public <T extends ModelPart> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(parts.get(type)));
    }

    public NetworkModel network() {
        return part(NetworkModel.class);
    }

    public EdgeModel edge() {
        return part(EdgeModel.class);
    }

    public Services services() {
        return part(Services.class);
    }

    public DatabaseModel database() {
        return part(DatabaseModel.class);
    }

    public Lifecycle lifecycle() {
        return part(Lifecycle.class);
    }

    public DeliveryModel delivery() {
        return part(DeliveryModel.class);
    }

    @Override
    public String toString() {
        return "EnvironmentModel[" + naming.prefix() + ", " + parts.values() + "]";
    }
}
