package dev.berth.config;

import static dev.berth.config.YamlFields.isNull;
import static dev.berth.config.YamlFields.join;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads berth.yaml into a {@link BerthConfig}: every field typed and checked, profile defaults applied,
 * and every problem reported at once with file, line and path.
 */
public final class BerthYaml {

    static final List<String> TOP_KEYS = List.of("project", "region", "services", "database", "environments");
    static final List<String> SERVICE_KEYS = List.of(
            "name", "image", "port", "health_check", "size", "min", "max", "scaling", "path");
    static final List<String> IMAGE_KEYS = List.of("build", "dockerfile", "repository");
    static final List<String> SCALING_KEYS = List.of("cpu", "requests_per_target");
    static final List<String> DATABASE_KEYS = List.of("postgres", "instance_class", "storage_gb", "max_storage_gb");
    static final List<String> ENVIRONMENT_KEYS = List.of(
            "profile", "account", "compute", "nat", "azs", "availability_zones", "cidr", "allow_http", "domain", "certificate",
            "interface_endpoints", "multi_az", "backup_retention_days", "deletion_protection",
            "log_retention_days", "database");
    static final List<String> COMPUTE_WEIGHT_KEYS = List.of("fargate", "fargate-spot");

    /** Retention periods CloudWatch Logs accepts. */
    static final Set<Integer> LOG_RETENTION_DAYS = Set.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CERTIFICATE_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_./*?-]*");

    private static final DatabaseSpec DEFAULT_DATABASE = new DatabaseSpec(16, "db.t4g.micro", 20, 100);

    private BerthYaml() {
    }

    /** Reads and validates a berth.yaml; the file's name in messages is {@code file} as given. */
    public static BerthConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new Problem(file.toString(), 0, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        return parse(file, new StringReader(text));
    }

