package dev.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = {"Prepares the environment's AWS account and region for deploys.",
                "Run it once per account and region: it deploys the CDK's bootstrap stack (CDKToolkit: the asset"
                        + " bucket and repository, the deploy roles) with the pinned AWS CDK CLI, in every region the"
                        + " environment's stacks live in (us-east-1 too, for CloudFront's certificates and firewall)."})
final class BootstrapCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Spec
    CommandSpec spec;

    /** The CDK bootstraps every account and region of the assembly's stacks: no stack names go on its command line. */
    @Override
    public Integer call() {
        return options.runCdk("bootstrap", spec.commandLine().getErr(), config -> List.of(), false);
    }
}
