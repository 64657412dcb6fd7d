package dev.berth.platform.diagram;

import dev.berth.model.CacheModel;
import dev.berth.model.DatabaseModel;
import dev.berth.model.EdgeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.GatewayModel;
import dev.berth.model.InstanceType;
import dev.berth.model.KubernetesCluster;
import dev.berth.model.ComputeModel;
import dev.berth.model.NetworkModel;
import dev.berth.model.NodeGroup;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.Sites;
import dev.berth.platform.compute.AppRunnerMapping;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.data.Cache;
import dev.berth.platform.data.DataProvisioner;
import dev.berth.platform.data.Database;
import dev.berth.platform.diagram.Diagram.Edge;
import dev.berth.platform.diagram.Diagram.EdgeKind;
import dev.berth.platform.diagram.Diagram.Kind;
import dev.berth.platform.diagram.Diagram.Node;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.gateway.GatewayMapping;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.kubernetes.SelfManagedCluster;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Network;
import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.TrafficGraph;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Makes an environment's {@link Diagram}: one box per group of the traffic graph, in its tier, described from the model. */
final class DiagramBuilder {

    private static final String INTERNET = "internet";
    private static final String EGRESS = "egress";
    private static final String CLOUDFRONT = "cloudfront";
    private static final String VPC_RANGE = "vpc-range";
    private static final String LOAD_BALANCER = "load-balancer";

    private final EnvironmentModel model;
    private final TrafficGraph traffic;
    private final Inventory inventory;
    private final boolean detail;
    /** The node each group of the traffic graph is drawn as, by the group's name. */
    private final Map<String, String> groupNodes = new LinkedHashMap<>();
    private final Map<SubnetTier, List<Node>> tiers = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    DiagramBuilder(EnvironmentModel model, TrafficGraph traffic, Inventory inventory, boolean detail) {
        this.model = model;
        this.traffic = traffic;
        this.inventory = inventory;
        this.detail = detail;
        for (SubnetTier tier : SubnetTier.values()) {
            tiers.put(tier, new ArrayList<>());
        }
    }

    Diagram build() {
        NetworkModel network = model.network();
        publicTier(network);
        computeTier();
        dataTier();
        for (Zone group : traffic.groups()) {
            if (!groupNodes.containsKey(group.name())) {
                // A group this builder does not know yet is still drawn, by its name and description, in its tier.
                tiers.get(group.tier()).add(inGroup(group, new Node("group-" + id(group.name()), group.name(),
                        List.of(group.description()), Kind.RESOURCE, null, List.of())));
            }
        }
        List<Node> nodes = new ArrayList<>();
        if (uses(Zone.INTERNET, true) || !sites().isEmpty() || !renderedSites().isEmpty()) {
            nodes.add(new Node(INTERNET, "Internet", List.of("users"), Kind.OUTSIDE, null, List.of()));
        }
        nodes.addAll(edgeServices());
        nodes.add(vpc(network));
        if (uses(Zone.INTERNET, false)) {
            nodes.add(egress(network.natGateways()));
        }
        regional().ifPresent(nodes::add);
        flowEdges();
        String title = model.naming().project() + " " + model.name() + " — " + network.zones().size() + " AZs, " + network.cidr();
        return new Diagram(title, nodes, edges);
    }

    /** What the services reach out to: the internet through NAT, or AWS's APIs alone through the endpoints without it. */
    private static Node egress(int natGateways) {
        if (natGateways == 0) {
            return new Node(EGRESS, "AWS APIs", List.of("through the VPC endpoints alone"), Kind.OUTSIDE, null, List.of());
        }
        String through = natGateways == 1 ? "through the NAT gateway" : "through " + natGateways + " NAT gateways";
        return new Node(EGRESS, "Internet and AWS APIs", List.of(through), Kind.OUTSIDE, null, List.of());
    }

    private void publicTier(NetworkModel network) {
        if (inGraph(LoadBalancer.ZONE)) {
            EdgeModel edge = model.edge();
            List<String> details = new ArrayList<>();
            details.add("Application Load Balancer");
            if (edge.distribution().isPresent()) {
                details.add("CloudFront's origin on " + edge.originPort());
            } else {
                details.add(edge.https() ? edge.domain() + " · HTTPS 443" : "HTTP 80");
            }
            tiers.get(SubnetTier.PUBLIC).add(inGroup(LoadBalancer.ZONE, new Node(LOAD_BALANCER, "Load balancer", details,
                    Kind.RESOURCE, "load balancer", List.of())));
        }
        int nat = network.natGateways();
        if (nat > 0) {
            tiers.get(SubnetTier.PUBLIC).add(new Node("nat", nat == 1 ? "NAT gateway" : "NAT gateways × " + nat,
                    List.of(nat == 1 ? "one for all AZs" : "one per AZ"), Kind.RESOURCE, "network", List.of()));
        }
    }

