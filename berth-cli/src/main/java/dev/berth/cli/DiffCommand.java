package dev.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Plans the environment, then shows how its stacks differ from what is deployed (AWS CDK CLI).")
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
