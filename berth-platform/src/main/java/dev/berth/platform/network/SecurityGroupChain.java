package dev.berth.platform.network;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * The security groups of the architecture as one chain, internet → load balancer → compute → database,
 * and nothing else: no group allows all outbound traffic, every rule names its peer.
 */
public final class SecurityGroupChain extends Construct {

    public static final int POSTGRES_PORT = 5432;

    /**
     * @param vpc the VPC the groups belong to
     * @param publicPorts ports the load balancer listens on for the internet (80 and/or 443)
     * @param servicePorts ports tasks listen on
     */
    public record Props(IVpc vpc, List<Integer> publicPorts, List<Integer> servicePorts) {
    }

    private final SecurityGroup loadBalancer;
    private final SecurityGroup compute;
    private final SecurityGroup database;

    public SecurityGroupChain(Construct scope, String id, Props props) {
        super(scope, id);
        this.loadBalancer = group("LoadBalancer", props, "Load balancer: the only entry point from the internet");
        this.compute = group("Compute", props, "Tasks: reached only by the load balancer");
        this.database = group("Database", props, "PostgreSQL: reached only by tasks");

        for (int port : props.publicPorts()) {
            loadBalancer.addIngressRule(Peer.anyIpv4(), Port.tcp(port), "Internet to the load balancer on " + port);
        }
        for (int port : props.servicePorts()) {
            loadBalancer.getConnections().allowTo(compute, Port.tcp(port), "Load balancer to tasks on " + port);
        }
        compute.getConnections().allowTo(database, Port.tcp(POSTGRES_PORT), "Tasks to PostgreSQL");
        // AWS APIs (ECR, Logs, Secrets Manager) through endpoints or NAT, and external HTTPS APIs through NAT.
        compute.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs and the internet");
        PolicyGate.acknowledge(loadBalancer, "AwsSolutions-EC23", "The internet-facing load balancer is the"
                + " architecture's one public entry point: it admits only its listener ports (80 redirect, 443) from"
                + " anywhere, and reaches nothing but the tasks' ports.");
    }

    private SecurityGroup group(String id, Props props, String description) {
        return SecurityGroup.Builder.create(this, id)
                .vpc(props.vpc())
                .description(description)
                .allowAllOutbound(false)
                .build();
    }

    public SecurityGroup getLoadBalancer() {
        return loadBalancer;
    }

    public SecurityGroup getCompute() {
        return compute;
    }

    public SecurityGroup getDatabase() {
        return database;
    }
}