    private void computeTier() {
        List<Node> compute = tiers.get(SubnetTier.COMPUTE);
        model.services().all().stream().filter(service -> service.runtime() instanceof Runtime.Fargate
                || service.runtime() instanceof Runtime.AppRunner).forEach(service -> compute.add(service(service)));
        model.find(GatewayModel.class).ifPresent(gateway -> compute.add(inGroup(GatewayMapping.zone(), new Node("gateway",
                GatewayMapping.SERVICE, List.of("API gateway · " + gateway.requestsPerMinute() + " requests/min a client",
                        "small · " + GatewayMapping.MIN_TASKS + "–" + GatewayMapping.MAX_TASKS + " tasks · Fargate"),
                Kind.RESOURCE, GatewayMapping.SERVICE, List.of()))));
        ComputeModel hosts = model.part(ComputeModel.class);
        if (ComputeMapping.usesInstances(model)) {
            List<Node> services = model.services().all().stream().filter(service -> service.runtime() instanceof Runtime.Ec2)
                    .map(this::service).toList();
            compute.add(inGroup(ComputeMapping.INSTANCES, new Node("instances", "ECS instances", List.of(describe(hosts.ec2())),
                    Kind.HOSTS, "instances", services)));
        }
        if (KubernetesMapping.hasCluster(model)) {
            KubernetesCluster cluster = hosts.kubernetes();
            compute.add(inGroup(SelfManagedCluster.CONTROL_PLANE, new Node("control-plane", "Kubernetes control plane",
                    List.of(cluster.controlPlane().name() + " · Kubernetes " + KubernetesCluster.VERSION), Kind.RESOURCE,
                    "cluster control plane", List.of())));
            compute.add(inGroup(SelfManagedCluster.WORKERS, new Node("workers", "Kubernetes workers",
                    List.of(describe(cluster.workers())), Kind.HOSTS, "cluster workers",
                    KubernetesMapping.services(model).stream().map(this::service).toList())));
        }
        if (inGraph(Network.ENDPOINTS)) {
            List<String> details = new ArrayList<>();
            List<String> services = inventory.interfaceEndpoints();
            // Three a line keeps the box about as wide as a service's.
            for (int from = 0; from < services.size(); from += 3) {
                details.add(String.join(", ", services.subList(from, Math.min(services.size(), from + 3))));
            }
            details.add("in each of " + model.network().zones().size() + " AZs");
            compute.add(inGroup(Network.ENDPOINTS, new Node("interface-endpoints", "Interface endpoints", details, Kind.RESOURCE,
                    "network", List.of())));
        }
    }

    private void dataTier() {
        List<Node> data = tiers.get(SubnetTier.DATA);
        if (inGraph(Database.ZONE)) {
            DatabaseModel database = model.database();
            List<String> details = new ArrayList<>();
            details.add(database.instanceClass() + " · " + (database.multiAz() ? "Multi-AZ" : "single-AZ"));
            if (database.readReplicas() > 0) {
                details.add(plural(database.readReplicas(), "read replica"));
            }
            List<String> databases = model.services().all().stream().flatMap(service -> service.database().stream())
                    .map(ServiceModel.DatabaseAccess::databaseName).toList();
            details.add((databases.size() == 1 ? "database " : "databases ") + String.join(", ", databases));
            data.add(inGroup(Database.ZONE, new Node("database", "PostgreSQL " + database.postgresMajor(), details, Kind.RESOURCE,
                    "database", List.of())));
        }
        if (inGraph(DataProvisioner.ZONE)) {
            data.add(inGroup(DataProvisioner.ZONE, new Node("database-provisioner", "Database provisioner",
                    List.of("Lambda: each service's database and role"), Kind.RESOURCE, "operations", List.of())));
        }
        model.find(CacheModel.class).filter(cache -> inGraph(Cache.ZONE)).ifPresent(cache -> data.add(inGroup(Cache.ZONE,
                new Node("cache", "Redis " + cache.engineVersion(), List.of(plural(cache.nodes(), "node") + " · " + cache.nodeType(),
                        cache.multiAz() ? "Multi-AZ with failover" : "single-AZ"), Kind.RESOURCE, "cache", List.of()))));
    }

