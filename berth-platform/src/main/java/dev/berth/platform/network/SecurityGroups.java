package dev.berth.platform.network;

import dev.berth.platform.policy.PolicyGate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * One security group per group of the traffic graph, with exactly the graph's flows as rules: no group allows
 * all outbound traffic, every rule names its peer and its reason. A group the internet reaches must say why
 * ({@link Zone#exposure()}); that reason acknowledges the policy finding such a group raises.
 */
public final class SecurityGroups extends Construct {

    /**
     * What {@link SecurityGroups} needs.
     *
     * @param vpc the VPC the groups belong to
     * @param vpcCidr the VPC's range, the peer of flows from or to {@link Zone#VPC}
     * @param traffic the flows to allow
     * @param existing groups made elsewhere (the interface endpoints' group): they get their rules here too
     * @param cloudFrontPrefixList CloudFront's origin-facing managed prefix list, the peer of flows from
     *     {@link Zone#CLOUDFRONT}; null where no flow comes from CloudFront
     */
    public record Props(IVpc vpc, String vpcCidr, TrafficGraph traffic, Map<Zone, ISecurityGroup> existing,
            String cloudFrontPrefixList) {

        public Props {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(vpcCidr, "vpcCidr");
            Objects.requireNonNull(traffic, "traffic");
            existing = Map.copyOf(existing);
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IVpc vpc;
            private String vpcCidr;
            private TrafficGraph traffic;
            private Map<Zone, ISecurityGroup> existing = Map.of();
            private String cloudFrontPrefixList;

            public Builder vpc(IVpc vpc) {
                this.vpc = vpc;
                return this;
            }

            public Builder vpcCidr(String vpcCidr) {
                this.vpcCidr = vpcCidr;
                return this;
            }

            public Builder traffic(TrafficGraph traffic) {
                this.traffic = traffic;
                return this;
            }

            /** Default: none; every group of the graph is created here. */
            public Builder existing(Map<Zone, ISecurityGroup> existing) {
                this.existing = existing;
                return this;
            }

            /** Default: none; required when a flow comes from CloudFront. */
            public Builder cloudFrontPrefixList(String cloudFrontPrefixList) {
                this.cloudFrontPrefixList = cloudFrontPrefixList;
                return this;
            }

            public Props build() {
                return new Props(vpc, vpcCidr, traffic, existing, cloudFrontPrefixList);
            }
        }
    }

    private final Map<Zone, ISecurityGroup> groups = new LinkedHashMap<>();

    public SecurityGroups(Construct scope, String id, Props props) {
        super(scope, id);
        for (Zone zone : props.traffic().groups()) {
            groups.put(zone, props.existing().containsKey(zone) ? props.existing().get(zone)
                    : SecurityGroup.Builder.create(this, zone.name())
                            .vpc(props.vpc())
                            .description(zone.description())
                            .allowAllOutbound(false)
                            .build());
        }
        for (Flow flow : props.traffic().flows().stream().filter(Flow::inVpc).toList()) {
            Port port = flow.protocol() == Flow.Protocol.UDP ? Port.udp(flow.port()) : Port.tcp(flow.port());
            if (flow.from().equals(flow.to())) {
                // Between members of one group (the Kubernetes workers): Connections.allowTo would add the egress alone.
                ISecurityGroup group = groups.get(flow.from());
                group.addEgressRule(group, port, flow.why());
                group.addIngressRule(group, port, flow.why());
            } else if (flow.from().isGroup() && flow.to().isGroup()) {
                groups.get(flow.from()).getConnections().allowTo(groups.get(flow.to()), port, flow.why());
            } else if (flow.to().isGroup()) {
                groups.get(flow.to()).addIngressRule(peer(flow.from(), props), port, flow.why());
            } else {
                groups.get(flow.from()).addEgressRule(peer(flow.to(), props), port, flow.why());
            }
        }
        for (Zone zone : groups.keySet()) {
            if (props.traffic().into(zone).stream().anyMatch(flow -> flow.from().equals(Zone.INTERNET))) {
                String reason = zone.exposureReason().orElseThrow(() -> new IllegalStateException("the internet reaches "
                        + zone + ", which does not say why it may (Zone.publicGroup)"));
                PolicyGate.acknowledge(groups.get(zone), "AwsSolutions-EC23", reason);
            }
        }
    }

    private static IPeer peer(Zone zone, Props props) {
        return switch (zone.kind()) {
            case INTERNET -> Peer.anyIpv4();
            case VPC -> Peer.ipv4(props.vpcCidr());
            case CLOUDFRONT -> Peer.prefixList(Objects.requireNonNull(props.cloudFrontPrefixList(),
                    "a flow comes from CloudFront: the props need its origin-facing prefix list"));
            case GROUP -> throw new IllegalArgumentException("a group is not a CIDR peer: " + zone);
        };
    }

    /** The security group of a group zone of the graph. */
    public ISecurityGroup group(Zone zone) {
        ISecurityGroup group = groups.get(zone);
        if (group == null) {
            throw new IllegalArgumentException("no flow joins " + zone + ": it has no security group");
        }
        return group;
    }

    public Map<Zone, ISecurityGroup> all() {
        return Map.copyOf(groups);
    }
}
