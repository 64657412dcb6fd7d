package dev.berth.platform.edge;

import dev.berth.model.EdgeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;

/** The model's edge as {@link LoadBalancer.Props}, and the flows from the internet to the load balancer. */
public final class EdgeMapping {

    private EdgeMapping() {
    }

    public static LoadBalancer.Props props(EnvironmentModel model, IVpc vpc, SubnetSelection publicSubnets,
            ISecurityGroup securityGroup) {
        EdgeModel edge = model.edge();
        return LoadBalancer.Props.builder()
                .vpc(vpc)
                .subnets(publicSubnets)
                .securityGroup(securityGroup)
                .https(edge.domain(), edge.certificateArn())
                .accessLogDays(model.lifecycle().logRetention().days())
                .deletionProtection(model.lifecycle().deletionProtection())
                .build();
    }

    /**
     * Internet to the load balancer on each public port (80, and 443 with a domain); with blue/green releases, the VPC
     * to the test listener.
     */
    public static List<Flow> flows(EnvironmentModel model) {
        List<Flow> flows = new ArrayList<>(model.edge().publicPorts().stream()
                .map(port -> Flow.tcp(Zone.INTERNET, LoadBalancer.ZONE, port, "Internet to the load balancer on " + port))
                .toList());
        if (model.delivery().blueGreen()) {
            flows.add(Flow.tcp(Zone.VPC, LoadBalancer.ZONE, LoadBalancer.testPort(model.edge().https()),
                    "Test traffic to a blue/green release's new tasks, from inside the VPC"));
        }
        return flows;
    }
}
