package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "secret", mixinStandardHelpOptions = true,
        description = {"Sets and lists the secrets berth.yaml declares.",
                "A service's secrets are Secrets Manager secrets named PROJECT/ENV/SERVICE/NAME, and the top-level ones,"
                        + " which every service receives, PROJECT/ENV/shared/NAME. Each reaches its services as the"
                        + " environment variable NAME in capitals, with '_' for '-'. A deploy creates each with a random value;"
                        + " berth secret set writes the real one, which no deploy overwrites."},
        subcommands = {SecretSetCommand.class, SecretListCommand.class})
final class SecretCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageFailure("berth: secret needs what to do: berth secret set or berth secret list");
    }
}
