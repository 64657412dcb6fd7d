package dev.berth.config;

import dev.berth.model.ComputeModel;
import dev.berth.model.InstanceType;
import dev.berth.model.KubernetesCluster;
import dev.berth.model.NodeGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The environment's own instances, for services whose runtime is {@code ec2} or {@code kubernetes}: file-wide, each key
 * overridable per environment. Checked whether or not a service uses them, so a mistake never waits for the day one does.
 */
final class ComputeSection implements Section {

    static final Key INSTANCE_TYPES = Key.defaulted("instance_types", "EC2 instance type, or a list of them (one architecture)",
            "ec2.instance_types", "the instances launched, the first preferred; with several, a mixed instances policy chooses");
    static final Key MIN_NODES = Key.defaulted("min", "0–100", "ec2.min", "fewest instances");
    static final Key MAX_NODES = Key.defaulted("max", "1–100, ≥ min", "ec2.max", "most instances");
    static final Key SPOT = Key.defaulted("spot", "bool", "ec2.spot", "Spot instances (interrupted at two minutes' notice,"
            + " about 60–70 % cheaper), else on-demand");
    static final Key EC2 = Key.of("ec2", "mapping", "see its keys",
            "the ECS capacity provider's instances, for services with runtime: ec2").holding(INSTANCE_TYPES, MIN_NODES, MAX_NODES, SPOT);
    static final Key WORKER_TYPES = Key.defaulted("instance_types", "EC2 instance type, or a list of them (one architecture)",
            "kubernetes.instance_types", "the workers' instances, the first preferred");
    static final Key WORKERS_MIN = Key.defaulted("min", "0–100", "kubernetes.min", "fewest workers");
    static final Key WORKERS_MAX = Key.defaulted("max", "1–100, ≥ min", "kubernetes.max", "most workers");
    static final Key WORKERS_SPOT = Key.defaulted("spot", "bool", "kubernetes.spot", "Spot workers");
    static final Key CONTROL_PLANE = Key.defaulted("control_plane", "EC2 instance type, ≥ 2 vCPU and 2 GiB", "kubernetes.control_plane",
            "the control plane's instance (one, replaced when lost)");
    static final Key NODE_IMAGE = Key.of("node_image", "AMI id (ami-...)", "none: Amazon Linux 2023, set up at boot",
            "an image with Kubernetes " + KubernetesCluster.VERSION + ", containerd and the add-ons' images already on it;"
                    + " required without NAT");
    static final Key KUBERNETES = Key.of("kubernetes", "mapping", "see its keys",
            "the self-managed Kubernetes " + KubernetesCluster.VERSION + " cluster (kubeadm), for services with runtime: kubernetes")
            .holding(WORKER_TYPES, WORKERS_MIN, WORKERS_MAX, WORKERS_SPOT, CONTROL_PLANE, NODE_IMAGE);

    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");

    @Override
    public List<Key> keys(Scope scope) {
        return List.of(EC2, KUBERNETES);
    }

    @Override
    public Optional<ComputeModel> read(EnvironmentReading environment) {
        Settings ec2 = settings(environment, EC2);
        Settings kubernetes = settings(environment, KUBERNETES);
        YamlFields fields = environment.fields();
        Optional<NodeGroup> instances = nodeGroup(ec2, INSTANCE_TYPES, MIN_NODES, MAX_NODES, SPOT, fields);
        Optional<NodeGroup> workers = nodeGroup(kubernetes, WORKER_TYPES, WORKERS_MIN, WORKERS_MAX, WORKERS_SPOT, fields);
        Optional<InstanceType> controlPlane = instanceType(kubernetes.get(CONTROL_PLANE.name()), kubernetes.path(CONTROL_PLANE.name()), fields);
        controlPlane.filter(type -> type.vcpus() < KubernetesCluster.CONTROL_PLANE_MIN_VCPUS
                        || type.memoryMiB() < KubernetesCluster.CONTROL_PLANE_MIN_MEMORY_MIB)
                .ifPresent(type -> fields.problem(kubernetes.at(CONTROL_PLANE.name()), kubernetes.path(CONTROL_PLANE.name()),
                        "kubeadm needs at least 2 vCPU and 2 GiB for a control plane; " + type.name() + " has " + type.vcpus()
                                + " vCPU and " + type.memoryMiB() / 1024 + " GiB"));
        Optional<String> nodeImage = kubernetes.isWritten(NODE_IMAGE.name())
                ? fields.matching(kubernetes.get(NODE_IMAGE.name()), kubernetes.path(NODE_IMAGE.name()), AMI_ID, "an AMI id such as ami-0123456789abcdef0")
                : Optional.empty();
        if (instances.isEmpty() || workers.isEmpty() || controlPlane.isEmpty()
                || (kubernetes.isWritten(NODE_IMAGE.name()) && nodeImage.isEmpty())
                || controlPlane.get().vcpus() < KubernetesCluster.CONTROL_PLANE_MIN_VCPUS
                || controlPlane.get().memoryMiB() < KubernetesCluster.CONTROL_PLANE_MIN_MEMORY_MIB) {
            return Optional.empty();
        }
        return Optional.of(new ComputeModel(instances.get(), new KubernetesCluster(controlPlane.get(), workers.get(), nodeImage.orElse(null))));
    }

