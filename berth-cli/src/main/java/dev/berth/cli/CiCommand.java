package dev.berth.cli;

import dev.berth.config.BerthConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ci", mixinStandardHelpOptions = true,
        description = {"Writes the CI workflow that releases berth.yaml.",
                "Its one subcommand, berth ci github, writes the GitHub Actions workflow."},
        subcommands = CiCommand.GitHub.class)
final class CiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageFailure("berth: ci needs what to write: berth ci github");
    }

    @Command(name = "github", mixinStandardHelpOptions = true,
            description = {"Writes the GitHub Actions workflow that tests and releases every environment.",
                    "The workflow (.github/workflows/berth.yml) tests on every push and pull request. On a push to"
                            + " delivery.branch it releases each environment without approval, then each with approval"
                            + " in the protected GitHub environment of its name; each release assumes its environment's"
                            + " deploy role through OIDC, one at a time."})
    static final class GitHub implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", defaultValue = "berth.yaml",
                description = "The berth.yaml to use (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--repository", paramLabel = "DIR", defaultValue = ".",
                description = "The repository's root, where .github/ goes (default: the current directory).")
        Path repository;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            EnvironmentOptions options = new EnvironmentOptions();
            options.config = config;
            BerthConfig loaded = options.loadFile(err);
            Path root = repository.toAbsolutePath().normalize();
            Path file = config.toAbsolutePath().normalize();
            if (!file.startsWith(root)) {
                throw new UsageFailure("berth: " + config + " is not inside the repository " + root
                        + "; run berth ci github from the repository's root, or give --repository");
            }
            String text = GitHubWorkflow.write(loaded, root.relativize(file).toString());
            Path workflow = root.resolve(GitHubWorkflow.PATH);
            Files.createDirectories(workflow.getParent());
            Files.writeString(workflow, text);
            spec.commandLine().getOut().println("berth: wrote " + workflow);
            return Berth.OK;
        }
    }
}
