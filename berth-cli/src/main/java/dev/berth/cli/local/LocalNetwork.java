package dev.berth.cli.local;

import dev.berth.cli.ContainerEngine;
import dev.berth.cli.UsageFailure;

/**
 * The container engine's network of a project's local run, {@code berth-PROJECT}: its containers find each other by
 * name on it, and reach this machine at its gateway.
 *
 * @param name the network's name
 * @param subnet its range (CIDR), which PostgreSQL admits with passwords
 * @param gateway this machine's address on it
 */
record LocalNetwork(String name, String subnet, String gateway) {

    /** The project's network, made when missing; refused when the engine resolves no names on it. */
    static LocalNetwork ensure(ContainerEngine engine, String project) {
        String name = "berth-" + project;
        if (!engine.output("network", "ls", "--format", "{{.Name}}").lines().toList().contains(name)) {
            engine.output("network", "create", name);
        }
        String[] inspected = engine.output("network", "inspect", name, "--format", engine.isPodman()
                ? "{{range .Subnets}}{{.Subnet}} {{.Gateway}} {{end}}{{.DNSEnabled}}"
                // Docker's own networks always resolve their containers' names.
                : "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}} {{end}}true").split("\\s+");
        if (inspected.length < 3) {
            throw new UsageFailure("berth: " + engine.name() + "'s network " + name + " has no IPv4 range and gateway; remove it ("
                    + engine.name() + " network rm " + name + ") and run berth up again");
        }
        if (!Boolean.parseBoolean(inspected[inspected.length - 1])) {
            throw new UsageFailure("berth: " + engine.name() + "'s network " + name + " resolves no names, so services could not"
                    + " call each other as SERVICE." + project + ".local: install aardvark-dns (netavark networks) or"
                    + " golang-github-containernetworking-plugin-dnsname (CNI networks), then " + engine.name() + " network rm " + name);
        }
        return new LocalNetwork(name, inspected[0], inspected[1]);
    }

    /** Removed once its containers are gone; a network another run still uses is left. */
    void remove(ContainerEngine engine) {
        try {
            engine.output("network", "rm", name);
        } catch (ContainerEngine.EngineFailure inUse) {
            // another run's containers are on it
        }
    }
}