    private Node service(ServiceModel service) {
        ServiceModel.Capacity capacity = service.capacity();
        boolean appRunner = AppRunnerMapping.onAppRunner(service);
        int min = appRunner ? Math.max(1, capacity.minTasks()) : capacity.minTasks();
        List<String> details = new ArrayList<>();
        details.add(capacity.size().yamlName() + " · " + min + "–" + capacity.maxTasks() + " " + service.runtime().units() + " · "
                + runtimeName(service.runtime()));
        ServiceModel.Routing routing = service.routing();
        if (routing.frontEnd()) {
            details.add("front end of site " + model.find(Sites.class).flatMap(sites -> sites.frontEndOf(service.name()))
                    .map(Sites.Rendered::name).orElse("?"));
        } else if (routing.internal()) {
            details.add("internal: " + service.name() + "." + model.naming().serviceNamespace());
        } else {
            details.add(routing.path().map(path -> "routes " + path).orElse("default route"));
        }
        capacity.scaleToZero().ifPresent(idle -> details.add("sleeps after " + idle.toMinutes() + " min without a request"));
        String group = service.runtime() instanceof Runtime.Fargate ? service.name() : appRunner ? "front end" : null;
        Node node = new Node("service-" + id(service.name()), service.name(), details, Kind.RESOURCE, group, List.of());
        // A service on the cluster leaves through the workers' group: the workers stand for it in the graph.
        return KubernetesMapping.runsOnCluster(service) ? node : inGroup(ComputeMapping.zone(service), node);
    }

    private static String runtimeName(Runtime runtime) {
        return switch (runtime) {
            case Runtime.Fargate fargate when fargate.spotWeight() == 0 -> "Fargate";
            case Runtime.Fargate fargate when fargate.onDemandWeight() == 0 -> "Fargate Spot";
            case Runtime.Fargate fargate -> "Fargate " + fargate.onDemandWeight() + " : Spot " + fargate.spotWeight();
            case Runtime.Ec2 ec2 -> "ECS on EC2";
            case Runtime.Kubernetes kubernetes -> "Kubernetes";
            case Runtime.AppRunner appRunner -> "App Runner";
        };
    }

    private static String describe(NodeGroup group) {
        return group.instanceTypes().stream().map(InstanceType::name).collect(Collectors.joining(", ")) + " · "
                + (group.spot() ? "Spot" : "on-demand") + " · " + group.minNodes() + "–" + group.maxNodes() + " instances";
    }

    /** CloudFront's distributions and the web firewalls in front of what they protect. */
    private List<Node> edgeServices() {
        List<Node> nodes = new ArrayList<>();
        EdgeModel edge = model.edge();
        List<String> protectedByFirewall = new ArrayList<>();
        if (uses(Zone.CLOUDFRONT, true) || uses(Zone.CLOUDFRONT, false)) {
            List<String> details = new ArrayList<>();
            details.add(address(edge.domain()));
            edge.distribution().ifPresent(cdn -> details.add("price class " + cdn.priceClass().yamlName()));
            model.services().all().forEach(service -> service.assets().ifPresent(files -> details.add(files.pathPattern()
                    + " from the assets bucket")));
            nodes.add(new Node(CLOUDFRONT, "CloudFront", details, Kind.EDGE, "edge", List.of()));
            protectedByFirewall.add(CLOUDFRONT);
        }
        for (Sites.Site site : sites()) {
            protectedByFirewall.add(siteDistribution(nodes, site.name(), site.domain(), "files from its bucket"));
        }
        for (Sites.Rendered site : renderedSites()) {
            String id = siteDistribution(nodes, site.name(), site.domain(), "rendered by " + site.service());
            boolean appRunner = model.services().named(site.service()).map(AppRunnerMapping::onAppRunner).orElse(false);
            edges.add(appRunner ? path(id, "service-" + id(site.service()), "HTTPS · origin header")
                    : path(id, LOAD_BALANCER, "TCP " + edge.originPort() + " · site header"));
            protectedByFirewall.add(id);
        }
        edge.firewall().ifPresent(waf -> {
            if (protectedByFirewall.isEmpty()) {
                protectedByFirewall.add(LOAD_BALANCER);
            }
            nodes.add(new Node("firewall", "WAF", List.of((protectedByFirewall.contains(LOAD_BALANCER) ? "regional" : "global")
                    + " · " + waf.rateLimit() + " requests / 5 min an address", "AWS managed rules"), Kind.EDGE, "firewall", List.of()));
            protectedByFirewall.forEach(target -> edges.add(new Edge("firewall", target, EdgeKind.PROTECTS, List.of(), List.of())));
        });
        model.services().all().stream().filter(AppRunnerMapping::onAppRunner).forEach(service -> {
            String id = "firewall-" + id(service.name());
            nodes.add(new Node(id, "WAF · " + service.name(), List.of("regional · admits the origin header alone"), Kind.EDGE,
                    "firewall", List.of()));
            edges.add(new Edge(id, "service-" + id(service.name()), EdgeKind.PROTECTS, List.of(), List.of()));
        });
        return nodes;
    }

