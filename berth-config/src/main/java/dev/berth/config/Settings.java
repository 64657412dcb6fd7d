package dev.berth.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The keys of one mapping of berth.yaml as a reader sees them: what the user wrote, most specific first (an
 * environment's override of a service before the service itself), then the defaults (the profile's, then the
 * general ones). A reader asks for a key and gets the first node that sets it, and the path where it was set.
 */
final class Settings {

    /** One mapping of the chain and the path its keys are reported under. */
    record Level(String path, Map<String, Node> entries) {
    }

    private final Node owner;
    private final List<Level> written;
    private final List<Map<String, Node>> defaults;

    /**
     * @param owner the node whole-mapping problems point at
     * @param written what the user wrote, most specific first (at least one level, possibly empty)
     * @param defaults the defaults, most specific first
     */
    Settings(Node owner, List<Level> written, List<Map<String, Node>> defaults) {
        if (written.isEmpty()) {
            throw new IllegalArgumentException("settings need at least one written level for their path");
        }
        this.owner = owner;
        this.written = List.copyOf(written);
        this.defaults = List.copyOf(defaults);
    }

    /** The path of the most specific mapping, e.g. {@code environments.dev}. */
    String path() {
        return written.getFirst().path();
    }

    /** The path of a key: where it was written, else in the most specific mapping. */
    String path(String key) {
        for (Level level : written) {
            if (isSet(level.entries().get(key))) {
                return YamlFields.join(level.path(), key);
            }
        }
        return YamlFields.join(path(), key);
    }

    Node owner() {
        return owner;
    }

    /** The value that applies: written, else default; null when neither sets it. */
    Node get(String key) {
        Node node = written(key);
        if (node != null) {
            return node;
        }
        for (Map<String, Node> level : defaults) {
            if (isSet(level.get(key))) {
                return level.get(key);
            }
        }
        return null;
    }

    /** The value the user wrote, or null. */
    Node written(String key) {
        for (Level level : written) {
            if (isSet(level.entries().get(key))) {
                return level.entries().get(key);
            }
        }
        return null;
    }

    boolean isWritten(String key) {
        return written(key) != null;
    }

    /** Where a problem with a key points: its written value, else the mapping. */
    Node at(String key) {
        Node node = written(key);
        return node != null ? node : owner;
    }

    /** The settings of a nested mapping such as {@code scaling}, each level's own mapping, checked for {@code known} keys. */
    Settings nested(String key, Collection<String> known, YamlFields fields) {
        List<Level> nestedWritten = new ArrayList<>();
        for (Level level : written) {
            String nestedPath = YamlFields.join(level.path(), key);
            if (isSet(level.entries().get(key))) {
                nestedWritten.add(new Level(nestedPath, fields.mapping(level.entries().get(key), nestedPath, known)));
            }
        }
        if (nestedWritten.isEmpty()) {
            nestedWritten.add(new Level(YamlFields.join(path(), key), Map.of()));
        }
        List<Map<String, Node>> nestedDefaults = new ArrayList<>();
        for (Map<String, Node> level : defaults) {
            if (isSet(level.get(key))) {
                nestedDefaults.add(fields.mapping(level.get(key), key, known));
            }
        }
        return new Settings(at(key), nestedWritten, nestedDefaults);
    }

    private static boolean isSet(Node node) {
        return node != null && !YamlFields.isNull(node);
    }
}
