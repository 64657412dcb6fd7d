package dev.berth.config;

import dev.berth.model.Naming;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One environment being read: its settings (written, then its profile's and the general defaults) and its names.
 *
 * @param file the whole file's reading
 * @param naming the environment's names
 * @param key the environment's key in the file: whole-environment problems point at it
 * @param settings its keys
 */
record EnvironmentReading(FileReading file, Naming naming, Node key, Settings settings) {

    YamlFields fields() {
        return file.fields;
    }

    String path() {
        return settings.path();
    }
}
