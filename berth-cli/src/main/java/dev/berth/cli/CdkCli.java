package dev.berth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pinned AWS CDK CLI (tools/cdk, aws-cdk 2.1148.1: npm's latest tag cannot read this aws-cdk-lib's
 * assemblies), installed from its lock file on first use and run on an already synthesized assembly.
 */
final class CdkCli {

    private final Path home;
    private final PrintWriter err;

    CdkCli(Path home, PrintWriter err) {
        this.home = home;
        this.err = err;
    }

    static Path berthHome() {
        return Path.of(System.getProperty("berth.home", ".")).toAbsolutePath().normalize();
    }

    Path toolDirectory() {
        return home.resolve("tools").resolve("cdk");
    }

    Path entryPoint() {
        return toolDirectory().resolve("node_modules").resolve("aws-cdk").resolve("bin").resolve("cdk");
    }

    /** Installs the pinned CLI if it is not there yet. */
    void install() {
        if (Files.isRegularFile(entryPoint())) {
            return;
        }
        if (!Files.isRegularFile(toolDirectory().resolve("package-lock.json"))) {
            throw new UsageFailure("berth: the AWS CDK CLI pin is missing (" + toolDirectory()
                    + "/package-lock.json); run berth from its repository or set -Dberth.home");
        }
        err.println("berth: installing the pinned AWS CDK CLI into " + toolDirectory() + " (npm ci)");
        err.flush();
        int exit = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", toolDirectory().toString()));
        if (exit != 0 || !Files.isRegularFile(entryPoint())) {
            throw new UsageFailure("berth: npm ci failed (exit " + exit + "); is npm installed and the registry reachable?");
        }
    }

    /** Runs {@code cdk VERB --app ASSEMBLY ARGS...} with the terminal attached; returns its exit code. */
    int run(String verb, Path assembly, List<String> arguments) {
        install();
        List<String> command = new ArrayList<>(List.of("node", entryPoint().toString(), verb,
                "--app", assembly.toAbsolutePath().toString()));
        command.addAll(arguments);
        return run(command);
    }

    private static int run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        builder.environment().put("CDK_DISABLE_VERSION_CHECK", "1");
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new UsageFailure("berth: cannot run " + command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Berth.FAILED;
        }
    }
}
