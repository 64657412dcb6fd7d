package dev.berth.cli;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.kubernetes.KubernetesMapping;
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
                        + " (berth push).",
                "Services with runtime: kubernetes are then rolled out on the environment's cluster: their manifests go to"
                        + " the cluster's state bucket, and the control plane applies them through SSM Run Command and waits"
                        + " for every Deployment (up to " + ClusterRollout.EXECUTION_TIMEOUT_MINUTES + " minutes)."})
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
        EnvironmentModel[] deployed = {null};
        Map<String, String> tags = new LinkedHashMap<>();
        int exit = options.runCdk("deploy", err, config -> {
            deployed[0] = options.model(config);
            tags.putAll(imageTags(deployed[0]));
            List<String> arguments = new ArrayList<>(approval.cdkArguments());
            arguments.addAll(imageTagParameters(deployed[0], tags));
            return arguments;
        });
        if (exit != Berth.OK) {
            return exit;
        }
        if (deployed[0].delivery().blueGreen()) {
            err.println(BLUE_GREEN_NOTE.formatted(options.environment));
        }
        return ClusterRollout.afterDeploy(deployed[0], tags, options.config, err);
    }

    /** What a stack deploy of a blue/green environment leaves to CodeDeploy. */
    static final String BLUE_GREEN_NOTE = "berth: %s releases blue/green: its services keep running the previous revision"
            + " until the pipeline's CodeDeploy stage switches them (berth release --codedeploy-out DIR writes its input)";

    /** The tags given with --image-tag, after checking each names a service, completed as {@link #imageTags(EnvironmentModel, Map)} does. */
    private Map<String, String> imageTags(EnvironmentModel model) {
        Map<String, String> given = new LinkedHashMap<>();
        for (ImageTag imageTag : imageTags) {
            if (model.services().named(imageTag.service()).isEmpty()) {
                throw new UsageFailure("berth: --image-tag " + imageTag + ": no service '" + imageTag.service() + "' in " + options.config);
            }
            given.put(imageTag.service(), imageTag.tag());
        }
        return imageTags(model, given);
    }

    /** Every service's image tag, in file order: the one {@code given}, or else the newest in the service's repository. */
    static Map<String, String> imageTags(EnvironmentModel model, Map<String, String> given) {
        List<ServiceModel> untagged = model.services().all().stream().filter(service -> !given.containsKey(service.name())).toList();
        Map<String, String> newest = untagged.isEmpty() ? Map.of() : newestTags(model, untagged);
        Map<String, String> tags = new LinkedHashMap<>();
        for (ServiceModel service : model.services().all()) {
            tags.put(service.name(), given.getOrDefault(service.name(), newest.get(service.name())));
        }
        return tags;
    }

    private static Map<String, String> newestTags(EnvironmentModel model, List<ServiceModel> services) {
        AwsCredentials.require();
        Map<String, String> newest = new LinkedHashMap<>();
        try (ImageRegistry registry = new ImageRegistry(model.naming().region(), null)) {
            for (ServiceModel service : services) {
                String repository = service.image().repositoryName(model.naming(), service.name());
                newest.put(service.name(), registry.newestTag(repository).orElseThrow(() -> new UsageFailure("berth: no image of "
                        + service.name() + " in ECR repository " + repository + " yet: berth push " + model.name()
                        + " (or berth release " + model.name() + ") pushes one, or give --image-tag "
                        + service.name() + "=TAG")));
            }
        }
        return newest;
    }

    /**
     * {@code --parameters STACK:WebImageTag=TAG} for every service on ECS. The services on the environment's Kubernetes
     * cluster have no such parameter: their tags go into the manifests the cluster rollout applies.
     */
    static List<String> imageTagParameters(EnvironmentModel model, Map<String, String> tags) {
        List<String> parameters = new ArrayList<>();
        for (ServiceModel service : model.services().all()) {
            if (!KubernetesMapping.runsOnCluster(service)) {
                parameters.addAll(List.of("--parameters", EnvironmentAssembly.imageTagParameter(model, service.name()) + "="
                        + tags.get(service.name())));
            }
        }
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
