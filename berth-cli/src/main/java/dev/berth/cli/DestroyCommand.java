package dev.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Deletes the environment's stacks, after asking.",
                "The AWS CDK CLI deletes the app, data and foundation stacks. The database leaves a final snapshot;"
                        + " with deletion protection on (prod) RDS refuses until it is turned off in berth.yaml and"
                        + " deployed. Access-log buckets are kept."})
final class DestroyCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return options.runCdk("destroy", spec.commandLine().getErr(), config -> force ? List.of("--force") : List.of());
    }
}
