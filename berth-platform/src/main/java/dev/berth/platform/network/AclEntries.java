package dev.berth.platform.network;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The network ACL entries the traffic graph needs, per subnet tier and direction. ACLs are stateless, so each
 * flow opens its port one way and the ephemeral ports of its replies the other way, on both tiers it crosses;
 * traffic to the internet also crosses the public tier where NAT gateways forward it. Everything else falls to
 * the ACLs' implicit deny.
 */
final class AclEntries {

    static final String ANYWHERE = "0.0.0.0/0";
    static final int EPHEMERAL_FROM = 1024;
    static final int EPHEMERAL_TO = 65535;
    /** Entries per direction an ACL takes by default (a quota AWS can raise). */
    static final int LIMIT = 20;

    /**
     * One allow entry.
     *
     * @param cidr the other side: source when inbound, destination when outbound
     * @param protocol TCP or UDP
     * @param fromPort the lowest destination port
     * @param toPort the highest destination port
     */
    record Entry(String cidr, Flow.Protocol protocol, int fromPort, int toPort) {
    }

    /** The entries of one tier's ACL. */
    record TierEntries(List<Entry> inbound, List<Entry> outbound) {
    }

    private final Map<SubnetTier, List<String>> tierCidrs;
    private final String vpcCidr;
    private final boolean nat;
    private final Map<SubnetTier, TierEntries> entries = new EnumMap<>(SubnetTier.class);

    /**
     * @param tierCidrs each tier's subnet ranges
     * @param vpcCidr the VPC's range
     * @param nat whether NAT gateways in the public tier forward traffic to the internet
     */
    AclEntries(Map<SubnetTier, List<String>> tierCidrs, String vpcCidr, boolean nat) {
        this.tierCidrs = tierCidrs;
        this.vpcCidr = vpcCidr;
        this.nat = nat;
        for (SubnetTier tier : SubnetTier.values()) {
            entries.put(tier, new TierEntries(new ArrayList<>(), new ArrayList<>()));
        }
    }

    static Map<SubnetTier, TierEntries> of(TrafficGraph traffic, Map<SubnetTier, List<String>> tierCidrs, String vpcCidr, boolean nat) {
        AclEntries acl = new AclEntries(tierCidrs, vpcCidr, nat);
        traffic.flows().stream().filter(Flow::inVpc).forEach(acl::add);
        acl.entries.replaceAll((tier, both) -> new TierEntries(withoutCovered(both.inbound()), withoutCovered(both.outbound())));
        acl.entries.forEach((tier, both) -> {
            if (both.inbound().size() > LIMIT || both.outbound().size() > LIMIT) {
                throw new IllegalStateException("the " + tier.groupName() + " subnets' network ACL needs more than " + LIMIT
                        + " entries in one direction (" + both.inbound().size() + " in, " + both.outbound().size()
                        + " out): use fewer distinct service ports");
            }
        });
        return acl.entries;
    }

    private void add(Flow flow) {
        Zone from = flow.from();
        Zone to = flow.to();
        if (from.isGroup() && to.isGroup() && from.tier() == to.tier()) {
            // Within one tier (the Kubernetes nodes to each other): the VPC's range, one entry a port instead of one a
            // zone, or three zones' cluster ports would pass an ACL's 20 entries; the groups admit the tier's members alone.
            connect(from.tier(), List.of(vpcCidr), to.tier(), List.of(vpcCidr), flow);
        } else if (from.isGroup() && to.isGroup()) {
            connect(from.tier(), tierCidrs.get(from.tier()), to.tier(), tierCidrs.get(to.tier()), flow);
        } else if (to.isGroup()) {
            // CloudFront's origin-facing addresses are a prefix list, which network ACLs cannot name: its security
            // group rule narrows what this entry admits.
            String source = from.kind() == Zone.Kind.VPC ? vpcCidr : ANYWHERE;
            accept(to.tier(), List.of(source), flow);
        } else if (to.kind() == Zone.Kind.INTERNET) {
            // Anywhere, also without NAT: the routes decide where it can go, and S3 (ECR's image layers, through the
            // gateway endpoint) has public addresses that no narrower range covers.
            send(from.tier(), List.of(ANYWHERE), flow);
            if (nat && from.tier() != SubnetTier.PUBLIC) {
                accept(SubnetTier.PUBLIC, tierCidrs.get(from.tier()), flow);
                send(SubnetTier.PUBLIC, List.of(ANYWHERE), flow);
            }
        } else {
            send(from.tier(), List.of(vpcCidr), flow);
        }
    }

    /** From one tier's subnets to another's: out and in on the port, the replies back (TCP's). */
    private void connect(SubnetTier fromTier, List<String> fromCidrs, SubnetTier toTier, List<String> toCidrs, Flow flow) {
        for (String cidr : toCidrs) {
            entries.get(fromTier).outbound().add(entry(cidr, flow));
        }
        for (String cidr : fromCidrs) {
            entries.get(toTier).inbound().add(entry(cidr, flow));
        }
        for (String cidr : fromCidrs) {
            reply(entries.get(toTier).outbound(), cidr, flow);
        }
        for (String cidr : toCidrs) {
            reply(entries.get(fromTier).inbound(), cidr, flow);
        }
    }

    /** The flow's own port, to or from {@code cidr}. */
    private static Entry entry(String cidr, Flow flow) {
        return new Entry(cidr, flow.protocol(), flow.port(), flow.port());
    }

    /** The ephemeral ports a TCP connection's replies come back on; UDP flows have none (each direction is a flow). */
    private static void reply(List<Entry> direction, String cidr, Flow flow) {
        if (flow.protocol() == Flow.Protocol.TCP) {
            direction.add(new Entry(cidr, Flow.Protocol.TCP, EPHEMERAL_FROM, EPHEMERAL_TO));
        }
    }

    /** Into a tier from sources outside the graph's groups, with the replies back to them. */
    private void accept(SubnetTier tier, List<String> sources, Flow flow) {
        for (String cidr : sources) {
            entries.get(tier).inbound().add(entry(cidr, flow));
            reply(entries.get(tier).outbound(), cidr, flow);
        }
    }

    /** Out of a tier to destinations outside the graph's groups, with the replies back. */
    private void send(SubnetTier tier, List<String> destinations, Flow flow) {
        for (String cidr : destinations) {
            entries.get(tier).outbound().add(entry(cidr, flow));
            reply(entries.get(tier).inbound(), cidr, flow);
        }
    }

    /** Drops repeats and entries that an entry for anywhere on the same ports already allows. */
    private static List<Entry> withoutCovered(List<Entry> entries) {
        List<Entry> kept = new ArrayList<>();
        for (Entry entry : entries) {
            boolean covered = entries.stream().anyMatch(other -> other.cidr().equals(ANYWHERE) && !entry.cidr().equals(ANYWHERE)
                    && other.protocol() == entry.protocol() && other.fromPort() == entry.fromPort() && other.toPort() == entry.toPort());
            if (!covered && !kept.contains(entry)) {
                kept.add(entry);
            }
        }
        return kept;
    }
}
