package dev.berth.cli.local;

import dev.berth.cli.ContainerEngine;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service run in the container engine, as its task runs on AWS: its image, its port, its variables. On the local
 * run's network it is {@code SERVICE.PROJECT.local} to the others, as Cloud Map names it; this machine reaches it on a
 * port published on the loopback alone. The variables' values reach the engine through its environment, never its
 * command line ({@code --env NAME}).
 */
final class ContainerService implements RunningService {

    /** The label every container of a project's local run carries, by which a run cleans up after one that was killed. */
    static final String PROJECT_LABEL = "dev.berth.project";

    private final String name;
    private final String container;
    private final ContainerEngine engine;
    private final LocalProcess client;
    private final int port;

    private ContainerService(String name, String container, ContainerEngine engine, LocalProcess client, int port) {
        this.name = name;
        this.container = container;
        this.engine = engine;
        this.client = client;
        this.port = port;
    }

    /**
     * What a container needs beside its service.
     *
     * @param network the local run's network
     * @param hostAlias the name the containers reach this machine by, and its address on the network
     * @param project the project, its label and its Cloud Map namespace's first part
     */
    record Placement(LocalNetwork network, String hostAlias, String project) {
    }

    static ContainerService start(ContainerEngine engine, Placement placement, Workload workload, LogSink log) throws IOException {
        String container = containerName(placement.project(), workload.name());
        int published = FreePort.any();
        List<String> command = new ArrayList<>(List.of(engine.name(), "run", "--rm", "--name", container,
                "--label", PROJECT_LABEL + "=" + placement.project(),
                "--network", placement.network().name(),
                "--network-alias", workload.name() + "." + placement.project() + ".local",
                "--add-host", placement.hostAlias() + ":" + placement.network().gateway(),
                "--publish", "127.0.0.1:" + published + ":" + workload.port()));
        workload.variables().keySet().forEach(variable -> command.addAll(List.of("--env", variable)));
        command.add(workload.image());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(workload.variables());
        return new ContainerService(workload.name(), container, engine, LocalProcess.start(builder, workload.name(), log, null), published);
    }

    /**
     * A service's container as it is to run.
     *
     * @param name the service
     * @param image the image, built or found locally
     * @param port the port the app listens on in the container
     * @param variables its environment
     */
    record Workload(String name, String image, int port, Map<String, String> variables) {
    }

    static String containerName(String project, String service) {
        return "berth-" + project + "-" + service;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI address() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public boolean alive() {
        return client.alive();
    }

    /** The engine's stop: SIGTERM to the app, SIGKILL after the grace; the container is removed as it ends (--rm). */
    @Override
    public void stop(Duration grace) {
        try {
            engine.output("stop", "--time", Long.toString(grace.toSeconds()), container);
        } catch (ContainerEngine.EngineFailure alreadyGone) {
            // it ended by itself
        }
        client.awaitExit(Duration.ofSeconds(15));
    }

    @Override
    public void kill() {
        try {
            engine.output("rm", "--force", container);
        } catch (ContainerEngine.EngineFailure alreadyGone) {
            // removed already
        }
        client.kill();
    }
}
