package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.EnvironmentAssembly;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Plans the environment, then deploys its stacks.",
                "The AWS CDK CLI deploys the stacks in dependency order. Every service runs an image from ECR by tag:"
                        + " the tag given with --image-tag, or else the one pushed last to the service's repository"
                        + " (berth push)."})
final class DeployCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Option(names = "--image-tag", paramLabel = "SERVICE=TAG", converter = ImageTag.Parser.class,
            description = "Image tag to run for a service, e.g. --image-tag web=1.4.2 (repeatable).")
    List<ImageTag> imageTags = new ArrayList<>();

    @Mixin
    Approval approval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean[] blueGreen = {false};
        int exit = options.runCdk("deploy", err, config -> {
            blueGreen[0] = options.model(config).delivery().blueGreen();
            List<String> arguments = new ArrayList<>(approval.cdkArguments());
            arguments.addAll(imageTagParameters(config));
            return arguments;
        });
        if (exit == Berth.OK && blueGreen[0]) {
            err.println(BLUE_GREEN_NOTE.formatted(options.environment));
        }
        return exit;
    }

    /** What a stack deploy of a blue/green environment leaves to CodeDeploy. */
    static final String BLUE_GREEN_NOTE = "berth: %s releases blue/green: its services keep running the previous revision"
            + " until the pipeline's CodeDeploy stage switches them (berth release --codedeploy-out DIR writes its input)";

    /**
     * {@code --parameters STACK:WebImageTag=TAG} for every service: the tag given, after checking it names a service,
     * or else the newest tag in the service's repository.
     */
    private List<String> imageTagParameters(BerthConfig config) {
        EnvironmentModel model = options.model(config);
        Map<String, String> tags = new LinkedHashMap<>();
        for (ImageTag imageTag : imageTags) {
            if (model.services().named(imageTag.service()).isEmpty()) {
                throw new UsageFailure("berth: --image-tag " + imageTag + ": no service '" + imageTag.service() + "' in " + options.config);
            }
            tags.put(imageTag.service(), imageTag.tag());
        }
        return imageTagParameters(model, tags);
    }

    /** The parameters for {@code tags}, completed with the newest tag of each service's repository. */
    static List<String> imageTagParameters(EnvironmentModel model, Map<String, String> tags) {
        List<String> parameters = new ArrayList<>();
        List<ServiceModel> untagged = model.services().all().stream().filter(service -> !tags.containsKey(service.name())).toList();
        Map<String, String> all = new LinkedHashMap<>(tags);
        if (!untagged.isEmpty()) {
            AwsCredentials.require();
            try (ImageRegistry registry = new ImageRegistry(model.naming().region(), null)) {
                for (ServiceModel service : untagged) {
                    String repository = service.image().repositoryName(model.naming(), service.name());
                    all.put(service.name(), registry.newestTag(repository).orElseThrow(() -> new UsageFailure("berth: no image of "
                            + service.name() + " in ECR repository " + repository + " yet: berth push " + model.name()
                            + " (or berth release " + model.name() + ") pushes one, or give --image-tag "
                            + service.name() + "=TAG")));
                }
            }
        }
        all.forEach((service, tag) -> parameters.addAll(List.of("--parameters",
                EnvironmentAssembly.imageTagParameter(model, service) + "=" + tag)));
        return parameters;
    }

    /** When the CDK CLI asks before deploying: shared by deploy and release. */
    static final class Approval {

        @Option(names = "--require-approval", paramLabel = "LEVEL", defaultValue = "broadening",
                description = "Ask before security-relevant changes: never, any-change or broadening (default: ${DEFAULT-VALUE}).")
        String level;

        List<String> cdkArguments() {
            return List.of("--require-approval", level);
        }
    }

    /** One {@code --image-tag SERVICE=TAG}: its form is checked as the command line is parsed, its service at deploy. */
    record ImageTag(String service, String tag) {

        /** As it is written on the command line. */
        @Override
        public String toString() {
            return service + "=" + tag;
        }

        static final class Parser implements ITypeConverter<ImageTag> {
            @Override
            public ImageTag convert(String value) {
                int equals = value.indexOf('=');
                if (equals <= 0 || equals == value.length() - 1) {
                    throw new UsageFailure("berth: --image-tag " + value + ": expected SERVICE=TAG, e.g. --image-tag web=1.4.2");
                }
                String tag = value.substring(equals + 1);
                if (!Naming.IMAGE_TAG.matcher(tag).matches()) {
                    throw new UsageFailure("berth: --image-tag " + value + ": not a valid image tag (up to 128 letters,"
                            + " digits, '_', '.' and '-', not starting with '.' or '-')");
                }
                return new ImageTag(value.substring(0, equals), tag);
            }
        }
    }
}
