package dev.berth.config;

import static dev.berth.config.YamlFields.isNull;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.ModelPart;
import dev.berth.model.Naming;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads berth.yaml into a {@link BerthConfig}: each section reads the keys it owns, profiles and defaults fill
 * what the file leaves out, every environment is resolved into its {@link EnvironmentModel}, and every problem
 * is reported at once with file, line and path.
 */
public final class BerthYaml {

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9]{0,9}");

    private BerthYaml() {
    }

    /** Reads and validates a berth.yaml; the file's name in messages is {@code file} as given. */
    public static BerthConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new Problem(file.toString(), 0, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        return parse(file, new StringReader(text));
    }

    /** Reads and validates berth.yaml text; {@code file} names it in messages and anchors relative paths. */
    public static BerthConfig parse(Path file, Reader reader) {
        String name = file.toString();
        List<Section> sections = Sections.create();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by YamlFields with both lines
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(List.of(new Problem(name, line, "", "YAML syntax error: " + what)));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new Problem(name, 0, "", "YAML syntax error: " + e.getMessage())));
        }
        List<String> topKeys = Key.names(Sections.keys(sections, Scope.FILE));
        if (isNull(root)) {
            throw new ConfigException(List.of(new Problem(name, 0, "",
                    "the file is empty; expected a mapping with " + String.join(", ", topKeys))));
        }
        YamlFields fields = new YamlFields(name);
        fields.knowKeysElsewhere(Sections.places(sections));
        FileReading reading = new FileReading(fields, file, root, fields.mapping(root, "", topKeys));
        sections.forEach(section -> section.readFile(reading));
        Map<String, EnvironmentModel> environments = environments(reading, sections);
        EnvironmentModel local = environments.remove(Defaults.LOCAL);
        if (local == null && fields.problems().isEmpty()) {
            // No environments.local: berth up's environment is the file's own settings under the local profile. Read
            // only when the file is otherwise sound, so that a mistake is not reported once more for it.
            local = environment(reading, sections, Defaults.LOCAL, implicitEntry(reading), environmentKeys(sections)).orElse(null);
        }
        List<EnvironmentModel> models = new ArrayList<>(environments.values());
        if (fields.problems().isEmpty()) {
            sections.forEach(section -> section.checkAcross(models, reading));
        }
        if (!fields.problems().isEmpty()) {
            throw new ConfigException(fields.problems());
        }
        return new BerthConfig(file, reading.project, reading.region, environments, local, fields.warnings());
    }

    private static Map<String, EnvironmentModel> environments(FileReading reading, List<Section> sections) {
        YamlFields fields = reading.fields;
        Map<String, EnvironmentModel> environments = new LinkedHashMap<>();
        Optional<Node> section = fields.required(reading.top, reading.root, "", Sections.ENVIRONMENTS.name());
        if (section.isEmpty()) {
            return environments;
        }
        String path = Sections.ENVIRONMENTS.name();
        Map<String, YamlFields.MappingEntry> entries = fields.namedEntries(section.get(), path);
        if (entries.isEmpty() && !isNull(section.get())) {
            fields.problem(section.get(), path, "expected at least one environment");
        }
        List<String> environmentKeys = environmentKeys(sections);
        List<String> names = new ArrayList<>(entries.keySet());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            YamlFields.MappingEntry entry = entries.get(name);
            if (environmentKeys.contains(name)) {
                if (i == 0 || !environmentKeys.contains(names.get(i - 1))) {
                    misindented(fields, path, name, entry, i == 0 ? null : names.get(i - 1), i == 0 ? null : entries.get(names.get(i - 1)));
                }
                continue;
            }
            if (i + 1 < names.size() && environmentKeys.contains(names.get(i + 1))) {
                continue; // its settings sit one level too high: reading it would only report what they would have set
            }
            String environmentPath = YamlFields.join(path, name);
            if (!ENVIRONMENT_NAME.matcher(name).matches()) {
                fields.problem(entry.key(), environmentPath, "expected an environment name of lowercase letters"
                        + " and digits, starting with a letter, at most 10 characters");
            }
            environment(reading, sections, name, entry, environmentKeys).ifPresent(model -> environments.put(name, model));
        }
        return environments;
    }

    private static List<String> environmentKeys(List<Section> sections) {
        return Key.names(Sections.keys(sections, Scope.ENVIRONMENT));
    }

    /** An empty {@code local:} where the file's environments are (or its start), for the local environment it does not write. */
    private static YamlFields.MappingEntry implicitEntry(FileReading reading) {
        Node at = Optional.ofNullable(reading.top.get(Sections.ENVIRONMENTS.name())).orElse(reading.root);
        return new YamlFields.MappingEntry(at, new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.FLOW));
    }

    /**
     * An environment setting found among the environments ({@code domain:} at the level of {@code prod:}): its
     * indentation is one level short. Reported once, on the first such key, naming the environment it belongs to.
     */
    private static void misindented(YamlFields fields, String path, String key, YamlFields.MappingEntry entry,
            String environment, YamlFields.MappingEntry environmentEntry) {
        String what = "'" + key + "' is an environment setting, not an environment: ";
        fields.problem(entry.key(), YamlFields.join(path, key), environment == null
                ? what + "put it under an environment such as dev or prod"
                : what + "indent it (and the settings after it) under " + environment + " (line "
                        + YamlFields.line(environmentEntry.key()) + ")");
    }

    private static Optional<EnvironmentModel> environment(FileReading reading, List<Section> sections, String name,
            YamlFields.MappingEntry entry, List<String> environmentKeys) {
        YamlFields fields = reading.fields;
        String path = YamlFields.join(Sections.ENVIRONMENTS.name(), name);
        Map<String, Node> written = fields.mapping(entry.value(), path, environmentKeys);
        Defaults defaults = Defaults.get();
        Map<String, String> profiles = new LinkedHashMap<>();
        defaults.profiles().forEach(profile -> profiles.put(profile, profile));
        Optional<String> profile;
        if (name.equals(Defaults.LOCAL)) {
            if (written.containsKey(ProjectSection.PROFILE.name())) {
                fields.problem(written.get(ProjectSection.PROFILE.name()), YamlFields.join(path, ProjectSection.PROFILE.name()),
                        "local is the environment berth up runs, whose profile is local; remove profile here");
            }
            profile = Optional.of(Defaults.LOCAL);
        } else {
            profile = fields.oneOf(written.get(ProjectSection.PROFILE.name()),
                    YamlFields.join(path, ProjectSection.PROFILE.name()), profiles)
                    .or(() -> Optional.ofNullable(profiles.get(name)));
        }
        if (profile.isEmpty()) {
            if (!written.containsKey(ProjectSection.PROFILE.name())) {
                fields.problem(entry.key(), YamlFields.join(path, ProjectSection.PROFILE.name()), "is required for an"
                        + " environment not named " + String.join(" or ", profiles.keySet()) + "; expected one of "
                        + String.join(", ", profiles.keySet()));
            }
            return Optional.empty();
        }
        String account = Optional.ofNullable(written.get(ProjectSection.ACCOUNT.name()))
                .flatMap(node -> fields.matching(node, YamlFields.join(path, ProjectSection.ACCOUNT.name()),
                        ProjectSection.ACCOUNT_ID, "a 12-digit AWS account id"))
                .orElse(null);
        Naming naming = new Naming(reading.project, name, reading.region, account);
        List<Map<String, Node>> fallbacks = new ArrayList<>(defaults.profile(profile.get()));
        fallbacks.add(defaults.section("environment"));
        Settings settings = new Settings(entry.key(), List.of(new Settings.Level(path, written)), fallbacks);
        EnvironmentReading environment = new EnvironmentReading(reading, naming, entry.key(), settings);
        // A section without a part either reported why, and the file is refused, or has nothing here (a cache
        // the environment does not use): the model is complete either way once there is no problem.
        Map<Class<? extends ModelPart>, ModelPart> parts = new LinkedHashMap<>();
        for (Section section : sections) {
            section.read(environment).ifPresent(part -> parts.put(part.getClass(), part));
        }
        return Optional.of(new EnvironmentModel(naming, profile.get(), parts));
    }
}
