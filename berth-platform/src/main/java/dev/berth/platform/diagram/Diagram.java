package dev.berth.platform.diagram;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.TrafficGraph;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The picture of one environment that {@code berth plan} draws: what users reach (the internet, CloudFront and its
 * firewall), the VPC with its subnet tiers and what runs in each, the services around it (keys, secrets, alarms,
 * storage), and the traffic graph's flows as edges between them. Boxes hold boxes: a tier holds its resources, the
 * instances or the Kubernetes workers hold the services they run. Plumbing (roles, policies, log groups) is left out
 * unless the diagram is drawn in detail.
 *
 * @param title the environment, its zones and its range, as the drawing's heading
 * @param nodes the outermost nodes, each holding its own
 * @param edges the connections, each flow of the traffic graph on exactly one of them
 */
public record Diagram(String title, List<Node> nodes, List<Edge> edges) {

    public Diagram {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The environment's diagram; the inventory gives the counts the model does not (keys, secrets, alarms...). */
    public static Diagram of(EnvironmentModel model, TrafficGraph traffic, Inventory inventory, boolean detail) {
        return new DiagramBuilder(model, traffic, inventory, detail).build();
    }

    /** What a node stands for, which decides how it is drawn. */
    public enum Kind {
        /** The internet: the users, and what the services reach out to. */
        OUTSIDE,
        /** AWS's edge in front of the VPC: CloudFront distributions and web firewalls. */
        EDGE,
        /** The VPC, holding its subnet tiers. */
        VPC,
        /** The public subnets: load balancer and NAT gateways. */
        PUBLIC_SUBNETS,
        /** The compute subnets: the services, the instances and cluster that run them, the interface endpoints. */
        COMPUTE_SUBNETS,
        /** The data subnets: database and cache. */
        DATA_SUBNETS,
        /** Instances that run services: the ECS capacity provider's, or the Kubernetes workers. */
        HOSTS,
        /** One resource inside the VPC. */
        RESOURCE,
        /** The regional services the environment uses beside the VPC. */
        REGIONAL,
        /** One of those. */
        REGIONAL_SERVICE
    }

    /**
     * A box of the drawing.
     *
     * @param id stable and unique in the diagram: letters, digits and dashes
     * @param title its first line, drawn bold
     * @param details the lines under it
     * @param kind what it stands for
     * @param group the cost estimate's group its own cost is counted in (its name, for a service on Fargate), or null
     *     when another node's covers it (a service on the environment's instances is priced with them)
     * @param children the nodes it holds
     */
    public record Node(String id, String title, List<String> details, Kind kind, String group, List<Node> children) {

        public Node {
            Objects.requireNonNull(id, "id");
            details = List.copyOf(details);
            children = List.copyOf(children);
        }

        public boolean isContainer() {
            return !children.isEmpty();
        }

        /** Its title and details, one line each. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(title);
            lines.addAll(details);
            return lines;
        }
    }

    /** What an edge shows, which decides how it is drawn. */
    public enum EdgeKind {
        /** Flows of the traffic graph: what the security groups and network ACLs allow. */
        FLOW,
        /** Traffic no rule of ours governs: to and from AWS's edge, out through the internet gateway. */
        PATH,
        /** A web firewall in front of what it protects. */
        PROTECTS
    }

    /**
     * A connection between two nodes: all flows from one to the other on one edge, labelled with their ports.
     *
     * @param from the node it leaves
     * @param to the node it reaches
     * @param kind what it shows
     * @param label its lines: the protocols and ports (with each flow's reason, in detail); none for a firewall
     * @param flows the traffic graph's flows it draws (none for a path or a firewall)
     */
    public record Edge(String from, String to, EdgeKind kind, List<String> label, List<Flow> flows) {

        public Edge {
            label = List.copyOf(label);
            flows = List.copyOf(flows);
        }
    }

    /** Every node, each before the nodes it holds. */
    public List<Node> allNodes() {
        List<Node> all = new ArrayList<>();
        nodes.forEach(node -> collect(node, all));
        return all;
    }

    private static void collect(Node node, List<Node> into) {
        into.add(node);
        node.children().forEach(child -> collect(child, into));
    }

    /**
     * The cost estimate's groups the diagram has a node for: network, load balancer, each service on Fargate by its
     * name, database, cache, firewall, edge, front end, instances, cluster control plane, cluster workers, storage,
     * secrets, security, operations; those the environment has, in drawing order.
     */
    public List<String> nodeGroups() {
        Set<String> groups = new LinkedHashSet<>();
        allNodes().stream().map(Node::group).filter(Objects::nonNull).forEach(groups::add);
        return List.copyOf(groups);
    }
}
