package dev.berth.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.BerthConfig;
import dev.berth.config.BerthYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An environment synthesized once per test JVM (a synth costs seconds) into {@code target/synth}, where
 * .ci/run lints every template with cfn-lint.
 */
final class Synthesized {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    private final String prefix;
    private final Path outdir;
    private final BerthConfig config;

    private Synthesized(String prefix, Path outdir, BerthConfig config) {
        this.prefix = prefix;
        this.outdir = outdir;
        this.config = config;
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("berth.repositoryRoot", "..")).toAbsolutePath().normalize();
    }

    static Path synthRoot() {
        return Path.of(System.getProperty("berth.test.synthRoot", "target/synth"));
    }

    /** The environment of a berth.yaml file, synthesized under a name of its own. */
    static Synthesized of(String name, Path berthYaml, String environment) {
        return CACHE.computeIfAbsent(name + "-" + environment, key -> {
            BerthConfig config = BerthYaml.load(berthYaml);
            Path outdir = synthRoot().resolve(key);
            new EnvironmentAssembly(config, environment, outdir).synthesize();
            return new Synthesized(config.project() + "-" + environment, outdir, config);
        });
    }

    /** The environment of a berth.yaml given as text (written to target/synth/NAME/berth.yaml). */
    static Synthesized ofText(String name, String yaml, String environment) {
        Path file = synthRoot().resolve(name).resolve("berth.yaml");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(name, file, environment);
    }

    static Synthesized shipped(String environment) {
        return of("shipped", repositoryRoot().resolve("berth.yaml"), environment);
    }

    /** An example of examples/NAME/berth.yaml, under the name the policy gate test gives it. */
    static Synthesized example(String name, String environment) {
        return of("examples-" + name, repositoryRoot().resolve("examples").resolve(name).resolve("berth.yaml"), environment);
    }

    BerthConfig config() {
        return config;
    }

    JsonNode foundation() {
        return template("foundation");
    }

    JsonNode data() {
        return template("data");
    }

    JsonNode app() {
        return template("app");
    }

    JsonNode template(String layer) {
        Path file = outdir.resolve(prefix + "-" + layer + ".template.json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resources of a type, by logical id. */
    static Map<String, JsonNode> resources(JsonNode template, String type) {
        return resources(template, type, node -> true);
    }

    static Map<String, JsonNode> resources(JsonNode template, String type, Predicate<JsonNode> filter) {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = template.path("Resources").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getValue().path("Type").asText().equals(type) && filter.test(entry.getValue())) {
                found.put(entry.getKey(), entry.getValue());
            }
        }
        return found;
    }

    static JsonNode single(JsonNode template, String type) {
        Map<String, JsonNode> found = resources(template, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + "; found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    /** The one resource of a type whose logical id contains {@code idPart}. */
    static JsonNode single(JsonNode template, String type, String idPart) {
        Map<String, JsonNode> found = resources(template, type);
        List<JsonNode> matching = found.entrySet().stream()
                .filter(entry -> entry.getKey().toLowerCase(java.util.Locale.ROOT).contains(idPart.toLowerCase(java.util.Locale.ROOT)))
                .map(Map.Entry::getValue).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type + " named like " + idPart + "; found " + found.keySet());
        }
        return matching.getFirst();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.isTextual() ? node.asText() : node.toString()));
        return out;
    }
}
