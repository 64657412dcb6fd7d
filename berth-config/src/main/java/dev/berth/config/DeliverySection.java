package dev.berth.config;

import dev.berth.model.DeliveryModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** How releases reach the environments: the GitHub repository that deploys them, and which wait for approval. */
final class DeliverySection implements Section {

    static final Key GITHUB = Key.of("github", "OWNER/NAME", "none", "the GitHub repository whose workflow deploys (berth ci github)");
    static final Key BRANCH = Key.of("branch", "branch name", "main", "pushes to it deploy the environments without approval");
    static final Key TEST = Key.of("test", "shell command", "./mvnw -B verify", "builds and tests before an image is pushed");
    static final Key DELIVERY = Key.of("delivery", "mapping", "none", "continuous delivery").holding(GITHUB, BRANCH, TEST);
    static final Key APPROVAL = Key.defaulted("approval", "bool", "profiles.approval",
            "deploys wait for a reviewer: a protected GitHub environment of the environment's name");

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern BRANCH_NAME = Pattern.compile("[A-Za-z0-9._/-]{1,200}");

    private DeliveryModel.GitHub github;

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(DELIVERY) : List.of(APPROVAL);
    }

    @Override
    public void readFile(FileReading file) {
        Node node = file.top.get(DELIVERY.name());
        if (YamlFields.isNull(node)) {
            return;
        }
        YamlFields fields = file.fields;
        Map<String, Node> entries = fields.mapping(node, DELIVERY.name(), DELIVERY.childNames());
        Optional<String> repository = fields.required(entries, node, DELIVERY.name(), GITHUB.name())
                .flatMap(value -> fields.matching(value, YamlFields.join(DELIVERY.name(), GITHUB.name()), REPOSITORY,
                        "a GitHub repository as OWNER/NAME"));
        String branch = entries.containsKey(BRANCH.name())
                ? fields.matching(entries.get(BRANCH.name()), YamlFields.join(DELIVERY.name(), BRANCH.name()), BRANCH_NAME,
                        "a branch name").orElse(null)
                : BRANCH.defaultValue();
        String test = entries.containsKey(TEST.name())
                ? fields.text(entries.get(TEST.name()), YamlFields.join(DELIVERY.name(), TEST.name())).orElse(null)
                : TEST.defaultValue();
        if (repository.isPresent() && branch != null && test != null) {
            github = new DeliveryModel.GitHub(repository.get(), branch, test);
        }
    }

    @Override
    public Optional<DeliveryModel> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        return environment.fields().bool(settings.get(APPROVAL.name()), settings.path(APPROVAL.name()))
                .map(approval -> new DeliveryModel(github, approval));
    }
}
