package dev.berth.platform;

import dev.berth.config.BerthYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every environment Berth ships (berth.yaml and each example), and one without NAT, synthesized whole. */
public final class Environments {

    static final String WITHOUT_NAT = """
            project: net
            region: eu-central-1
            services:
              - name: web
                image: {repository: net}
            environments:
              dev: {nat: none}
            """;

    private Environments() {
    }

    /** Label and environment, for parameterized tests. */
    public record Labelled(String label, Synthesized environment) {
        @Override
        public String toString() {
            return label;
        }
    }

    public static List<Labelled> shipped() {
        List<Labelled> all = new ArrayList<>();
        Path root = Synthesized.repositoryRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve("berth.yaml")));
        try (Stream<Path> examples = Files.list(root.resolve("examples"))) {
            examples.map(dir -> dir.resolve("berth.yaml")).filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            String name = root.relativize(file.getParent()).toString().replace('/', '-');
            String label = name.isEmpty() ? "shipped" : name;
            for (String environment : BerthYaml.load(file).environments().keySet()) {
                all.add(new Labelled(label + " " + environment, Synthesized.of(label, file, environment)));
            }
        }
        return all;
    }

    static List<Labelled> shippedAndWithoutNat() {
        List<Labelled> all = new ArrayList<>(shipped());
        all.add(new Labelled("without NAT", Synthesized.ofText("without-nat", WITHOUT_NAT, "dev")));
        return all;
    }
}
