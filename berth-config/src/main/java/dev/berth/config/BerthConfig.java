package dev.berth.config;

import dev.berth.model.EnvironmentModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated berth.yaml: every environment resolved into its model.
 *
 * @param source the file it was read from
 * @param project project name, prefix of every stack
 * @param region the AWS region all environments deploy to
 * @param environments the cloud environments' models by name, in file order
 * @param local the environment {@code berth up} runs: {@code environments.local} when the file has one, else the file's
 *     own settings, under the local profile (never planned or deployed)
 * @param warnings what is allowed but probably not meant, e.g. overlapping VPCs without named accounts
 */
public record BerthConfig(Path source, String project, String region, Map<String, EnvironmentModel> environments,
        EnvironmentModel local, List<Problem> warnings) {

    public BerthConfig {
        environments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environments));
        warnings = List.copyOf(warnings);
    }

    public Optional<EnvironmentModel> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }
}
