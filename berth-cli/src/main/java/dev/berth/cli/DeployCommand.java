package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.platform.EnvironmentAssembly;
import java.util.ArrayList;
import java.util.List;
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
                        + " the first deploy needs --image-tag for each; later deploys keep the running tag unless a new"
                        + " one is given."})
final class DeployCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Option(names = "--image-tag", paramLabel = "SERVICE=TAG", converter = ImageTag.Parser.class,
            description = "Image tag to run for a service, e.g. --image-tag web=1.4.2 (repeatable).")
    List<ImageTag> imageTags = new ArrayList<>();

    @Option(names = "--require-approval", paramLabel = "LEVEL", defaultValue = "broadening",
            description = "Ask before security-relevant changes: never, any-change or broadening (default: ${DEFAULT-VALUE}).")
    String requireApproval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return options.runCdk("deploy", spec.commandLine().getErr(), config -> {
            List<String> arguments = new ArrayList<>(List.of("--require-approval", requireApproval));
            arguments.addAll(imageTagParameters(config));
            return arguments;
        });
    }

    /** {@code --parameters STACK:WebImageTag=TAG} per tag given, after checking each names a service. */
    private List<String> imageTagParameters(BerthConfig config) {
        List<String> parameters = new ArrayList<>();
        EnvironmentModel model = options.model(config);
        for (ImageTag imageTag : imageTags) {
            String service = imageTag.service();
            if (model.services().named(service).isEmpty()) {
                throw new UsageFailure("berth: --image-tag " + imageTag + ": no service '" + service + "' in " + options.config);
            }
            parameters.addAll(List.of("--parameters", EnvironmentAssembly.imageTagParameter(model, service) + "=" + imageTag.tag()));
        }
        return parameters;
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
