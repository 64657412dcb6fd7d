package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.diagram.DiagramFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Validates berth.yaml and synthesizes the environment's stacks.",
                "Writes the environment's CloudFormation stacks into --out/ENV, checks them against the AwsSolutions"
                        + " policy and prints what they contain, then what they cost a month (cost.md and cost.json beside"
                        + " them), and draws them (diagram.svg, diagram.mmd, diagram.drawio)."})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Option(names = "--detail", description = "Draw the plumbing too: roles, functions, queues, log groups.")
    boolean detail;

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
        DiagramFiles.write(options.model(config), assembly, options.assemblyDirectory(), detail);
        out.println("Diagram: " + options.assemblyDirectory().resolve(DiagramFiles.SVG) + " (also " + DiagramFiles.MERMAID
                + " for GitHub, " + DiagramFiles.DRAWIO + " to edit in draw.io)");
        out.flush();
        return Berth.OK;
    }
}
