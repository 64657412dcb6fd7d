package dev.berth.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Berth's defaults as data (defaults.yaml beside this class): the profiles and the defaults every environment,
 * service and database starts from. Read as YAML nodes, so readers treat a default exactly as a written value.
 */
public final class Defaults {

    static final String RESOURCE = "defaults.yaml";
    /** berth up's environment and its profile: dev's defaults, but for the few a machine of one's own changes. */
    public static final String LOCAL = "local";
    private static final String LOCAL_BASE = "dev";
    private static final Defaults INSTANCE = load();

    private final Map<String, Map<String, Node>> profiles;
    private final Map<String, Map<String, Node>> sections;

    private Defaults(Map<String, Map<String, Node>> profiles, Map<String, Map<String, Node>> sections) {
        this.profiles = profiles;
        this.sections = sections;
    }

    public static Defaults get() {
        return INSTANCE;
    }

    /** The profile names, in the file's order. */
    public Set<String> profiles() {
        return profiles.keySet();
    }

    /** A profile's environment defaults, by key, most specific first. */
    List<Map<String, Node>> profile(String name) {
        return name.equals(LOCAL) ? List.of(section(LOCAL), profiles.get(LOCAL_BASE)) : List.of(profiles.getOrDefault(name, Map.of()));
    }

    /** The defaults of one section ({@code environment}, {@code service}, {@code database}), by key. */
    Map<String, Node> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    /**
     * A default as the reference shows it, by its address in defaults.yaml: {@code service.scaling.cpu} gives
     * one value, {@code profiles.nat} one per profile ("dev: single, prod: per-az") or one when they agree.
     */
    public String describe(String address) {
        String[] parts = address.split("\\.");
        if (parts[0].equals("profiles")) {
            Map<String, String> perProfile = new LinkedHashMap<>();
            profiles.forEach((profile, keys) -> {
                Node node = keys.get(parts[1]);
                if (node != null) {
                    perProfile.put(profile, text(node));
                }
            });
            if (perProfile.isEmpty()) {
                throw new IllegalArgumentException("no profile sets " + parts[1]);
            }
            if (perProfile.values().stream().distinct().count() == 1) {
                return perProfile.values().iterator().next();
            }
            return String.join(", ", perProfile.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        }
        Node node = null;
        Map<String, Node> level = section(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            node = level.get(parts[i]);
            if (node == null) {
                throw new IllegalArgumentException("defaults.yaml has nothing at " + address);
            }
            level = entries(node);
        }
        return text(node);
    }

    private static String text(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof MappingNode mapping) {
            return "{" + String.join(", ", mapping.getValue().stream()
                    .map(tuple -> ((ScalarNode) tuple.getKeyNode()).getValue() + ": " + text(tuple.getValueNode())).toList()) + "}";
        }
        return node.toString();
    }

    private static Defaults load() {
        try (InputStream in = Defaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            Map<String, Node> top = entries(new Yaml().compose(new InputStreamReader(in, StandardCharsets.UTF_8)));
            Map<String, Map<String, Node>> profiles = new LinkedHashMap<>();
            entries(top.get("profiles")).forEach((name, node) -> profiles.put(name, entries(node)));
            Map<String, Map<String, Node>> sections = new LinkedHashMap<>();
            for (String section : List.of(LOCAL, "environment", "service", "database", "cache", "ec2", "kubernetes", "cost")) {
                sections.put(section, entries(top.get(section)));
            }
            return new Defaults(profiles, sections);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static Map<String, Node> entries(Node node) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                entries.put(((ScalarNode) tuple.getKeyNode()).getValue(), tuple.getValueNode());
            }
        }
        return entries;
    }
}