    static BerthConfig parse(Path file, Reader reader) {
        String name = file.toString();
        YamlFields fields = new YamlFields(name);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by YamlFields with both lines
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(List.of(new Problem(name, line, "", "YAML syntax error: " + what)));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new Problem(name, 0, "", "YAML syntax error: " + e.getMessage())));
        }
        if (isNull(root)) {
            throw new ConfigException(List.of(new Problem(name, 0, "",
                    "the file is empty; expected a mapping with " + String.join(", ", TOP_KEYS))));
        }
        BerthConfig config = new Binder(fields, file).bind(root);
        if (!fields.problems().isEmpty()) {
            throw new ConfigException(fields.problems());
        }
        return config;
    }

    /** Walks the tree once, collecting problems; its result is only used when there are none. */
    private static final class Binder {

        private final YamlFields fields;
        private final Path file;
        private final Path baseDirectory;
        /** The file's region, once read: availability zones are checked against it. */
        private String region = "";

        Binder(YamlFields fields, Path file) {
            this.fields = fields;
            this.file = file;
            Path parent = file.toAbsolutePath().getParent();
            this.baseDirectory = parent == null ? Path.of("").toAbsolutePath() : parent;
        }

        BerthConfig bind(Node root) {
            Map<String, Node> top = fields.mapping(root, "", TOP_KEYS);
            String project = required(top, root, "project")
                    .flatMap(node -> matching(node, "project", PROJECT_NAME,
                            "a lowercase name of letters, digits and '-', starting with a letter, at most 20 characters"))
                    .orElse("invalid");
            this.region = required(top, root, "region")
                    .flatMap(node -> matching(node, "region", REGION, "an AWS region such as eu-central-1"))
                    .orElse("invalid");
            List<ServiceSpec> services = services(top, root);
            DatabaseSpec database = database(top.get("database"), "database", DEFAULT_DATABASE);
            Map<String, Environment> environments = environments(top, root, database);
            return new BerthConfig(file, project, region, services, environments);
        }

        private Optional<Node> required(Map<String, Node> mapping, Node parent, String key) {
            return required(mapping, parent, "", key);
        }

        private Optional<Node> required(Map<String, Node> mapping, Node parent, String path, String key) {
            Node node = mapping.get(key);
            if (isNull(node)) {
                fields.problem(node == null ? parent : node, join(path, key), "is required");
                return Optional.empty();
            }
            return Optional.of(node);
        }

        private Optional<String> matching(Node node, String path, Pattern pattern, String expectation) {
            return fields.text(node, path).flatMap(text -> {
                if (pattern.matcher(text).matches()) {
                    return Optional.of(text);
                }
                fields.problem(node, path, "expected " + expectation + "; got '" + text + "'");
                return Optional.empty();
            });
        }

        private List<ServiceSpec> services(Map<String, Node> top, Node root) {
            List<ServiceSpec> services = new ArrayList<>();
            Optional<Node> list = required(top, root, "services");
            if (list.isEmpty()) {
                return services;
            }
            List<Node> items = fields.sequence(list.get(), "services");
            if (items.isEmpty() && list.get() instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
                fields.problem(list.get(), "services", "expected at least one service");
            }
            Map<String, Node> seenNames = new HashMap<>();
            Node defaultRoute = null;
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = "services[" + i + "]";
                Map<String, Node> entries = fields.mapping(item, path, SERVICE_KEYS);
                Optional<String> name = required(entries, item, path, "name")
                        .flatMap(node -> matching(node, path + ".name", SERVICE_NAME,
                                "a lowercase name of letters, digits and '-', starting with a letter, at most 30 characters"));
                if (name.isPresent()) {
                    Node previous = seenNames.putIfAbsent(name.get(), entries.get("name"));
                    if (previous != null) {
                        fields.problem(entries.get("name"), path + ".name", "duplicate service name '" + name.get()
                                + "' (first at line " + YamlFields.line(previous) + ")");
                    }
                }
                String at = name.map(n -> "services." + n).orElse(path);
                ImageSource image = required(entries, item, at, "image").map(node -> image(node, at + ".image")).orElse(null);
                int port = fields.integer(entries.get("port"), at + ".port", 1, 65535).orElse(8080);
                String health = Optional.ofNullable(entries.get("health_check"))
                        .flatMap(node -> matching(node, at + ".health_check", Pattern.compile("/\\S*"),
                                "an absolute URL path such as /health"))
                        .orElse("/");
                SizeTier size = fields.oneOf(entries.get("size"), at + ".size",
                        YamlFields.byYamlName(SizeTier.values(), SizeTier::yamlName)).orElse(SizeTier.SMALL);
                Optional<Integer> min = fields.integer(entries.get("min"), at + ".min", 0, 1000);
                Optional<Integer> max = fields.integer(entries.get("max"), at + ".max", 1, 1000);
                int minTasks = min.orElse(1);
                int maxTasks = max.orElse(Math.max(4, minTasks));
                if (minTasks > maxTasks) {
                    Node where = entries.containsKey("min") ? entries.get("min") : entries.get("max");
                    fields.problem(where, at + ".min", "expected min <= max; got min " + minTasks + " > max " + maxTasks);
                }
                ScalingTargets scaling = scaling(entries.get("scaling"), at + ".scaling");
                String pathPattern = Optional.ofNullable(entries.get("path"))
                        .flatMap(node -> matching(node, at + ".path", PATH_PATTERN,
                                "an ALB path pattern such as /api/*"))
                        .orElse(null);
                if (pathPattern == null && entries.get("path") == null) {
                    if (defaultRoute != null) {
                        fields.problem(item, at, "only one service can take the default route; give this one a path"
                                + " (such as /api/*) or give one to the service at line " + YamlFields.line(defaultRoute));
                    } else {
                        defaultRoute = item;
                    }
                }
                services.add(new ServiceSpec(name.orElse("invalid"), image, port, health, size, minTasks, maxTasks,
                        scaling, pathPattern));
            }
            if (!items.isEmpty() && defaultRoute == null) {
                fields.problem(list.get(), "services", "one service must have no path: it takes the requests no"
                        + " path pattern matches");
            }
            return services;
        }

        private ImageSource image(Node node, String path) {
            Map<String, Node> entries = fields.mapping(node, path, IMAGE_KEYS);
            boolean build = entries.containsKey("build");
            boolean repository = entries.containsKey("repository");
            if (build == repository) {
                fields.problem(node, path, "expected exactly one of build (a Docker context directory) or"
                        + " repository (an ECR repository name)");
                return null;
            }
            if (repository) {
                if (entries.containsKey("dockerfile")) {
                    fields.problem(entries.get("dockerfile"), path + ".dockerfile", "only applies with build");
                }
                return matching(entries.get("repository"), path + ".repository", REPOSITORY,
                        "an ECR repository name (lowercase, digits, '.', '_', '-', '/')")
                        .map(ImageSource.EcrRepository::new).orElse(null);
            }
            Optional<String> context = fields.text(entries.get("build"), path + ".build");
            String dockerfile = fields.text(entries.get("dockerfile"), path + ".dockerfile").orElse("Dockerfile");
            if (context.isEmpty()) {
                return null;
            }
            Path directory = baseDirectory.resolve(context.get()).normalize();
            if (!Files.isDirectory(directory)) {
                fields.problem(entries.get("build"), path + ".build", "expected a directory (relative to "
                        + file.getFileName() + "); '" + context.get() + "' does not exist");
                return null;
            }
            if (!Files.isRegularFile(directory.resolve(dockerfile))) {
                Node where = entries.containsKey("dockerfile") ? entries.get("dockerfile") : entries.get("build");
                fields.problem(where, path + ".dockerfile", "no file '" + dockerfile + "' in " + context.get());
                return null;
            }
            return new ImageSource.DockerBuild(directory, dockerfile);
        }

        private ScalingTargets scaling(Node node, String path) {
            Map<String, Node> entries = fields.mapping(node, path, SCALING_KEYS);
            int cpu = fields.integer(entries.get("cpu"), path + ".cpu", 10, 90).orElse(ScalingTargets.DEFAULT.cpuPercent());
            int requests = fields.integer(entries.get("requests_per_target"), path + ".requests_per_target", 1, 1_000_000)
                    .orElse(ScalingTargets.DEFAULT.requestsPerTarget());
            return new ScalingTargets(cpu, requests);
        }

        private DatabaseSpec database(Node node, String path, DatabaseSpec defaults) {
            Map<String, Node> entries = fields.mapping(node, path, DATABASE_KEYS);
            int major = fields.integer(entries.get("postgres"), path + ".postgres", 14, 17).orElse(defaults.postgresMajor());
            String instanceClass = Optional.ofNullable(entries.get("instance_class"))
                    .flatMap(n -> matching(n, path + ".instance_class", INSTANCE_CLASS, "an RDS instance class such as db.t4g.micro"))
                    .orElse(defaults.instanceClass());
            int storage = fields.integer(entries.get("storage_gb"), path + ".storage_gb", 20, 65536).orElse(defaults.storageGb());
            Optional<Integer> maxStorage = fields.integer(entries.get("max_storage_gb"), path + ".max_storage_gb", 20, 65536);
            int ceiling = maxStorage.orElse(Math.max(defaults.maxStorageGb(), storage));
            if (ceiling < storage) {
                fields.problem(entries.get("max_storage_gb"), path + ".max_storage_gb",
                        "expected at least storage_gb (" + storage + "); got " + ceiling);
            }
            return new DatabaseSpec(major, instanceClass, storage, ceiling);
        }

        private Map<String, Environment> environments(Map<String, Node> top, Node root, DatabaseSpec database) {
            Map<String, Environment> environments = new LinkedHashMap<>();
            Optional<Node> section = required(top, root, "environments");
            if (section.isEmpty()) {
                return environments;
            }
            Map<String, YamlFields.MappingEntry> entries = fields.namedEntries(section.get(), "environments");
            if (entries.isEmpty() && !isNull(section.get())) {
                fields.problem(section.get(), "environments", "expected at least one environment");
            }
            Map<String, Node> cidrNodes = new HashMap<>();
            for (var entry : entries.entrySet()) {
                String name = entry.getKey();
                String path = "environments." + name;
                if (!ENVIRONMENT_NAME.matcher(name).matches()) {
                    fields.problem(entry.getValue().key(), path, "expected an environment name of lowercase letters"
                            + " and digits, starting with a letter, at most 10 characters");
                }
                Node node = entry.getValue().value();
                Map<String, Node> settings = fields.mapping(node, path, ENVIRONMENT_KEYS);
                Environment environment = environment(name, entry.getValue().key(), settings, path, database);
                if (environment != null) {
                    environments.put(name, environment);
                    cidrNodes.put(name, settings.getOrDefault("cidr", entry.getValue().key()));
                }
            }
            reportOverlaps(environments, cidrNodes);
            return environments;
        }

        /** {@code node} is the environment's key: whole-environment problems point at its line. */
        private Environment environment(String name, Node node, Map<String, Node> e, String path,
                DatabaseSpec database) {
            Map<String, Profile> profiles = YamlFields.byYamlName(Profile.values(), Profile::yamlName);
            Profile profile = fields.oneOf(e.get("profile"), path + ".profile", profiles)
                    .orElseGet(() -> profiles.get(name));
            if (profile == null) {
                if (!e.containsKey("profile")) {
                    fields.problem(node, path + ".profile", "is required for an environment not named dev or prod;"
                            + " expected one of dev, prod");
                }
                return null;
            }
            String account = Optional.ofNullable(e.get("account"))
                    .flatMap(n -> matching(n, path + ".account", ACCOUNT, "a 12-digit AWS account id"))
                    .orElse(null);
            ComputeStrategy compute = compute(e.get("compute"), path + ".compute").orElse(profile.compute());
            NatMode nat = fields.oneOf(e.get("nat"), path + ".nat", YamlFields.byYamlName(NatMode.values(), NatMode::yamlName))
                    .orElse(profile.nat());
            Optional<Integer> azCount = fields.integer(e.get("azs"), path + ".azs", 2, 3);
            List<String> zones = availabilityZones(e.get("availability_zones"), path + ".availability_zones");
            int azs = azCount.orElse(zones.isEmpty() ? profile.azs() : zones.size());
            if (!zones.isEmpty() && zones.size() != azs) {
                fields.problem(e.get("availability_zones"), path + ".availability_zones", "names " + zones.size()
                        + " zones but azs is " + azs + "; give as many zones as azs, or leave azs out");
            }
            String cidr = Optional.ofNullable(e.get("cidr")).flatMap(n -> vpcCidr(n, path + ".cidr")).orElse(profile.cidr());
            Optional<Boolean> allowHttpSetting = fields.bool(e.get("allow_http"), path + ".allow_http");
            String domain = Optional.ofNullable(e.get("domain"))
                    .flatMap(n -> matching(n, path + ".domain", DOMAIN, "a lowercase domain name such as notes.example.com"))
                    .orElse(null);
            String certificate = Optional.ofNullable(e.get("certificate"))
                    .flatMap(n -> matching(n, path + ".certificate", CERTIFICATE_ARN, "an ACM certificate ARN"))
                    .orElse(null);
            if (e.containsKey("certificate") && !e.containsKey("domain")) {
                fields.problem(e.get("certificate"), path + ".certificate", "needs a domain: the certificate is"
                        + " served for the environment's domain");
            }
            boolean allowHttp = allowHttpSetting.orElse(profile.allowHttp());
            if (!e.containsKey("domain") && !allowHttp) {
                Node where = e.containsKey("allow_http") ? e.get("allow_http") : node;
                fields.problem(where, path, "serves nothing: without a domain there is no HTTPS listener and"
                        + " allow_http is false; set domain (with an optional certificate) or allow_http: true");
            }
            Optional<Boolean> endpointsSetting = fields.bool(e.get("interface_endpoints"), path + ".interface_endpoints");
            boolean interfaceEndpoints = endpointsSetting.orElse(nat == NatMode.NONE);
            if (nat == NatMode.NONE && !interfaceEndpoints) {
                fields.problem(e.get("interface_endpoints"), path + ".interface_endpoints", "must be true with nat:"
                        + " none: without NAT, tasks reach ECR, CloudWatch Logs and Secrets Manager only through"
                        + " interface endpoints");
            }
            boolean multiAz = fields.bool(e.get("multi_az"), path + ".multi_az").orElse(profile.multiAz());
            int backups = fields.integer(e.get("backup_retention_days"), path + ".backup_retention_days", 1, 35)
                    .orElse(profile.backupRetentionDays());
            boolean deletionProtection = fields.bool(e.get("deletion_protection"), path + ".deletion_protection")
                    .orElse(profile.deletionProtection());
            int logRetention = fields.integer(e.get("log_retention_days"), path + ".log_retention_days", 1, 3653)
                    .orElse(profile.logRetentionDays());
            if (e.containsKey("log_retention_days") && !LOG_RETENTION_DAYS.contains(logRetention)) {
                fields.problem(e.get("log_retention_days"), path + ".log_retention_days", "expected a period"
                        + " CloudWatch Logs accepts (" + LOG_RETENTION_DAYS.stream().sorted().map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b).orElseThrow() + "); got " + logRetention);
            }
            DatabaseSpec environmentDatabase = e.containsKey("database")
                    ? database(e.get("database"), path + ".database", database) : database;
            return new Environment(name, profile, account, compute, nat, azs, zones, cidr, allowHttp, domain, certificate,
                    interfaceEndpoints, multiAz, backups, deletionProtection, logRetention, environmentDatabase);
        }

        /** Explicit AZ names, each of the file's region, 2 or 3 of them, no repeats; empty when not given. */
        private List<String> availabilityZones(Node node, String path) {
            List<String> zones = new ArrayList<>();
            List<Node> items = fields.sequence(node, path);
            if (node != null && !isNull(node) && (items.size() < 2 || items.size() > 3)) {
                fields.problem(node, path, "expected 2 or 3 availability zones; got " + items.size());
                return List.of();
            }
            for (Node item : items) {
                fields.text(item, path).ifPresent(zone -> {
                    if (!zone.matches(region + "[a-z]")) {
                        fields.problem(item, path, "expected a zone of " + region + " such as " + region + "a; got '" + zone + "'");
                    } else if (zones.contains(zone)) {
                        fields.problem(item, path, "names " + zone + " twice");
                    } else {
                        zones.add(zone);
                    }
                });
            }
            return zones.size() == items.size() ? zones : List.of();
        }

        private Optional<ComputeStrategy> compute(Node node, String path) {
            if (isNull(node)) {
                return Optional.empty();
            }
            if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
                Map<String, ComputeStrategy> choices = new LinkedHashMap<>();
                choices.put("fargate", ComputeStrategy.FARGATE);
                choices.put("fargate-spot", ComputeStrategy.FARGATE_SPOT);
                return fields.oneOf(node, path, choices);
            }
            Map<String, Node> weights = fields.mapping(node, path, COMPUTE_WEIGHT_KEYS);
            int fargate = fields.integer(weights.get("fargate"), path + ".fargate", 0, 1000).orElse(0);
            int spot = fields.integer(weights.get("fargate-spot"), path + ".fargate-spot", 0, 1000).orElse(0);
            if (fargate + spot == 0) {
                fields.problem(node, path, "expected fargate or fargate-spot, or weights for both such as"
                        + " {fargate: 1, fargate-spot: 3}, with at least one weight above 0");
                return Optional.empty();
            }
            return Optional.of(new ComputeStrategy(fargate, spot));
        }

        private Optional<String> vpcCidr(Node node, String path) {
            return fields.text(node, path).flatMap(text -> {
                String[] why = new String[1];
                Optional<Cidr> cidr = Cidr.parse(text, why);
                if (cidr.isEmpty()) {
                    fields.problem(node, path, why[0]);
                    return Optional.empty();
                }
                if (cidr.get().prefix() < 16 || cidr.get().prefix() > 24) {
                    fields.problem(node, path, "expected a prefix from /16 to /24 (a VPC holds /16 to /28, and its"
                            + " nine subnets are 1/16 of it each); got /" + cidr.get().prefix());
                    return Optional.empty();
                }
                if (!cidr.get().isPrivate()) {
                    fields.problem(node, path, "expected a private range (10.0.0.0/8, 172.16.0.0/12 or"
                            + " 192.168.0.0/16); got '" + text + "'");
                    return Optional.empty();
                }
                return Optional.of(text);
            });
        }

        /** VPCs of one account must not overlap, or they can never be peered or routed together. */
        private void reportOverlaps(Map<String, Environment> environments, Map<String, Node> nodes) {
            List<Environment> list = new ArrayList<>(environments.values());
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Environment a = list.get(i);
                    Environment b = list.get(j);
                    if (a.account() == null || !a.account().equals(b.account())) {
                        continue;
                    }
                    Cidr first = Cidr.parse(a.cidr(), new String[1]).orElseThrow();
                    Cidr second = Cidr.parse(b.cidr(), new String[1]).orElseThrow();
                    if (first.overlaps(second)) {
                        fields.problem(nodes.get(b.name()), "environments." + b.name() + ".cidr", "overlaps"
                                + " environments." + a.name() + ".cidr (" + a.cidr() + " and " + b.cidr() + ") in the"
                                + " same account " + a.account() + "; give each environment its own range");
                    }
                }
            }
        }
    }
}
