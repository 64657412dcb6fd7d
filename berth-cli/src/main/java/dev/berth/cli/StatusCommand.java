package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows what the environment runs and what sleeps.",
                "Each service with its tasks and scaling range (asleep: set to zero by the schedule or scale-to-zero), the"
                        + " database's state and the schedule's next change, read through the AWS SDK."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BerthConfig config = options.load(spec.commandLine().getErr());
        EnvironmentModel model = options.model(config);
        AwsCredentials.require();
        try (EnvironmentStatus.Clients clients = EnvironmentStatus.Clients.in(model.naming().region())) {
            spec.commandLine().getOut().print(EnvironmentStatus.render(model, EnvironmentStatus.read(model, clients, Instant.now())));
        }
        return Berth.OK;
    }
}
