package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.platform.EnvironmentAssembly;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Validates berth.yaml and synthesizes the environment's stacks.",
                "Writes the environment's CloudFormation stacks into --out/ENV, checks them against the AwsSolutions"
                        + " policy and prints what they contain, then what they cost a month (cost.md and cost.json beside"
                        + " them)."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        EnvironmentAssembly assembly = options.synthesize(config, err);
        if (assembly == null) {
            return Berth.FAILED;
        }
        out.print(PlanReport.of(options.model(config), options.assemblyDirectory(), assembly).render());
        out.print(CostReport.text(CostReport.write(options.model(config), options.assemblyDirectory(), assembly),
                options.assemblyDirectory()));
        out.flush();
        return Berth.OK;
    }
}
