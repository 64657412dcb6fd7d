package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.cost.CostEstimate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Estimates what an environment costs a month.",
                "From its synthesized stacks: it synthesizes the environment as plan does, prices each resource at the region's list price (prices.tsv,"
                        + " dated) with berth.yaml's cost assumptions, and writes cost.md and cost.json beside the templates.",
                "With --compare, another environment side by side, group by group."})
final class CostCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Option(names = "--compare", paramLabel = "OTHER", description = "Another environment of the same file, side by side.")
    String other;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        CostEstimate first = estimate(options, config, err);
        if (first == null) {
            return Berth.FAILED;
        }
        if (other == null) {
            out.print(CostReport.text(first, options.assemblyDirectory()));
            return Berth.OK;
        }
        EnvironmentOptions otherOptions = options.forEnvironment(other);
        otherOptions.load(err);
        CostEstimate second = estimate(otherOptions, config, err);
        if (second == null) {
            return Berth.FAILED;
        }
        out.print(CostReport.compare(first, second));
        return Berth.OK;
    }

    private static CostEstimate estimate(EnvironmentOptions options, BerthConfig config, java.io.PrintWriter err) {
        EnvironmentAssembly assembly = options.synthesize(config, err);
        return assembly == null ? null : CostReport.write(options.model(config), options.assemblyDirectory(), assembly);
    }
}