    /** A site's own distribution, which users reach over HTTPS; returns its node's id. */
    private String siteDistribution(List<Node> nodes, String site, String domain, String serves) {
        String id = "site-" + id(site);
        nodes.add(new Node(id, "CloudFront · site " + site, List.of(address(domain), serves), Kind.EDGE, "edge", List.of()));
        edges.add(path(INTERNET, id, "HTTPS"));
        return id;
    }

    private static String address(String domain) {
        return domain != null ? domain : "at its own address";
    }

    private Node vpc(NetworkModel network) {
        List<Node> children = new ArrayList<>();
        if (uses(Zone.VPC, true)) {
            children.add(new Node(VPC_RANGE, "Any address in the VPC", List.of(network.cidr().toString()), Kind.RESOURCE, null,
                    List.of()));
        }
        List<String> gateways = inventory.gatewayEndpoints().stream().map(DiagramBuilder::serviceName).toList();
        if (!gateways.isEmpty()) {
            children.add(new Node("gateway-endpoints", "Gateway endpoints", List.of(String.join(", ", gateways)), Kind.RESOURCE,
                    null, List.of()));
        }
        tier(SubnetTier.PUBLIC, Kind.PUBLIC_SUBNETS, "Public subnets", "a route from the internet").ifPresent(children::add);
        tier(SubnetTier.COMPUTE, Kind.COMPUTE_SUBNETS, "Compute subnets", network.natGateways() > 0 ? "out through NAT"
                : "no route out: endpoints alone").ifPresent(children::add);
        tier(SubnetTier.DATA, Kind.DATA_SUBNETS, "Data subnets", "no route out").ifPresent(children::add);
        return new Node("vpc", "VPC " + network.cidr() + " · " + network.zones().size() + " AZs",
                List.of(String.join(", ", network.zones())), Kind.VPC, "network", children);
    }

    private Optional<Node> tier(SubnetTier tier, Kind kind, String title, String route) {
        List<Node> nodes = tiers.get(tier);
        return nodes.isEmpty() ? Optional.empty()
                : Optional.of(new Node(tier.groupName() + "-subnets", title, List.of(route), kind, null, nodes));
    }

