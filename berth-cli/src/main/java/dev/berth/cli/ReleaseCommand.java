package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.layer.DeliveryLayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = {"Pushes the images, then deploys with them.",
                "It runs berth push, then berth deploy with the pushed tags. The environment's delivery stack (its ECR"
                        + " repositories) is deployed first, so the first release of a new environment works too. The services"
                        + " on the environment's Kubernetes cluster are rolled out as berth deploy does it.",
                "A blue/green environment's stacks register each service's new task definition; CodeDeploy then switches"
                        + " to it in the pipeline's Deploy stage, from what --codedeploy-out writes."})
final class ReleaseCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Mixin
    PushCommand.BuildOptions build;

    @Mixin
    DeployCommand.Approval approval;

    @Option(names = "--codedeploy-out", paramLabel = "DIR",
            description = "Blue/green only: write each service's CodeDeploy revision (taskdef.json, appspec.yaml) to DIR/SERVICE.")
    Path codeDeployOut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        EnvironmentModel model = options.model(config);
        if (codeDeployOut != null && !model.delivery().blueGreen()) {
            throw new UsageFailure("berth: --codedeploy-out: " + model.name() + " releases rolling; it applies to an environment"
                    + " with deployment: blue-green");
        }
        // Services with no build run the newest image of their existing repository; only the others are pushed.
        boolean anyBuild = model.services().all().stream().anyMatch(service -> service.image().buildSource().isPresent());
        List<ServiceModel> chosen = anyBuild ? PushCommand.chosen(model, List.of(), options, err) : List.of();
        AwsCredentials.require();
        EnvironmentAssembly assembly = options.synthesize(config, err);
        if (assembly == null) {
            return Berth.FAILED;
        }
        CdkCli cdk = new CdkCli(CdkCli.berthHome(), err);
        List<String> approval = this.approval.cdkArguments();
        // First the stack with the repositories, so that they exist before the push.
        String delivery = new DeliveryLayer().stackName(model);
        if (assembly.stackNames().contains(delivery)) {
            List<String> arguments = new ArrayList<>(List.of(delivery));
            arguments.addAll(approval);
            if (cdk.run("deploy", options.assemblyDirectory(), arguments) != 0) {
                return Berth.FAILED;
            }
        }
        Map<String, String> pushed = chosen.isEmpty() ? Map.of() : PushCommand.push(model, options.config, chosen, build, err);
        List<String> arguments = new ArrayList<>(assembly.stackNames());
        arguments.addAll(approval);
        Map<String, String> tags = DeployCommand.imageTags(model, pushed);
        arguments.addAll(DeployCommand.imageTagParameters(model, tags));
        if (cdk.run("deploy", options.assemblyDirectory(), arguments) != 0) {
            return Berth.FAILED;
        }
        if (model.delivery().blueGreen()) {
            writeRevisions(model, err);
        }
        // As a failed stack deploy, a failed rollout ends the release before the sites change.
        if (ClusterRollout.afterDeploy(model, tags, options.config, err) != Berth.OK) {
            return Berth.FAILED;
        }
        // A new environment's sites have their buckets only now.
        try (StaticUploads uploads = StaticUploads.in(model.naming().region())) {
            uploads.uploadSites(model, err);
        }
        return Berth.OK;
    }

    private void writeRevisions(EnvironmentModel model, PrintWriter err) {
        if (codeDeployOut == null) {
            err.println(DeployCommand.BLUE_GREEN_NOTE.formatted(model.name()));
            return;
        }
        try (EcsClient ecs = EcsClient.builder().region(Region.of(model.naming().region())).build()) {
            CodeDeployRevision revision = new CodeDeployRevision(ecs);
            for (ServiceModel service : model.services().all()) {
                Path directory = codeDeployOut.resolve(service.name());
                revision.write(model.naming().taskFamily(service.name()), service.name(), service.routing().port(), directory);
                err.println("berth: " + service.name() + "'s CodeDeploy revision is in " + directory);
            }
        }
    }
}
