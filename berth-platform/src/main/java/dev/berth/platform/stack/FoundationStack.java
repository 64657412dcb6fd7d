package dev.berth.platform.stack;

import dev.berth.config.BerthConfig;
import dev.berth.config.Environment;
import dev.berth.config.ServiceSpec;
import dev.berth.platform.LogRetention;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.network.Network;
import dev.berth.platform.network.NetworkProps;
import dev.berth.platform.network.SecurityGroupChain;
import dev.berth.platform.security.EnvironmentKey;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * What every other stack of an environment stands on and what outlives redeploys: the environment key,
 * the network and the security-group chain. Keeping all groups here lets the data and app stacks refer to
 * them without a dependency cycle.
 */
public final class FoundationStack extends Stack {

    private final EnvironmentKey key;
    private final Network network;
    private final SecurityGroupChain securityGroups;

    public FoundationStack(Construct scope, String id, StackProps props, BerthConfig config, Environment environment) {
        super(scope, id, props);
        List<Integer> servicePorts = config.services().stream().map(ServiceSpec::port).distinct().toList();
        this.key = new EnvironmentKey(this, "EnvironmentKey",
                new EnvironmentKey.Props(config.project() + "-" + environment.name(), environment.deletionProtection()));
        this.network = new Network(this, "Network", NetworkProps.builder()
                .cidr(environment.cidr())
                .azs(environment.azs())
                .availabilityZones(environment.availabilityZones())
                .nat(environment.nat())
                .interfaceEndpoints(environment.interfaceEndpoints())
                .servicePorts(servicePorts)
                .dataPorts(List.of(SecurityGroupChain.POSTGRES_PORT))
                .flowLogRetention(LogRetention.of(environment.logRetentionDays()))
                .encryptionKey(key.getKey())
                .build());
        this.securityGroups = new SecurityGroupChain(this, "SecurityGroups", new SecurityGroupChain.Props(
                network.getVpc(), LoadBalancer.publicPorts(environment.servesHttps()), servicePorts));
    }

    public EnvironmentKey getKey() {
        return key;
    }

    public Network getNetwork() {
        return network;
    }

    public SecurityGroupChain getSecurityGroups() {
        return securityGroups;
    }
}
