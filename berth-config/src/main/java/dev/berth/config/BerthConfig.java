package dev.berth.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated berth.yaml.
 *
 * @param source the file it was read from
 * @param project project name, prefix of every stack
 * @param region the AWS region all environments deploy to
 * @param services the services, in file order; the first without a path pattern is the default route
 * @param environments environments by name, in file order
 */
public record BerthConfig(
        Path source,
        String project,
        String region,
        List<ServiceSpec> services,
        Map<String, Environment> environments) {

    public Optional<Environment> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    /** The directory relative paths in the file are resolved against. */
    public Path baseDirectory() {
        Path parent = source.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
