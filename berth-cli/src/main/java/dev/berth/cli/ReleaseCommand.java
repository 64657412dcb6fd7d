package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.layer.DeliveryLayer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = {"Pushes the images, then deploys with them.",
                "It runs berth push, then berth deploy with the pushed tags. The environment's delivery stack (its ECR"
                        + " repositories) is deployed first, so the first release of a new environment works too."})
final class ReleaseCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Mixin
    PushCommand.BuildOptions build;

    @Mixin
    DeployCommand.Approval approval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        EnvironmentModel model = options.model(config);
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
        arguments.addAll(DeployCommand.imageTagParameters(model, pushed));
        return cdk.run("deploy", options.assemblyDirectory(), arguments) == 0 ? Berth.OK : Berth.FAILED;
    }
}
