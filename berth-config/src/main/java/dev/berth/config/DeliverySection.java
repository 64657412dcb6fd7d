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
    static final Key PIPELINE = Key.of("pipeline", "github-actions, codepipeline", "github-actions",
            "what releases: the repository's workflow (berth ci github), or a CodePipeline per environment");
    static final Key CONNECTION = Key.of("connection", "CodeConnections connection ARN", "none",
            "CodePipeline's access to the repository; required with codepipeline");
    static final Key DELIVERY = Key.of("delivery", "mapping", "none", "continuous delivery")
            .holding(GITHUB, BRANCH, TEST, PIPELINE, CONNECTION);
    static final Key APPROVAL = Key.defaulted("approval", "bool", "profiles.approval",
            "deploys wait for a reviewer: a protected GitHub environment of the environment's name");
    static final Key DEPLOYMENT = Key.of("deployment", "rolling, blue-green", "rolling",
            "how a release replaces tasks: rolling by ECS, or blue/green by CodeDeploy (needs pipeline: codepipeline)");

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern BRANCH_NAME = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern CONNECTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");

    private DeliveryModel.GitHub github;

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(DELIVERY) : List.of(APPROVAL, DEPLOYMENT);
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
        DeliveryModel.Pipeline pipeline = DeliveryModel.Pipeline.GITHUB_ACTIONS;
        if (entries.containsKey(PIPELINE.name())) {
            String path = YamlFields.join(DELIVERY.name(), PIPELINE.name());
            pipeline = fields.matching(entries.get(PIPELINE.name()), path, Pattern.compile("github-actions|codepipeline"),
                    "github-actions or codepipeline").map(value -> value.equals("codepipeline")
                            ? DeliveryModel.Pipeline.CODEPIPELINE : DeliveryModel.Pipeline.GITHUB_ACTIONS).orElse(null);
        }
        String connection = entries.containsKey(CONNECTION.name())
                ? fields.matching(entries.get(CONNECTION.name()), YamlFields.join(DELIVERY.name(), CONNECTION.name()), CONNECTION_ARN,
                        "a CodeConnections connection ARN (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID)").orElse(null)
                : null;
        if (pipeline == DeliveryModel.Pipeline.CODEPIPELINE && !entries.containsKey(CONNECTION.name())) {
            fields.problem(node, DELIVERY.name(), "pipeline: codepipeline needs connection: the ARN of a CodeConnections"
                    + " connection to " + repository.orElse("the repository") + " (made once in the console, where GitHub approves it)");
        }
        if (pipeline == DeliveryModel.Pipeline.GITHUB_ACTIONS && entries.containsKey(CONNECTION.name())) {
            fields.problem(entries.get(CONNECTION.name()), YamlFields.join(DELIVERY.name(), CONNECTION.name()),
                    "only applies with pipeline: codepipeline");
        }
        if (repository.isPresent() && branch != null && test != null && pipeline != null
                && (pipeline == DeliveryModel.Pipeline.GITHUB_ACTIONS || connection != null)) {
            github = new DeliveryModel.GitHub(repository.get(), branch, test, pipeline, connection);
        }
    }

    @Override
    public Optional<DeliveryModel> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        YamlFields fields = environment.fields();
        Optional<Boolean> approval = fields.bool(settings.get(APPROVAL.name()), settings.path(APPROVAL.name()));
        Optional<DeliveryModel.Deployment> deployment = Optional.of(DeliveryModel.Deployment.ROLLING);
        if (settings.isWritten(DEPLOYMENT.name())) {
            Node node = settings.written(DEPLOYMENT.name());
            deployment = fields.matching(node, settings.path(DEPLOYMENT.name()), Pattern.compile("rolling|blue-green"),
                    "rolling or blue-green").map(value -> value.equals("blue-green")
                            ? DeliveryModel.Deployment.BLUE_GREEN : DeliveryModel.Deployment.ROLLING);
            boolean throughPipeline = github != null && github.pipeline() == DeliveryModel.Pipeline.CODEPIPELINE;
            if (deployment.equals(Optional.of(DeliveryModel.Deployment.BLUE_GREEN)) && !throughPipeline) {
                fields.problem(node, settings.path(DEPLOYMENT.name()), "blue-green deploys through CodePipeline's CodeDeploy"
                        + " stage: set delivery.pipeline: codepipeline (with its connection)");
                deployment = Optional.empty();
            }
        }
        return deployment.flatMap(chosen -> approval.map(needed -> new DeliveryModel(github, needed, chosen)));
    }
}
