package dev.berth.cli;

import dev.berth.cli.local.EntryPoint;
import java.io.PrintWriter;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code berth} command: one berth.yaml in, an environment on AWS out.
 *
 * <p>The first line of a command's description is its summary in {@code berth --help}, so it is one whole
 * sentence; each further line is a whole paragraph, which picocli wraps to the terminal's width.
 */
@Command(
        name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = Berth.Version.class,
        description = "Runs a containerized web application on AWS from one berth.yaml.",
        subcommands = {UpCommand.class, InitCommand.class, PlanCommand.class, CostCommand.class, BootstrapCommand.class, PushCommand.class, DeployCommand.class, ReleaseCommand.class,
                RotateOriginSecretCommand.class, SecretCommand.class, StatusCommand.class, CiCommand.class, DiffCommand.class,
                DestroyCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:policy findings, or the AWS CDK CLI, an AWS API or the container engine failed",
            "2:usage or configuration error (nothing was written)"})
public final class Berth {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    public static void main(String[] args) {
        // berth up's entry point forwards the Host header as the load balancer does; the JDK's HTTP client reads this
        // once, at its first use by any command.
        System.setProperty(EntryPoint.RESTRICTED_HEADERS_PROPERTY, "host");
        CommandLine commandLine = commandLine();
        // picocli's writer flushes on println alone, and System.exit does not: what a command print()s would be lost.
        // Made here, it is the writer every subcommand is given.
        PrintWriter out = commandLine.getOut();
        int exit = commandLine.execute(args);
        out.flush();
        System.exit(exit);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Berth());
        // After the subcommands are added: picocli passes the setting down only to those already there.
        commandLine.setUsageHelpAutoWidth(true);
        commandLine.setParameterExceptionHandler(Berth::reportUsageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof UsageFailure failure) {
                cmd.getErr().println(failure.getMessage());
                return USAGE;
            }
            if (e instanceof PushCommand.PushFailure failure) {
                cmd.getErr().println(failure.getMessage());
                return FAILED;
            }
            if (e instanceof SdkException aws) {
                // What AWS (or the way to it) answered, in one line: its message names the call and the reason.
                cmd.getErr().println("berth: AWS failed: " + aws.getMessage());
                return FAILED;
            }
            throw e;
        });
        return commandLine;
    }

    /**
     * A mistake on the command line: the message in one line, then where to read more, instead of picocli's whole
     * usage text. A {@link UsageFailure} from an option's converter already is the complete line.
     */
    private static int reportUsageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getCause() instanceof UsageFailure failure ? failure.getMessage() : "berth: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Berth.class.getPackage().getImplementationVersion();
            return new String[] {"berth " + (version == null ? "development build" : version)};
        }
    }
}
