package dev.berth.cli;

import dev.berth.cli.local.LocalRun;
import dev.berth.cli.local.LocalState;
import dev.berth.cli.local.LogSink;
import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs berth.yaml's services on this machine, as on AWS.",
                "Needs no AWS account. Each service gets the variables its task definition has on AWS, valued locally:"
                        + " its own database and role on one embedded PostgreSQL (made by the same provisioner as on AWS),"
                        + " the cache's secret from a local redis-server, its bucket on moto's S3, its declared secrets from"
                        + " berth secret set local. Services run in the container engine (podman or docker), where each is"
                        + " SERVICE.PROJECT.local to the others; Spring Boot jars built in this repository run as Java"
                        + " processes when none calls another. One entry point routes paths as the load balancer does.",
                "Settings for this machine alone go under environments.local in berth.yaml. Data stays in .berth/ beside"
                        + " berth.yaml between runs. Ctrl-C stops everything in order; a second Ctrl-C forces."})
final class UpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", arity = "0..*",
            description = "The services to run, and those they call (default: every service).")
    List<String> services = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The entry point's HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "berth.yaml",
            description = "The berth.yaml to run (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the local state is kept between runs (default: .berth beside berth.yaml).")
    Path dataDirectory;

    @Option(names = "--fresh", description = "Start with empty data: the database, the cache and the buckets (the local"
            + " secrets' values stay).")
    boolean fresh;

    @Option(names = "--containers", description = "Run every service in the container engine, even a Java service that"
            + " could run as a process.")
    boolean containers;

    @Mixin
    ImageBuildOptions build;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EnvironmentOptions options = new EnvironmentOptions();
        options.config = config;
        BerthConfig berthConfig = options.loadFile(spec.commandLine().getErr());
        EnvironmentModel local = berthConfig.local();
        LocalState state = (dataDirectory != null ? new LocalState(dataDirectory.toAbsolutePath()) : LocalState.of(config)).prepared();
        if (fresh) {
            state.clearData();
        }
        LogSink log = new LogSink(spec.commandLine().getOut(), LocalRun.logNames(local), LogSink.terminal());
        LocalRun run = new LocalRun(local, new LocalRun.Settings(port, state, services,
                ContainerEngine.available(System.getenv(), spec.commandLine().getOut()), containers,
                new LocalRun.Build(build.buildArguments, build.engineOptions)), log);
        return run.run();
    }
}
