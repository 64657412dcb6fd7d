package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.platform.EnvironmentAssembly;
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
        var err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        AwsCredentials.require();
        EnvironmentAssembly assembly = options.synthesize(config, err);
        if (assembly == null) {
            return Berth.FAILED;
        }
        int exit = new CdkCli(CdkCli.berthHome(), err).run("diff", options.assemblyDirectory(), assembly.stackNames());
        return exit == 0 ? Berth.OK : Berth.FAILED;
    }
}
