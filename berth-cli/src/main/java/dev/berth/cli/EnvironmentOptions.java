package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.BerthYaml;
import dev.berth.config.ConfigException;
import dev.berth.config.Defaults;
import dev.berth.config.Problem;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.policy.PolicyFinding;
import dev.berth.platform.policy.PolicyViolationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every environment command takes: the environment, the berth.yaml, and where the assembly goes. */
final class EnvironmentOptions {

    @Parameters(index = "0", paramLabel = "ENV", description = "Environment of berth.yaml (dev, prod, ...).")
    String environment;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "berth.yaml",
            description = "The berth.yaml to use (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "cdk.out",
            description = "Where the cloud assembly is written, one folder per environment (default: ${DEFAULT-VALUE}).")
    Path out;

    /** The same file and assembly folder, for another environment of it. */
    EnvironmentOptions forEnvironment(String name) {
        EnvironmentOptions other = new EnvironmentOptions();
        other.environment = name;
        other.config = config;
        other.out = out;
        return other;
    }

    /** The assembly folder of this environment. */
    Path assemblyDirectory() {
        return out.resolve(environment);
    }

    /** Reads and validates berth.yaml; every problem goes to {@code err} and the command stops with exit 2. */
    BerthConfig load(PrintWriter err) {
        BerthConfig config = loadFile(err);
        if (config.environment(environment).isEmpty()) {
            throw new UsageFailure("berth: no environment '" + environment + "' in " + this.config + "; it has "
                    + String.join(", ", config.environments().keySet())
                    + (environment.equals(Defaults.LOCAL) ? " (local is the environment berth up runs, on this machine)" : ""));
        }
        return config;
    }

    /** As {@link #load}, for commands of the whole file rather than one environment. */
    BerthConfig loadFile(PrintWriter err) {
        BerthConfig config;
        try {
            config = BerthYaml.load(this.config);
        } catch (ConfigException e) {
            e.problems().stream().map(Problem::toString).forEach(err::println);
            throw new UsageFailure("berth: " + e.problems().size() + " problem(s) in " + this.config
                    + "; nothing was synthesized");
        }
        config.warnings().forEach(warning -> err.println("warning: " + warning));
        return config;
    }

    /** The environment's resolved model; {@link #load} has made sure it exists. */
    EnvironmentModel model(BerthConfig config) {
        return config.environment(environment).orElseThrow();
    }

    /**
     * Synthesizes the environment under the policy gate.
     *
     * @return the assembly, or null when the policy stopped it (findings printed to {@code err})
     */
    EnvironmentAssembly synthesize(BerthConfig config, PrintWriter err) {
        EnvironmentAssembly assembly = new EnvironmentAssembly(model(config), assemblyDirectory());
        try {
            assembly.synthesize();
            return assembly;
        } catch (PolicyViolationException e) {
            err.println("berth: policy check failed: " + e.findings().size() + " unacknowledged finding(s)");
            for (PolicyFinding finding : e.findings()) {
                err.println("  " + finding.severity().toUpperCase(java.util.Locale.ROOT) + " " + finding.rule()
                        + " at " + finding.constructPath());
                err.println("      " + finding.description());
            }
            err.println("Fix each finding, or acknowledge it on its construct with a reason (PolicyGate.acknowledge).");
            return null;
        }
    }

    /**
     * What deploy, diff and destroy share: validate berth.yaml, take the command's own options from it (a usage
     * error there stops before anything else), require AWS credentials, synthesize under the policy gate, then
     * run the pinned CDK CLI on the environment's stacks.
     */
    int runCdk(String verb, PrintWriter err, Function<BerthConfig, List<String>> commandOptions) {
        return runCdk(verb, err, commandOptions, true);
    }

    /** As {@link #runCdk(String, PrintWriter, Function)}; {@code nameStacks} puts the stack names on the CDK's command line. */
    int runCdk(String verb, PrintWriter err, Function<BerthConfig, List<String>> commandOptions, boolean nameStacks) {
        BerthConfig config = load(err);
        List<String> options = commandOptions.apply(config);
        AwsCredentials.require();
        EnvironmentAssembly assembly = synthesize(config, err);
        if (assembly == null) {
            return Berth.FAILED;
        }
        List<String> arguments = new ArrayList<>(nameStacks ? assembly.stackNames() : List.of());
        arguments.addAll(options);
        int exit = new CdkCli(CdkCli.berthHome(), err).run(verb, assemblyDirectory(), arguments);
        return exit == 0 ? Berth.OK : Berth.FAILED;
    }
}
