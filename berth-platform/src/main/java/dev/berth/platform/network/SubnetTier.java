package dev.berth.platform.network;

/** The three subnet tiers of every AZ; the name is the CDK subnet group's. */
public enum SubnetTier {
    /** Load balancer and NAT gateways: the only tier with a route from the internet. */
    PUBLIC("public"),
    /** Tasks and interface endpoints; out through NAT, or only to endpoints without it. */
    COMPUTE("compute"),
    /** Database and cache: no route out at all. */
    DATA("data");

    private final String groupName;

    SubnetTier(String groupName) {
        this.groupName = groupName;
    }

    public String groupName() {
        return groupName;
    }
}
