package dev.berth.platform.network;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One allowed connection of the architecture: TCP (or UDP) from one zone to another on a port, and why it exists. The
 * reason becomes the security-group rule's description. A flow that joins no group (the internet to CloudFront)
 * happens outside the VPC: it is shown, and no rule of ours allows it.
 */
public record Flow(Zone from, Zone to, Protocol protocol, int port, String why) {

    public enum Protocol {
        TCP,
        /** Datagrams: no connection, so no reply entries in the network ACLs; each direction is a flow of its own. */
        UDP;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What EC2 takes in a security-group rule's description, 255 characters at most. */
    static final Pattern RULE_DESCRIPTION = Pattern.compile("[a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*]{1,255}");

    public Flow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a port");
        }
        if (!from.isGroup() && !to.isGroup() && !from.isEdge() && !to.isEdge()) {
            throw new IllegalArgumentException("a flow joins at least one group or the edge: " + from + " → " + to);
        }
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("the flow " + from + " → " + to + " on " + port + " needs a reason");
        }
        if (!RULE_DESCRIPTION.matcher(why).matches()) {
            throw new IllegalArgumentException("the reason of the flow " + from + " → " + to + " becomes a security-group rule's"
                    + " description, which takes letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only (no apostrophe): " + why);
        }
    }

    public static Flow tcp(Zone from, Zone to, int port, String why) {
        return new Flow(from, to, Protocol.TCP, port, why);
    }

    public static Flow udp(Zone from, Zone to, int port, String why) {
        return new Flow(from, to, Protocol.UDP, port, why);
    }

    /** Whether it happens inside the VPC, where security groups and network ACLs allow it. */
    public boolean inVpc() {
        return from.isGroup() || to.isGroup();
    }

    @Override
    public String toString() {
        return String.format("%-14s → %-14s %s %-5d %s", from, to, protocol, port, why);
    }
}
