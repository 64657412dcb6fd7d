package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.edge.CloudFrontPrefixList;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Network;
import dev.berth.platform.network.NetworkMapping;
import dev.berth.platform.network.SecurityGroups;
import dev.berth.platform.network.Zone;
import dev.berth.platform.security.EnvironmentKey;
import dev.berth.platform.security.SecurityMapping;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.amazon.awscdk.services.ec2.ISecurityGroup;

/**
 * What every other layer stands on and what outlives redeploys: the environment key, the network and a security
 * group per group of the traffic graph. Holding every group here lets the other stacks refer to them without a
 * dependency cycle.
 */
public final class FoundationLayer implements Layer {

    @Override
    public String name() {
        return "foundation";
    }

    @Override
    public List<Flow> flows(EnvironmentModel model) {
        return NetworkMapping.flows(model);
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        EnvironmentKey key = new EnvironmentKey(stack, "EnvironmentKey", SecurityMapping.keyProps(model));
        Network network = new Network(stack, "Network", NetworkMapping.props(model, key.getKey(), outputs.traffic()));
        Map<Zone, ISecurityGroup> existing = network.getEndpointSecurityGroup()
                .<Map<Zone, ISecurityGroup>>map(group -> Map.of(Network.ENDPOINTS, group)).orElse(Map.of());
        boolean fromCloudFront = outputs.traffic().flows().stream().anyMatch(flow -> flow.from().equals(Zone.CLOUDFRONT) && flow.inVpc());
        SecurityGroups groups = new SecurityGroups(stack, "SecurityGroups", SecurityGroups.Props.builder()
                .vpc(network.getVpc())
                .vpcCidr(network.getCidr())
                .traffic(outputs.traffic())
                .existing(existing)
                .cloudFrontPrefixList(fromCloudFront ? new CloudFrontPrefixList(stack, "CloudFrontOrigins").getPrefixListId() : null)
                .build());
        // Services find each other as SERVICE.PROJECT.local; the data layer names its read replicas' address here too.
        PrivateDnsNamespace namespace = PrivateDnsNamespace.Builder.create(stack, "Namespace")
                .name(model.naming().serviceNamespace())
                .vpc(network.getVpc())
                .description("Services of " + model.naming().prefix())
                .build();
        outputs.publish(new Foundation(key.getKey(), network.getVpc(),
                new Foundation.Subnets(network.publicSubnets(), network.computeSubnets(), network.dataSubnets()), groups, namespace));
    }
}