    /** The environment's mapping over the file's, key by key, over the defaults. */
    private static Settings settings(EnvironmentReading environment, Key key) {
        YamlFields fields = environment.fields();
        List<Settings.Level> written = new ArrayList<>();
        Node inEnvironment = environment.settings().written(key.name());
        if (inEnvironment != null) {
            written.add(new Settings.Level(environment.settings().path(key.name()), fields.mapping(inEnvironment, environment.settings().path(key.name()),
                    key.childNames())));
        }
        Node inFile = environment.file().top.get(key.name());
        if (inFile != null && !YamlFields.isNull(inFile)) {
            written.add(new Settings.Level(key.name(), fields.mapping(inFile, key.name(), key.childNames())));
        }
        if (written.isEmpty()) {
            written.add(new Settings.Level(environment.settings().path(key.name()), Map.of()));
        }
        Node owner = inEnvironment != null ? inEnvironment : inFile != null ? inFile : environment.key();
        return new Settings(owner, written, List.of(Defaults.get().section(key.name())));
    }

    private static Optional<NodeGroup> nodeGroup(Settings settings, Key typesKey, Key minKey, Key maxKey, Key spotKey, YamlFields fields) {
        Optional<List<InstanceType>> types = instanceTypes(settings.get(typesKey.name()), settings.path(typesKey.name()), fields);
        Optional<Integer> min = fields.integer(settings.get(minKey.name()), settings.path(minKey.name()), 0, 100);
        Optional<Integer> max = fields.integer(settings.get(maxKey.name()), settings.path(maxKey.name()), 1, 100);
        Optional<Boolean> spot = fields.bool(settings.get(spotKey.name()), settings.path(spotKey.name()));
        if (types.isEmpty() || min.isEmpty() || max.isEmpty() || spot.isEmpty()) {
            return Optional.empty();
        }
        if (max.get() < min.get()) {
            fields.problem(settings.at(maxKey.name()), settings.path(maxKey.name()), "expected at least min (" + min.get() + "); got " + max.get());
            return Optional.empty();
        }
        return Optional.of(new NodeGroup(types.get(), min.get(), max.get(), spot.get()));
    }

    /** One type or a list of known types, all of one architecture. */
    private static Optional<List<InstanceType>> instanceTypes(Node node, String path, YamlFields fields) {
        List<Node> items = node instanceof ScalarNode ? List.of(node) : fields.sequence(node, path);
        if (items.isEmpty()) {
            fields.problem(node, path, "expected an instance type or a list of them, such as t3.medium");
            return Optional.empty();
        }
        List<InstanceType> types = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = node instanceof ScalarNode ? path : path + "[" + i + "]";
            Optional<InstanceType> type = instanceType(items.get(i), itemPath, fields);
            if (type.isEmpty()) {
                return Optional.empty();
            }
            if (!types.isEmpty() && type.get().architecture() != types.getFirst().architecture()) {
                fields.problem(items.get(i), itemPath, type.get().name() + " is " + type.get().architecture().yamlName() + " and "
                        + types.getFirst().name() + " " + types.getFirst().architecture().yamlName() + ": one group runs one architecture,"
                        + " which its images are built for");
                return Optional.empty();
            }
            types.add(type.get());
        }
        return Optional.of(types);
    }

    private static Optional<InstanceType> instanceType(Node node, String path, YamlFields fields) {
        Optional<String> name = fields.text(node, path);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<InstanceType> type = InstanceType.named(name.get());
        if (type.isEmpty()) {
            List<String> known = InstanceType.known().stream().map(InstanceType::name).toList();
            fields.problem(node, path, "'" + name.get() + "' is no instance type Berth sizes work for"
                    + YamlFields.didYouMean(name.get(), known) + "; expected one of the t3, t3a, t4g, m6i, m7i, m6g, m7g, c6i, c7g,"
                    + " r6i or r7g sizes (docs/compute.md lists them)");
        }
        return type;
    }
}
