package dev.berth.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.BerthConfig;
import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A whole environment synthesized once per test JVM (a synth costs seconds) into {@code target/synth}, where
 * .ci/run lints every template with cfn-lint. For what only the whole shows: the traffic graph against the
 * templates, cross-stack references, the policy gate.
 */
public final class Synthesized {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    private final Path outdir;
    private final EnvironmentModel model;
    private final EnvironmentAssembly assembly;

    private Synthesized(Path outdir, EnvironmentModel model, EnvironmentAssembly assembly) {
        this.outdir = outdir;
        this.model = model;
        this.assembly = assembly;
    }

    public static Path repositoryRoot() {
        return Path.of(System.getProperty("berth.repositoryRoot", "..")).toAbsolutePath().normalize();
    }

    static Path synthRoot() {
        return Path.of(System.getProperty("berth.test.synthRoot", "target/synth"));
    }

    /** The environment of a berth.yaml file, synthesized under a name of its own. */
    static Synthesized of(String name, Path berthYaml, String environment) {
        return CACHE.computeIfAbsent(name + "-" + environment, key -> {
            BerthConfig config = BerthYaml.load(berthYaml);
            EnvironmentModel model = config.environment(environment).orElseThrow();
            Path outdir = synthRoot().resolve(key);
            EnvironmentAssembly assembly = new EnvironmentAssembly(model, outdir);
            assembly.synthesize();
            return new Synthesized(outdir, model, assembly);
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

    public static Synthesized shipped(String environment) {
        return of("shipped", repositoryRoot().resolve("berth.yaml"), environment);
    }

    /** An example of examples/NAME/berth.yaml, under the name the policy gate test gives it. */
    public static Synthesized example(String name, String environment) {
        return of("examples-" + name, repositoryRoot().resolve("examples").resolve(name).resolve("berth.yaml"), environment);
    }

    public EnvironmentModel model() {
        return model;
    }

    public EnvironmentAssembly assembly() {
        return assembly;
    }

    /** Where it was synthesized: its templates, and what is written beside them. */
    public Path outdir() {
        return outdir;
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
        Path file = outdir.resolve(assembly.stack(layer).getStackName() + ".template.json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
