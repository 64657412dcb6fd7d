package dev.berth.platform.network;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.NetworkModel;
import dev.berth.platform.Retention;
import java.util.List;
import software.amazon.awscdk.services.kms.IKey;

/** The model's network as {@link NetworkProps}, and the flows the network itself adds to the traffic graph. */
public final class NetworkMapping {

    private NetworkMapping() {
    }

    public static NetworkProps props(EnvironmentModel model, IKey encryptionKey, TrafficGraph traffic) {
        NetworkModel network = model.network();
        return NetworkProps.builder()
                .cidr(network.cidr().toString())
                .availabilityZones(network.zones())
                .natGateways(network.natGateways())
                .interfaceEndpoints(network.interfaceEndpoints())
                .flowLogRetention(Retention.of(model.lifecycle().logRetention()))
                .encryptionKey(encryptionKey)
                .traffic(traffic)
                .build();
    }

    public static List<Flow> flows(EnvironmentModel model) {
        return model.network().interfaceEndpoints() ? List.of(Network.ENDPOINT_ACCESS) : List.of();
    }
}
