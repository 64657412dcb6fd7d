package dev.berth.platform;

import dev.berth.platform.network.TrafficGraph;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What layers hand the layers after them: one typed record per layer (the foundation's network and key, the
 * data tier's secret, ...), and the environment's traffic graph.
 */
public final class LayerOutputs {

    private final TrafficGraph traffic;
    private final Map<Class<?>, Record> published = new LinkedHashMap<>();

    public LayerOutputs(TrafficGraph traffic) {
        this.traffic = traffic;
    }

    /** Every flow of every layer of the environment. */
    public TrafficGraph traffic() {
        return traffic;
    }

    /** Publishes a layer's outputs; each type once. */
    public <T extends Record> void publish(T outputs) {
        if (published.putIfAbsent(outputs.getClass(), outputs) != null) {
            throw new IllegalStateException(outputs.getClass().getSimpleName() + " is published twice");
        }
    }

    /** What an earlier layer published, if a layer that applies to the environment did (the global edge, ...). */
    public <T extends Record> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(published.get(type)));
    }

    /** What an earlier layer published; throws when no layer before this one did. */
    public <T extends Record> T get(Class<T> type) {
        Record outputs = published.get(type);
        if (outputs == null) {
            throw new IllegalStateException("no layer before this one published " + type.getSimpleName()
                    + "; check the order in Layers");
        }
        return type.cast(outputs);
    }
}