    /** The regional services beside the VPC, counted from the templates: keys, secrets, alarms, storage and the rest. */
    private Optional<Node> regional() {
        List<Node> services = new ArrayList<>();
        regionalService(services, "kms", "KMS", "AWS::KMS::Key", "key", "security");
        regionalService(services, "secrets-manager", "Secrets Manager", "AWS::SecretsManager::Secret", "secret", "secrets");
        int alarms = inventory.count("AWS::CloudWatch::Alarm");
        if (alarms > 0) {
            String dashboard = inventory.count("AWS::CloudWatch::Dashboard") > 0 ? " · dashboard" : "";
            services.add(new Node("cloudwatch", "CloudWatch", List.of(plural(alarms, "alarm") + dashboard), Kind.REGIONAL_SERVICE,
                    "operations", List.of()));
        }
        regionalService(services, "sns", "SNS", "AWS::SNS::Topic", "alert topic", "operations");
        regionalService(services, "scheduler", "EventBridge Scheduler", "AWS::Scheduler::Schedule", "schedule", "operations");
        regionalService(services, "s3", "S3", "AWS::S3::Bucket", "bucket", "storage");
        regionalService(services, "ecr", "ECR", "AWS::ECR::Repository", "repository", "storage");
        regionalService(services, "codepipeline", "CodePipeline", "AWS::CodePipeline::Pipeline", "release pipeline", "delivery");
        if (detail) {
            regionalService(services, "lambda", "Lambda", "AWS::Lambda::Function", "function", "operations");
            regionalService(services, "sqs", "SQS", "AWS::SQS::Queue", "queue", "operations");
            regionalService(services, "cloudwatch-logs", "CloudWatch Logs", "AWS::Logs::LogGroup", "log group", "operations");
            int roles = inventory.count("AWS::IAM::Role");
            if (roles > 0) {
                services.add(new Node("iam", "IAM", List.of(plural(roles, "role") + " · " + plural(inventory.count("AWS::IAM::Policy"),
                        "policy")), Kind.REGIONAL_SERVICE, null, List.of()));
            }
        }
        return services.isEmpty() ? Optional.empty()
                : Optional.of(new Node("regional", "Regional services", List.of(), Kind.REGIONAL, null, services));
    }

    private void regionalService(List<Node> into, String id, String title, String type, String noun, String group) {
        int count = inventory.count(type);
        if (count > 0) {
            into.add(new Node(id, title, List.of(plural(count, noun)), Kind.REGIONAL_SERVICE, group, List.of()));
        }
    }

    /** One edge for each pair of nodes the graph's flows join, labelled with their protocols and ports. */
    private void flowEdges() {
        Map<List<String>, List<Flow>> byEnds = new LinkedHashMap<>();
        for (Flow flow : traffic.fromTheOutside()) {
            byEnds.computeIfAbsent(List.of(nodeOf(flow.from(), true), nodeOf(flow.to(), false)), ends -> new ArrayList<>()).add(flow);
        }
        byEnds.forEach((ends, flows) -> edges.add(new Edge(ends.get(0), ends.get(1), EdgeKind.FLOW, label(flows), flows)));
    }

    private List<String> label(List<Flow> flows) {
        if (detail) {
            return flows.stream().map(flow -> flow.protocol().name() + " " + flow.port() + ": " + flow.why()).toList();
        }
        Map<String, List<String>> ports = new LinkedHashMap<>();
        flows.forEach(flow -> ports.computeIfAbsent(flow.protocol().name(), protocol -> new ArrayList<>())
                .add(String.valueOf(flow.port())));
        return List.of(ports.entrySet().stream().map(entry -> entry.getKey() + " " + String.join(", ", entry.getValue()))
                .collect(Collectors.joining(" · ")));
    }

    private String nodeOf(Zone zone, boolean from) {
        return switch (zone.kind()) {
            case INTERNET -> from ? INTERNET : EGRESS;
            case CLOUDFRONT -> CLOUDFRONT;
            case VPC -> VPC_RANGE;
            case GROUP -> groupNodes.get(zone.name());
        };
    }

    private static Edge path(String from, String to, String label) {
        return new Edge(from, to, EdgeKind.PATH, List.of(label), List.of());
    }

    /** Records that the node stands for the group in the traffic graph. */
    private Node inGroup(Zone group, Node node) {
        groupNodes.put(group.name(), node.id());
        return node;
    }

    private boolean inGraph(Zone group) {
        return traffic.groups().contains(group);
    }

    /** Whether a flow leaves (or reaches) the zone. */
    private boolean uses(Zone zone, boolean from) {
        return traffic.flows().stream().anyMatch(flow -> (from ? flow.from() : flow.to()).equals(zone));
    }

    private List<Sites.Site> sites() {
        return model.find(Sites.class).map(Sites::all).orElse(List.of());
    }

    private List<Sites.Rendered> renderedSites() {
        return model.find(Sites.class).map(Sites::rendered).orElse(List.of());
    }

    private static String serviceName(String endpoint) {
        return switch (endpoint) {
            case "s3" -> "S3";
            case "dynamodb" -> "DynamoDB";
            default -> endpoint;
        };
    }

    private static String plural(int count, String noun) {
        String plural = noun.endsWith("y") && !noun.endsWith("ey") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return count == 1 ? "1 " + noun : count + " " + plural;
    }

    /** A name as a node id: lower-case letters, digits and dashes. */
    private static String id(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
