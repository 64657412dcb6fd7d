package dev.berth.model;

import java.util.List;

/**
 * The environment's VPC.
 *
 * @param cidr the VPC's IPv4 block
 * @param zones the availability zones, resolved (named in berth.yaml, or the region's first ones by letter)
 * @param nat how compute subnets reach the internet
 * @param interfaceEndpoints whether ECR, Logs, Secrets Manager, SSM and KMS interface endpoints exist
 */
public record NetworkModel(Cidr cidr, List<String> zones, NatMode nat, boolean interfaceEndpoints) implements ModelPart {

    public NetworkModel {
        zones = List.copyOf(zones);
    }

    /** NAT gateways to create: none, one for all zones, or one per zone. */
    public int natGateways() {
        return switch (nat) {
            case NONE -> 0;
            case SINGLE -> 1;
            case PER_AZ -> zones.size();
        };
    }

    /**
     * The zones a region's accounts have by default, by letter: deterministic without an account lookup, so any
     * account synthesizes the same template.
     */
    public static List<String> defaultZones(String region, int count) {
        List<String> suffixes = region.equals("ap-northeast-1") ? List.of("a", "c", "d") : List.of("a", "b", "c");
        return suffixes.subList(0, count).stream().map(suffix -> region + suffix).toList();
    }
}
