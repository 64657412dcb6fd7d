package dev.berth.platform.network;

import java.util.Objects;
import java.util.Optional;

/**
 * A place traffic flows from or to: the internet, CloudFront, any address of the VPC, or a group of resources that
 * share one security group and live in one subnet tier (the load balancer, the tasks, the database...).
 *
 * @param name how the graph and {@code berth plan} name it; a group's construct id
 * @param kind what it stands for
 * @param tier the subnet tier a group lives in (null for the internet and the VPC)
 * @param description the security group's description
 * @param exposure why a group may be reached from the internet, or null when it must not be
 */
public record Zone(String name, Kind kind, SubnetTier tier, String description, String exposure) {

    public enum Kind {
        /** Any IPv4 address. */
        INTERNET,
        /** CloudFront's servers: its viewer side for users, its origin-facing side (AWS's managed prefix list) for the VPC. */
        CLOUDFRONT,
        /** Any address of the VPC's range. */
        VPC,
        /** The members of one security group. */
        GROUP
    }

    public static final Zone INTERNET = new Zone("internet", Kind.INTERNET, null, "", null);
    public static final Zone VPC = new Zone("vpc", Kind.VPC, null, "", null);
    public static final Zone CLOUDFRONT = new Zone("cloudfront", Kind.CLOUDFRONT, null, "", null);

    public Zone {
        Objects.requireNonNull(name, "name");
        if (kind == Kind.GROUP) {
            Objects.requireNonNull(tier, "a group's tier");
        }
    }

    /** A security group of the architecture that the internet must not reach. */
    public static Zone group(String name, SubnetTier tier, String description) {
        return new Zone(name, Kind.GROUP, tier, description, null);
    }

    /** A security group the internet reaches, with the reason it may. */
    public static Zone publicGroup(String name, SubnetTier tier, String description, String exposure) {
        return new Zone(name, Kind.GROUP, tier, description, Objects.requireNonNull(exposure, "exposure"));
    }

    public boolean isGroup() {
        return kind == Kind.GROUP;
    }

    /** Outside the VPC and not the internet: a flow between it and the internet is the edge's, no rule of ours. */
    public boolean isEdge() {
        return kind == Kind.CLOUDFRONT;
    }

    public Optional<String> exposureReason() {
        return Optional.ofNullable(exposure);
    }

    @Override
    public String toString() {
        return name;
    }
}
