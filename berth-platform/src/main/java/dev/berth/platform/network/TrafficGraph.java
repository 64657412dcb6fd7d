package dev.berth.platform.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every connection the environment allows, as one graph each feature adds its flows to. Security groups and
 * network ACLs are both generated from it, and {@code berth plan} prints it, so what is shown, what the groups
 * allow and what the subnets admit cannot disagree.
 */
public final class TrafficGraph {

    private final List<Flow> flows;

    /** @throws IllegalArgumentException when two flows allow one connection for different reasons: EC2 takes one rule */
    public TrafficGraph(List<Flow> flows) {
        this.flows = List.copyOf(new LinkedHashSet<>(flows));
        Map<List<Object>, Flow> connections = new HashMap<>();
        for (Flow flow : this.flows) {
            Flow before = connections.putIfAbsent(List.of(flow.from(), flow.to(), flow.protocol(), flow.port()), flow);
            if (before != null) {
                throw new IllegalArgumentException("two flows allow one connection, and a security group takes one rule for it: "
                        + before + " and " + flow);
            }
        }
    }

    public List<Flow> flows() {
        return flows;
    }

    /** The groups that flows join, in the order they first appear. */
    public List<Zone> groups() {
        Set<Zone> groups = new LinkedHashSet<>();
        for (Flow flow : flows) {
            if (flow.from().isGroup()) {
                groups.add(flow.from());
            }
            if (flow.to().isGroup()) {
                groups.add(flow.to());
            }
        }
        return new ArrayList<>(groups);
    }

    /**
     * The flows in the order a request travels: from the internet (and the VPC) inwards, by how many hops their
     * source is from the outside; flows at the same depth keep the order they were added in.
     */
    public List<Flow> fromTheOutside() {
        Map<Zone, Integer> depth = new HashMap<>();
        depth.put(Zone.INTERNET, 0);
        depth.put(Zone.VPC, 0);
        depth.put(Zone.CLOUDFRONT, 1);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Flow flow : flows) {
                Integer from = depth.get(flow.from());
                if (from != null && depth.getOrDefault(flow.to(), Integer.MAX_VALUE) > from + 1 && flow.to().isGroup()) {
                    depth.put(flow.to(), from + 1);
                    changed = true;
                }
            }
        }
        return flows.stream().sorted(Comparator.comparingInt(flow -> depth.getOrDefault(flow.from(), Integer.MAX_VALUE))).toList();
    }

    public List<Flow> into(Zone zone) {
        return flows.stream().filter(flow -> flow.to().equals(zone)).toList();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        flows.forEach(flow -> out.append(flow).append('\n'));
        return out.toString();
    }
}
