package dev.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Shows how the environment's stacks differ from those deployed.",
                "Plans the environment first; the AWS CDK CLI then compares its stacks with those deployed in the"
                        + " environment's account."})
final class DiffCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return options.runCdk("diff", spec.commandLine().getErr(), config -> List.of());
    }
}
