package dev.berth.config;

import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What every section reads from: the problems' collector, the file, its top-level keys, and the project and
 * region once read.
 */
final class FileReading {

    final YamlFields fields;
    final Path file;
    final Node root;
    final Map<String, Node> top;
    String project = "invalid";
    String region = "invalid";

    FileReading(YamlFields fields, Path file, Node root, Map<String, Node> top) {
        this.fields = fields;
        this.file = file;
        this.root = root;
        this.top = top;
    }

    /** The directory relative paths in the file are resolved against. */
    Path baseDirectory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
