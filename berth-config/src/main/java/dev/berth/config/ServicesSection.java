package dev.berth.config;

import dev.berth.model.CacheModel;
import dev.berth.model.ComputeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ImageSource;
import dev.berth.model.NatMode;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.Services;
import dev.berth.model.SizeTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The services: what each runs and how the load balancer reaches it (file-wide), how big and how many (file-wide,
 * overridable per environment), and where its containers run (per environment).
 */
final class ServicesSection implements Section {

    static final Key FARGATE = Key.of("fargate", "weight ≥ 0", "0", "share of tasks on on-demand Fargate");
    static final Key FARGATE_SPOT = Key.of("fargate_spot", "weight ≥ 0", "0", "share of tasks on Fargate Spot");
    static final String RUNTIMES = "fargate, fargate_spot, ec2, kubernetes, apprunner (a site's front end), or {fargate: W, fargate_spot: W}";
    static final Key RUNTIME = new Key("runtime", RUNTIMES, "@profiles.runtime", "where the services run, unless a service says"
            + " otherwise; with both weights the first task is on-demand", "", List.of(FARGATE, FARGATE_SPOT));
    static final Key FILE_RUNTIME = new Key("runtime", RUNTIMES, "@profiles.runtime", "where the services of every environment run,"
            + " unless the environment or a service says otherwise", "", List.of(FARGATE, FARGATE_SPOT));
    static final Key SERVICE_RUNTIME = new Key("runtime", RUNTIMES, "the environment's runtime",
            "where this service runs: one key moves it (docs/compute.md)", "", List.of(FARGATE, FARGATE_SPOT));
    static final Key NAME = Key.of("name", "name (a-z, 0-9, -; ≤ 30)", "required", "unique in the file");
    static final Key BUILD = Key.of("build", "directory", "none",
            "the Docker context berth push builds from (relative to berth.yaml)");
    static final Key DOCKERFILE = Key.of("dockerfile", "file in build", "Dockerfile", "the Dockerfile, with build");
    static final Key REPOSITORY = Key.of("repository", "ECR repository name", "the environment's own",
            "an existing repository to pull from (and push to); without it each environment creates project/env/service");
    static final Key IMAGE = Key.of("image", "{build: DIR, dockerfile: FILE} and/or {repository: NAME}", "required",
            "where the image is built from and which ECR repository holds it; it runs by tag").holding(BUILD, DOCKERFILE, REPOSITORY);
    static final Key PORT = Key.defaulted("port", "1–65535", "service.port", "the port the container listens on");
    static final Key HEALTH_CHECK = Key.defaulted("health_check", "URL path", "service.health_check", "the path the load balancer probes");
    static final Key SIZE = Key.defaulted("size", "micro, small, medium, large", "service.size",
            "task size: 0.25, 0.5, 1, 2 vCPU with 0.5, 1, 2, 4 GB");
    static final Key MIN = Key.defaulted("min", "0–1000", "service.min", "fewest running tasks");
    /** Shorter idle times would put a service to sleep between one user's clicks. */
    static final int MIN_IDLE_MINUTES = 5;
    /** CloudWatch evaluates an alarm over at most a day. */
    static final int MAX_IDLE_MINUTES = 24 * 60;
    /** Without a max, a service may still scale out to this many tasks (or to its min, if that is more). */
    static final int MAX_FLOOR = 4;
    static final Key MAX = Key.of("max", "1–1000, ≥ min", "max(" + MAX_FLOOR + ", min)", "most running tasks");
    static final Key CPU = Key.defaulted("cpu", "10–90", "service.scaling.cpu", "average CPU % autoscaling holds");
    static final Key REQUESTS_PER_TARGET = Key.defaulted("requests_per_target", "1–1000000", "service.scaling.requests_per_target",
            "requests per task per minute autoscaling holds");
    static final Key MEMORY = Key.defaulted("memory", "10–95", "service.scaling.memory", "average memory % autoscaling holds");
    static final Key SCALING = Key.of("scaling", "mapping", "see its keys", "autoscaling targets").holding(CPU, REQUESTS_PER_TARGET, MEMORY);
    static final Key IDLE_AFTER = Key.of("idle_after", "minutes or hours, " + MIN_IDLE_MINUTES + "m–24h: 30m, 2h", "none (never sleeps)",
            "scale to zero after this long without a request; the next request wakes it");
    static final Key PATH = Key.of("path", "ALB path pattern", "none",
            "routes the pattern here; exactly one service has none and takes the rest (a site's front end has none, and is not it)");
    static final Key STATIC_DIRECTORY = Key.of("directory", "directory", "required",
            "the built files berth push uploads (relative to berth.yaml), keys their paths in it");
    static final Key STATIC_PATH = Key.of("path", "CloudFront path pattern ending in /*", "/static/*",
            "the requests CloudFront answers from those files");
    static final Key STATIC = Key.of("static", "mapping", "none",
            "static files CloudFront serves from the environment's assets bucket").holding(STATIC_DIRECTORY, STATIC_PATH);
    static final Key DATABASE_NAME = Key.of("name", "PostgreSQL name (a-z, 0-9, _; ≤ 63)", "the service's name, '-' as '_'",
            "its database's and login role's name; a database is never renamed");
    static final Key SECRET_VARIABLES = Key.of("env", "mapping of VARIABLE: field of the secret", "none",
            "more variables the app reads, each from one field of the secret (ECS injects it; nothing is assembled in plain text)");
    static final Key DATABASE = Key.of("database", "true, or {name: NAME, env: {VARIABLE: field}}", "none",
            "a database and login role of its own, as DB_SECRET (RDS's JSON: host, port, dbname, username, password, url,"
                    + " jdbc_url, reader_host...)").holding(DATABASE_NAME, SECRET_VARIABLES);
    static final Key CACHE = Key.of("cache", "true, or {env: {VARIABLE: field}}", "none",
            "the environment's Redis, as CACHE_SECRET (host, port, token, tls, url); only these services reach it")
            .holding(SECRET_VARIABLES);
    static final Key BUCKET = Key.of("bucket", "bool", "false", "a bucket of its own for the files it keeps, as BUCKET_NAME");
    static final Key SECRETS = Key.of("secrets", "list of names (a-z, 0-9, -)", "none",
            "its secrets in Secrets Manager (project/ENV/SERVICE/NAME), each as the variable NAME in capitals, '-' as '_'");
    static final Key ENV = Key.of("env", "mapping of VARIABLE: value", "none", "plain settings; a credential is refused (use secrets)");
    static final Key CALLS = Key.of("calls", "list of service names", "none",
            "the services it calls, at SERVICE.PROJECT.local: no other call is allowed");
    static final Key INTERNAL = Key.of("internal", "bool", "false", "no load-balancer route: only the services that call it reach it");
    static final Key PROXY = Key.of("proxy", "nginx or none", "none",
            "an nginx container in the task, in front of the app: the only port the load balancer reaches");
    static final Key SERVICES = Key.of("services", "list", "required", "the services")
            .listOf(NAME, IMAGE, SERVICE_RUNTIME, PORT, HEALTH_CHECK, SIZE, MIN, MAX, SCALING, IDLE_AFTER, PATH, STATIC, INTERNAL, PROXY, DATABASE,
                    CACHE, BUCKET, SECRETS, ENV, CALLS);
    static final Key SHARED_SECRETS = Key.of("secrets", "list of names (a-z, 0-9, -)", "none",
            "secrets every service receives (project/ENV/shared/NAME), each as the variable NAME in capitals");

    static final Key OVERRIDES = Key.of("services", "mapping of service names", "none",
            "per-service settings in this environment").named("SERVICE", SERVICE_RUNTIME, SIZE, MIN, MAX, SCALING, IDLE_AFTER, ENV);

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_./*?-]*");
    private static final Pattern URL_PATH = Pattern.compile("/\\S*");
    private static final Pattern STATIC_PATTERN = Pattern.compile("(/[A-Za-z0-9_.-]+)+/\\*");
    private static final Pattern IDLE_TIME = Pattern.compile("([1-9][0-9]{0,3})([mh])");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** The name of a service's database secret, beside its declared ones. */
    static final String RESERVED_SECRET = "database";
    private static final Pattern POSTGRES_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** What Berth itself sets, and what ECS and the AWS SDKs read. */
    static final List<String> RESERVED_VARIABLES = List.of("DB_SECRET", "CACHE_SECRET", "BUCKET_NAME");
    private static final Pattern RESERVED_PREFIX = Pattern.compile("(AWS_|ECS_).*");
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY).*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREDENTIAL_VALUE = Pattern.compile("(?s).*((AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY"
            + "|[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-|sk_live_).*");
    private static final Pattern SETTING_VALUE = Pattern.compile("-?[0-9]+(\\.[0-9]+)?|true|false");

    /** A service as the file declares it, before any environment's overrides. */
    private record Declared(String name, Node node, String path, Map<String, Node> entries, String pathPattern, Built built) {
    }

    /** What the service is made of and what it uses, as the file says it for every environment. */
    private record Built(ImageSource image, ServiceModel.Uses uses, ServiceModel.Reach reach, ServiceModel.Proxy proxy) {
    }

    private final Map<String, Declared> declared = new LinkedHashMap<>();
    /** Where each service's runtime was set, by {@code ENVIRONMENT/SERVICE}: what a runtime's problem points at. */
    private final Map<String, RuntimeChecks.Setting> runtimeSettings = new HashMap<>();
    private List<String> sharedSecrets = List.of();
    private boolean valid;

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(FILE_RUNTIME, SERVICES, SHARED_SECRETS) : List.of(RUNTIME, OVERRIDES);
    }

    @Override
    public void readFile(FileReading file) {
        YamlFields fields = file.fields;
        Optional<Node> list = fields.required(file.top, file.root, "", SERVICES.name());
        if (list.isEmpty()) {
            return;
        }
        List<Node> items = fields.sequence(list.get(), SERVICES.name());
        if (items.isEmpty() && list.get() instanceof SequenceNode) {
            fields.problem(list.get(), SERVICES.name(), "expected at least one service");
        }
        int problemsBefore = fields.problems().size();
        sharedSecrets = secretNames(file.top.get(SHARED_SECRETS.name()), SHARED_SECRETS.name(), fields);
        Map<String, Node> seenNames = new HashMap<>();
        Map<String, String> frontEnds = frontEnds(file.top.get(SitesSection.SITES.name()));
        Node defaultRoute = null;
        Map<String, Node> staticPatterns = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = servicePath(item, i);
            Map<String, Node> entries = fields.mapping(item, path, SERVICES.childNames());
            Optional<String> name = fields.required(entries, item, path, NAME.name())
                    .flatMap(node -> fields.matching(node, YamlFields.join(path, NAME.name()), SERVICE_NAME,
                            "a lowercase name of letters, digits and '-', starting with a letter, at most 30 characters"));
            if (name.isPresent() && name.get().equals(Services.SHARED)) {
                fields.problem(entries.get(NAME.name()), YamlFields.join(path, NAME.name()), "'" + Services.SHARED + "' names the"
                        + " secrets every service receives (project/ENV/shared/NAME); call the service otherwise");
            } else if (name.isPresent()) {
                Node previous = seenNames.putIfAbsent(name.get(), entries.get(NAME.name()));
                if (previous != null) {
                    fields.problem(entries.get(NAME.name()), YamlFields.join(path, NAME.name()), "duplicate service name '"
                            + name.get() + "' (first at line " + YamlFields.line(previous) + ")");
                    continue;
                }
            }
            ImageSource image = fields.required(entries, item, path, IMAGE.name())
                    .map(node -> image(node, YamlFields.join(path, IMAGE.name()), file)).orElse(null);
            String pathPattern = Optional.ofNullable(entries.get(PATH.name()))
                    .flatMap(node -> fields.matching(node, YamlFields.join(path, PATH.name()), PATH_PATTERN,
                            "an ALB path pattern such as /api/*"))
                    .orElse(null);
            boolean internal = entries.containsKey(INTERNAL.name())
                    && fields.bool(entries.get(INTERNAL.name()), YamlFields.join(path, INTERNAL.name())).orElse(false);
            boolean frontEnd = name.isPresent() && frontEnds.containsKey(name.get());
            if (internal && entries.containsKey(PATH.name())) {
                fields.problem(entries.get(PATH.name()), YamlFields.join(path, PATH.name()), "an internal service has no"
                        + " load-balancer route; leave path out, or internal");
            } else if (frontEnd && !internal && entries.containsKey(PATH.name())) {
                fields.problem(entries.get(PATH.name()), YamlFields.join(path, PATH.name()), "the front end of site "
                        + frontEnds.get(name.get()) + " takes every path of its own distribution (the load balancer routes it by"
                        + " the site's header, not a path); leave path out");
            } else if (!internal && !frontEnd && entries.get(PATH.name()) == null) {
                if (defaultRoute != null) {
                    fields.problem(item, path, "only one service can take the default route; give this one a path"
                            + " (such as /api/*) or give one to the service at line " + YamlFields.line(defaultRoute));
                } else {
                    defaultRoute = item;
                }
            }
            if (frontEnd && entries.containsKey(STATIC.name())) {
                fields.problem(entries.get(STATIC.name()), YamlFields.join(path, STATIC.name()), "the front end of site "
                        + frontEnds.get(name.get()) + " serves its own static files through the site's distribution (the assets"
                        + " bucket serves the environment's distribution alone); leave static out");
            }
            ServiceModel.StaticFiles staticFiles = entries.containsKey(STATIC.name()) && !frontEnd
                    ? staticFiles(entries.get(STATIC.name()), YamlFields.join(path, STATIC.name()), file, staticPatterns) : null;
            String serviceName = name.orElse("invalid-" + i);
            ServiceModel.Proxy proxy = entries.containsKey(PROXY.name())
                    ? fields.oneOf(entries.get(PROXY.name()), YamlFields.join(path, PROXY.name()),
                            Map.of("nginx", ServiceModel.Proxy.NGINX, "none", ServiceModel.Proxy.NONE)).orElse(ServiceModel.Proxy.NONE)
                    : ServiceModel.Proxy.NONE;
            ServiceModel.Uses uses = uses(serviceName, entries, path, fields, staticFiles);
            ServiceModel.Reach reach = internal ? ServiceModel.Reach.INTERNAL
                    : frontEnd ? ServiceModel.Reach.FRONT_END : ServiceModel.Reach.ROUTED;
            Declared service = new Declared(serviceName, item, path, entries, frontEnd ? null : pathPattern,
                    new Built(image, uses, reach, proxy));
            // Checked once here, so a problem is reported even when no environment can be read.
            capacity(settings(service, null, null, fields), fields);
            routing(settings(service, null, null, fields), fields, service.built(), pathPattern, 0);
            if (entries.containsKey(SERVICE_RUNTIME.name())) {
                runtime(entries.get(SERVICE_RUNTIME.name()), YamlFields.join(path, SERVICE_RUNTIME.name()), fields);
            }
            declared.put(service.name(), service);
        }
        if (!items.isEmpty() && defaultRoute == null) {
            fields.problem(list.get(), SERVICES.name(), "one service that is not internal must have no path: it takes the"
                    + " requests no path pattern matches");
        }
        checkCalls(fields);
        valid = fields.problems().size() == problemsBefore && !items.isEmpty();
    }

    /**
     * The services that are sites' front ends, by name, with the site each renders: read from the {@code sites} list as
     * written, before its own section reads it (which reports what is wrong there: an unknown service, one that is
     * internal, one that renders two sites). A front end is not the default route and has no path.
     */
    private static Map<String, String> frontEnds(Node sites) {
        Map<String, String> frontEnds = new HashMap<>();
        if (!(sites instanceof SequenceNode list)) {
            return frontEnds;
        }
        for (Node item : list.getValue()) {
            if (item instanceof MappingNode mapping) {
                String site = scalar(mapping, SitesSection.NAME.name());
                String service = scalar(mapping, SitesSection.SERVICE.name());
                if (service != null) {
                    frontEnds.putIfAbsent(service, site == null ? "?" : site);
                }
            }
        }
        return frontEnds;
    }

    private static String scalar(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)
                    && tuple.getValueNode() instanceof ScalarNode value && !value.getValue().isBlank()) {
                return value.getValue();
            }
        }
        return null;
    }

    /** {@code services.NAME} when the item has a name, else {@code services[i]}: one way, whatever is wrong with it. */
    private static String servicePath(Node item, int index) {
        if (item instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(NAME.name())
                        && tuple.getValueNode() instanceof ScalarNode value && !value.getValue().isBlank()) {
                    return SERVICES.name() + "." + value.getValue();
                }
            }
        }
        return SERVICES.name() + "[" + index + "]";
    }

    @Override
    public Optional<Services> read(EnvironmentReading environment) {
        YamlFields fields = environment.fields();
        Settings settings = environment.settings();
        // The environment's runtime, else the file's, else the profile's (a problem then points at the environment).
        Optional<Node> fileRuntime = fileRuntime(environment);
        RuntimeChecks.Setting runtimeSetting = fileRuntime.map(node -> new RuntimeChecks.Setting(node, FILE_RUNTIME.name()))
                .orElse(new RuntimeChecks.Setting(settings.at(RUNTIME.name()), settings.path(RUNTIME.name())));
        Optional<Runtime> environmentRuntime = runtime(fileRuntime.orElse(settings.get(RUNTIME.name())), runtimeSetting.path(), fields);
        Map<String, Node> overrides = overrides(environment);
        if (!valid || environmentRuntime.isEmpty()) {
            return Optional.empty();
        }
        List<ServiceModel> services = new ArrayList<>();
        int priority = 10;
        boolean complete = true;
        for (Declared service : declared.values()) {
            String overridePath = settings.path(OVERRIDES.name()) + "." + service.name();
            Settings merged = settings(service, overrides.get(service.name()), overridePath, fields);
            Optional<ServiceModel.Capacity> capacity = capacity(merged, fields);
            Optional<ServiceModel.Routing> routing = routing(merged, fields, service.built(), service.pathPattern(), priority);
            Optional<Runtime> runtime = merged.isWritten(SERVICE_RUNTIME.name())
                    ? runtime(merged.get(SERVICE_RUNTIME.name()), merged.path(SERVICE_RUNTIME.name()), fields) : environmentRuntime;
            if (capacity.isEmpty() || routing.isEmpty() || runtime.isEmpty()) {
                complete = false;
                continue;
            }
            runtimeSettings.put(environment.naming().environment() + "/" + service.name(), merged.isWritten(SERVICE_RUNTIME.name())
                    ? new RuntimeChecks.Setting(merged.at(SERVICE_RUNTIME.name()), merged.path(SERVICE_RUNTIME.name()))
                    : runtimeSetting);
            if (routing.get().proxy() == ServiceModel.Proxy.NGINX && blueGreen(settings)) {
                fields.problem(service.entries().get(PROXY.name()), YamlFields.join(service.path(), PROXY.name()), "a blue-green"
                        + " release switches the app's container and port, and nginx stands in front of them: use deployment:"
                        + " rolling in " + settings.path() + ", or leave proxy out");
                complete = false;
                continue;
            }
            if (capacity.get().scaleToZero().isPresent() && routing.get().internal()) {
                fields.problem(merged.at(IDLE_AFTER.name()), merged.path(IDLE_AFTER.name()), "a sleeping service is woken by a"
                        + " request through the load balancer, and an internal service has no route there: leave idle_after out,"
                        + " or internal");
                complete = false;
                continue;
            }
            if (capacity.get().scaleToZero().isPresent() && blueGreen(settings)) {
                fields.problem(merged.at(IDLE_AFTER.name()), merged.path(IDLE_AFTER.name()), "scale-to-zero switches the service's"
                        + " listener rule, and so do blue-green deployments: use deployment: rolling, or leave idle_after out");
                complete = false;
                continue;
            }
            services.add(new ServiceModel(service.name(), service.built().image(), routing.get(), capacity.get(), runtime.get(),
                    withOverriddenSettings(service, merged, fields)));
            if (service.pathPattern() != null) {
                priority += 10;
            }
        }
        return complete ? Optional.of(new Services(services, sharedSecrets)) : Optional.empty();
    }

    /** The file-wide runtime, when the environment sets none of its own. */
    private static Optional<Node> fileRuntime(EnvironmentReading environment) {
        Node inFile = environment.file().top.get(FILE_RUNTIME.name());
        return environment.settings().isWritten(RUNTIME.name()) || inFile == null || YamlFields.isNull(inFile)
                ? Optional.empty() : Optional.of(inFile);
    }

    /** Whether the environment deploys blue-green (the delivery section reports a value that is neither). */
    private static boolean blueGreen(Settings environment) {
        return environment.written(DeliverySection.DEPLOYMENT.name()) instanceof ScalarNode deployment
                && deployment.getValue().equals("blue-green");
    }

    /** The environment's {@code services} overrides, by service name; unknown names are problems. */
    private Map<String, Node> overrides(EnvironmentReading environment) {
        YamlFields fields = environment.fields();
        Settings settings = environment.settings();
        Map<String, Node> overrides = new LinkedHashMap<>();
        String path = settings.path(OVERRIDES.name());
        fields.namedEntries(settings.written(OVERRIDES.name()), path).forEach((name, entry) -> {
            if (!declared.containsKey(name)) {
                fields.problem(entry.key(), path + "." + name, "no service '" + name + "' in the file"
                        + YamlFields.didYouMean(name, declared.keySet()) + "; expected one of " + String.join(", ", declared.keySet()));
            } else {
                overrides.put(name, entry.value());
            }
        });
        return overrides;
    }

    private Settings settings(Declared service, Node override, String overridePath, YamlFields fields) {
        List<Settings.Level> written = new ArrayList<>();
        if (override != null) {
            written.add(new Settings.Level(overridePath, fields.mapping(override, overridePath, OVERRIDES.childNames())));
        }
        written.add(new Settings.Level(service.path(), service.entries()));
        return new Settings(service.node(), written, List.of(Defaults.get().section("service")));
    }

    private static Optional<ServiceModel.Capacity> capacity(Settings settings, YamlFields fields) {
        Optional<SizeTier> size = fields.oneOf(settings.get(SIZE.name()), settings.path(SIZE.name()),
                YamlFields.byYamlName(SizeTier.values(), SizeTier::yamlName));
        Optional<Integer> min = fields.integer(settings.get(MIN.name()), settings.path(MIN.name()), 0, 1000);
        Optional<Integer> max = fields.integer(settings.get(MAX.name()), settings.path(MAX.name()), 1, 1000);
        Settings scaling = settings.nested(SCALING.name(), SCALING.childNames(), fields);
        Optional<Integer> cpu = fields.integer(scaling.get(CPU.name()), scaling.path(CPU.name()), 10, 90);
        Optional<Integer> requests = fields.integer(scaling.get(REQUESTS_PER_TARGET.name()),
                scaling.path(REQUESTS_PER_TARGET.name()), 1, 1_000_000);
        Optional<Integer> memory = fields.integer(scaling.get(MEMORY.name()), scaling.path(MEMORY.name()), 10, 95);
        Optional<Duration> idleAfter = idleAfter(settings, fields);
        if (size.isEmpty() || min.isEmpty() || cpu.isEmpty() || requests.isEmpty() || memory.isEmpty()
                || (settings.isWritten(MAX.name()) && max.isEmpty()) || (settings.isWritten(IDLE_AFTER.name()) && idleAfter.isEmpty())) {
            return Optional.empty();
        }
        int maxTasks = max.orElse(Math.max(MAX_FLOOR, min.get()));
        if (min.get() > maxTasks) {
            String key = settings.isWritten(MIN.name()) ? MIN.name() : MAX.name();
            fields.problem(settings.at(key), settings.path(MIN.name()), "expected min <= max; got min " + min.get()
                    + " > max " + maxTasks);
            return Optional.empty();
        }
        return Optional.of(new ServiceModel.Capacity(size.get(), min.get(), maxTasks,
                new ServiceModel.Targets(cpu.get(), requests.get(), memory.get()), idleAfter.orElse(null)));
    }

    /** {@code 30m} or {@code 2h}, from {@value #MIN_IDLE_MINUTES} minutes to a day; empty when unset or wrong. */
    private static Optional<Duration> idleAfter(Settings settings, YamlFields fields) {
        String path = settings.path(IDLE_AFTER.name());
        Optional<String> written = fields.matching(settings.written(IDLE_AFTER.name()), path, IDLE_TIME,
                "a time such as 30m or 2h (minutes or hours)");
        if (written.isEmpty()) {
            return Optional.empty();
        }
        var matcher = IDLE_TIME.matcher(written.get());
        matcher.matches();
        long amount = Long.parseLong(matcher.group(1));
        Duration idle = matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount);
        if (idle.toMinutes() < MIN_IDLE_MINUTES || idle.toMinutes() > MAX_IDLE_MINUTES) {
            fields.problem(settings.at(IDLE_AFTER.name()), path, "expected " + MIN_IDLE_MINUTES + "m to 24h (a shorter time puts"
                    + " the service to sleep between one user's clicks; CloudWatch watches at most a day); got " + written.get());
            return Optional.empty();
        }
        return Optional.of(idle);
    }

    private static Optional<ServiceModel.Routing> routing(Settings settings, YamlFields fields, Built built, String pathPattern,
            int priority) {
        Optional<Integer> port = fields.integer(settings.get(PORT.name()), settings.path(PORT.name()), 1, 65535);
        Optional<String> health = fields.matching(settings.get(HEALTH_CHECK.name()), settings.path(HEALTH_CHECK.name()),
                URL_PATH, "an absolute URL path such as /health");
        if (port.isEmpty() || health.isEmpty()) {
            return Optional.empty();
        }
        if (built.proxy() == ServiceModel.Proxy.NGINX && port.get() == ServiceModel.Proxy.NGINX_PORT) {
            fields.problem(settings.at(PORT.name()), settings.path(PORT.name()), "nginx listens on " + ServiceModel.Proxy.NGINX_PORT
                    + " in the task, in front of the app: give the app another port");
            return Optional.empty();
        }
        return Optional.of(new ServiceModel.Routing(port.get(), health.get(), pathPattern, pathPattern == null ? 0 : priority,
                built.reach(), built.proxy()));
    }

    /** What a service uses, as the file declares it; its plain settings are those of the file, before any environment's. */
    private ServiceModel.Uses uses(String service, Map<String, Node> entries, String path, YamlFields fields,
            ServiceModel.StaticFiles staticFiles) {
        ServiceModel.DatabaseAccess database = null;
        if (entries.containsKey(DATABASE.name()) && declaredOn(entries.get(DATABASE.name()), YamlFields.join(path, DATABASE.name()), fields)) {
            String databasePath = YamlFields.join(path, DATABASE.name());
            Map<String, Node> settings = entries.get(DATABASE.name()) instanceof MappingNode
                    ? fields.mapping(entries.get(DATABASE.name()), databasePath, DATABASE.childNames()) : Map.of();
            String databaseName = settings.containsKey(DATABASE_NAME.name())
                    ? fields.matching(settings.get(DATABASE_NAME.name()), YamlFields.join(databasePath, DATABASE_NAME.name()), POSTGRES_NAME,
                            "a PostgreSQL name of lowercase letters, digits and '_', at most 63 characters").orElse(null)
                    : service.replace('-', '_');
            if (databaseName != null && databaseName.startsWith("pg_")) {
                fields.problem(settings.get(DATABASE_NAME.name()), YamlFields.join(databasePath, DATABASE_NAME.name()),
                        "names starting with pg_ are PostgreSQL's own; choose another");
                databaseName = null;
            }
            Map<String, String> variables = secretVariables(settings.get(SECRET_VARIABLES.name()),
                    YamlFields.join(databasePath, SECRET_VARIABLES.name()), ServiceModel.DatabaseAccess.SECRET_FIELDS, fields);
            database = databaseName == null ? null : new ServiceModel.DatabaseAccess(databaseName, variables);
        }
        ServiceModel.CacheAccess cache = null;
        if (entries.containsKey(CACHE.name()) && declaredOn(entries.get(CACHE.name()), YamlFields.join(path, CACHE.name()), fields)) {
            String cachePath = YamlFields.join(path, CACHE.name());
            Map<String, Node> settings = entries.get(CACHE.name()) instanceof MappingNode
                    ? fields.mapping(entries.get(CACHE.name()), cachePath, CACHE.childNames()) : Map.of();
            cache = new ServiceModel.CacheAccess(secretVariables(settings.get(SECRET_VARIABLES.name()),
                    YamlFields.join(cachePath, SECRET_VARIABLES.name()), ServiceModel.CacheAccess.SECRET_FIELDS, fields));
        }
        boolean bucket = entries.containsKey(BUCKET.name()) && fields.bool(entries.get(BUCKET.name()), YamlFields.join(path, BUCKET.name()))
                .orElse(false);
        List<String> secrets = secretNames(entries.get(SECRETS.name()), YamlFields.join(path, SECRETS.name()), fields);
        for (String secret : secrets) {
            if (sharedSecrets.contains(secret)) {
                fields.problem(entries.get(SECRETS.name()), YamlFields.join(path, SECRETS.name()), "'" + secret + "' is also a shared"
                        + " secret (top-level secrets), which every service receives as " + ServiceModel.Variables.variableName(secret)
                        + "; name one of them otherwise");
            }
        }
        Map<String, String> plain = plainSettings(entries.get(ENV.name()), YamlFields.join(path, ENV.name()), fields);
        List<String> calls = new ArrayList<>();
        if (entries.containsKey(CALLS.name())) {
            for (Node call : fields.sequence(entries.get(CALLS.name()), YamlFields.join(path, CALLS.name()))) {
                fields.text(call, YamlFields.join(path, CALLS.name())).ifPresent(calls::add);
            }
        }
        return new ServiceModel.Uses(staticFiles, database, cache, bucket, new ServiceModel.Variables(plain, secrets), calls);
    }

    /** {@code true} or a mapping declares it; {@code false} does not. */
    private static boolean declaredOn(Node node, String path, YamlFields fields) {
        if (node instanceof MappingNode) {
            return true;
        }
        return fields.bool(node, path).orElse(false);
    }

    /** A list of secret names, each once. */
    private static List<String> secretNames(Node node, String path, YamlFields fields) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        for (Node item : fields.sequence(node, path)) {
            fields.matching(item, path, SECRET_NAME, "a secret name of lowercase letters, digits and '-', starting with a letter")
                    .ifPresent(name -> {
                        if (name.equals(RESERVED_SECRET)) {
                            fields.problem(item, path, "'" + RESERVED_SECRET + "' names the secret of a service's own database"
                                    + " (PROJECT/ENV/SERVICE/database); call this one otherwise");
                        } else if (names.contains(name)) {
                            fields.problem(item, path, "'" + name + "' is listed twice");
                        } else {
                            names.add(name);
                        }
                    });
        }
        return names;
    }

    /** Variables from fields of a secret: each name once, each field one the secret has. */
    private static Map<String, String> secretVariables(Node node, String path, List<String> secretFields, YamlFields fields) {
        return variables(node, path, fields, (variable, value, variablePath, field) -> {
            if (secretFields.contains(field)) {
                return true;
            }
            fields.problem(value, variablePath, "expected a field of the secret (" + String.join(", ", secretFields)
                    + "); got '" + field + "'" + YamlFields.didYouMean(field, secretFields));
            return false;
        });
    }

    /** Plain settings: names the app reads, values that are no credential. */
    private static Map<String, String> plainSettings(Node node, String path, YamlFields fields) {
        return variables(node, path, fields, (variable, value, variablePath, text) -> {
            boolean credentialName = CREDENTIAL_NAME.matcher(variable).matches() && !SETTING_VALUE.matcher(text).matches();
            if (!credentialName && !CREDENTIAL_VALUE.matcher(text).matches()) {
                return true;
            }
            fields.problem(value, variablePath, "looks like a credential, which must not be a plain setting (anyone who"
                    + " can read the task definition reads it): declare it under secrets, set it with berth secret set, and"
                    + " the service receives it as a secret variable");
            return false;
        });
    }

    /** Whether a variable's value is one it may take; reports the problem when not. */
    private interface ValueCheck {
        boolean accepts(String variable, Node value, String path, String text);
    }

    /** A mapping of variable names to text values, each name one an app may be given and each value accepted. */
    private static Map<String, String> variables(Node node, String path, YamlFields fields, ValueCheck check) {
        Map<String, String> variables = new LinkedHashMap<>();
        fields.namedEntries(node, path).forEach((variable, entry) -> {
            String variablePath = path + "." + variable;
            if (variableName(variable, entry.key(), variablePath, fields)) {
                fields.text(entry.value(), variablePath).filter(text -> check.accepts(variable, entry.value(), variablePath, text))
                        .ifPresent(text -> variables.put(variable, text));
            }
        });
        return variables;
    }

    /** Whether a variable name is one an app may be given; a problem when not. */
    private static boolean variableName(String variable, Node key, String path, YamlFields fields) {
        if (!VARIABLE_NAME.matcher(variable).matches()) {
            fields.problem(key, path, "expected an environment variable name (letters, digits and '_', not starting with a digit)");
            return false;
        }
        if (RESERVED_VARIABLES.contains(variable) || RESERVED_PREFIX.matcher(variable).matches()) {
            fields.problem(key, path, "'" + variable + "' is set by Berth, ECS or the AWS SDKs; choose another name");
            return false;
        }
        return true;
    }

    /** Each call names another service of the file; each variable is set once per service. */
    private void checkCalls(YamlFields fields) {
        for (Declared service : declared.values()) {
            Node callsNode = service.entries().get(CALLS.name());
            String path = YamlFields.join(service.path(), CALLS.name());
            for (String callee : service.built().uses().calls()) {
                if (callee.equals(service.name())) {
                    fields.problem(callsNode, path, "a service reaches itself without a call through the network; remove '" + callee + "'");
                } else if (!declared.containsKey(callee)) {
                    fields.problem(callsNode, path, "no service '" + callee + "' in the file" + YamlFields.didYouMean(callee, declared.keySet())
                            + "; expected one of " + String.join(", ", declared.keySet()));
                }
            }
            ServiceModel.Uses uses = service.built().uses();
            Map<String, String> owners = new LinkedHashMap<>();
            uses.variables().plain().keySet().forEach(variable -> claim(owners, variable, "env", service, fields));
            if (uses.database() != null) {
                uses.database().variables().keySet().forEach(variable -> claim(owners, variable, "database.env", service, fields));
            }
            if (uses.cache() != null) {
                uses.cache().variables().keySet().forEach(variable -> claim(owners, variable, "cache.env", service, fields));
            }
            uses.variables().secrets().forEach(secret -> claim(owners, ServiceModel.Variables.variableName(secret), "secrets", service, fields));
            sharedSecrets.forEach(secret -> claim(owners, ServiceModel.Variables.variableName(secret), "top-level secrets", service, fields));
        }
    }

    private static void claim(Map<String, String> owners, String variable, String where, Declared service, YamlFields fields) {
        String previous = owners.putIfAbsent(variable, where);
        if (previous != null) {
            fields.problem(service.node(), service.path(), "the variable " + variable + " is set twice, by " + previous + " and by "
                    + where + "; each variable is set once");
        }
    }

    /** The service's uses with its plain settings: the environment's over the file's. */
    private static ServiceModel.Uses withOverriddenSettings(Declared service, Settings merged, YamlFields fields) {
        ServiceModel.Uses uses = service.built().uses();
        Node overridden = merged.written(ENV.name());
        if (overridden == null || overridden == service.entries().get(ENV.name())) {
            return uses;
        }
        Map<String, String> plain = new LinkedHashMap<>(uses.variables().plain());
        plain.putAll(plainSettings(overridden, merged.path(ENV.name()), fields));
        return new ServiceModel.Uses(uses.staticFiles(), uses.database(), uses.cache(), uses.bucket(),
                new ServiceModel.Variables(plain, uses.variables().secrets()), uses.calls());
    }

    @Override
    public void checkAcross(List<EnvironmentModel> environments, FileReading file) {
        for (EnvironmentModel environment : environments) {
            environment.find(ComputeModel.class).ifPresent(compute -> new RuntimeChecks(environment, compute, file.fields,
                    service -> runtimeSettings.get(environment.name() + "/" + service)).check());
            if (environment.network().nat() == NatMode.NONE) {
                environment.services().all().stream().filter(service -> service.routing().proxy() == ServiceModel.Proxy.NGINX)
                        .forEach(service -> {
                            Declared declaration = declared.get(service.name());
                            file.fields.problem(declaration.entries().get(PROXY.name()), YamlFields.join(declaration.path(), PROXY.name()),
                                    "nginx's image comes from ECR Public, which the environment " + environment.name()
                                            + " cannot reach without NAT (nat: none); use a NAT gateway, or leave proxy out");
                        });
            }
            if (environment.find(CacheModel.class).isPresent()) {
                continue;
            }
            environment.services().all().stream().filter(service -> service.cache().isPresent()).forEach(service -> {
                Declared declaration = declared.get(service.name());
                file.fields.problem(declaration.entries().get(CACHE.name()), YamlFields.join(declaration.path(), CACHE.name()),
                        "the environment " + environment.name() + " has no cache: set cache: redis (top-level, or in environments."
                                + environment.name() + ")");
            });
        }
    }

    /** A directory (not checked: a build makes it) and a path pattern no other service serves. */
    private static ServiceModel.StaticFiles staticFiles(Node node, String path, FileReading file, Map<String, Node> seen) {
        YamlFields fields = file.fields;
        Map<String, Node> entries = fields.mapping(node, path, STATIC.childNames());
        Optional<String> directory = fields.required(entries, node, path, STATIC_DIRECTORY.name())
                .flatMap(value -> fields.text(value, YamlFields.join(path, STATIC_DIRECTORY.name())));
        String patternPath = YamlFields.join(path, STATIC_PATH.name());
        Optional<String> pattern = entries.containsKey(STATIC_PATH.name())
                ? fields.matching(entries.get(STATIC_PATH.name()), patternPath, STATIC_PATTERN,
                        "a path pattern of one or more directories ending in /*, such as /static/*")
                : Optional.of(STATIC_PATH.defaultValue());
        if (pattern.isPresent()) {
            Node where = entries.getOrDefault(STATIC_PATH.name(), node);
            Node previous = seen.putIfAbsent(pattern.get(), where);
            if (previous != null) {
                fields.problem(where, patternPath, "another service serves " + pattern.get() + " (line " + YamlFields.line(previous)
                        + "); give each service's static files their own path");
                return null;
            }
        }
        if (directory.isEmpty() || pattern.isEmpty()) {
            return null;
        }
        return new ServiceModel.StaticFiles(file.baseDirectory().resolve(directory.get()).normalize(), pattern.get());
    }

    private static ImageSource image(Node node, String path, FileReading file) {
        YamlFields fields = file.fields;
        Map<String, Node> entries = fields.mapping(node, path, IMAGE.childNames());
        if (!entries.containsKey(BUILD.name()) && !entries.containsKey(REPOSITORY.name())) {
            fields.problem(node, path, "expected build (a Docker context directory), repository (an existing ECR"
                    + " repository), or both");
            return null;
        }
        if (entries.containsKey(DOCKERFILE.name()) && !entries.containsKey(BUILD.name())) {
            fields.problem(entries.get(DOCKERFILE.name()), YamlFields.join(path, DOCKERFILE.name()), "only applies with build");
        }
        Optional<String> repository = entries.containsKey(REPOSITORY.name())
                ? fields.matching(entries.get(REPOSITORY.name()), YamlFields.join(path, REPOSITORY.name()), REPOSITORY_NAME,
                        "an ECR repository name (lowercase, digits, '.', '_', '-', '/')")
                : Optional.empty();
        Optional<ImageSource.Build> build = entries.containsKey(BUILD.name())
                ? build(entries, path, file) : Optional.empty();
        if (build.isEmpty() && repository.isEmpty()) {
            return null;
        }
        return new ImageSource(build.orElse(null), repository.orElse(null));
    }

    private static Optional<ImageSource.Build> build(Map<String, Node> entries, String path, FileReading file) {
        YamlFields fields = file.fields;
        Optional<String> context = fields.text(entries.get(BUILD.name()), YamlFields.join(path, BUILD.name()));
        String dockerfile = fields.text(entries.get(DOCKERFILE.name()), YamlFields.join(path, DOCKERFILE.name()))
                .orElse(DOCKERFILE.defaultValue());
        if (context.isEmpty()) {
            return Optional.empty();
        }
        Path directory = file.baseDirectory().resolve(context.get()).normalize();
        if (!Files.isDirectory(directory)) {
            fields.problem(entries.get(BUILD.name()), YamlFields.join(path, BUILD.name()), "expected a directory (relative to "
                    + file.file.getFileName() + "); '" + context.get() + "' does not exist");
            return Optional.empty();
        }
        if (!Files.isRegularFile(directory.resolve(dockerfile))) {
            Node where = entries.containsKey(DOCKERFILE.name()) ? entries.get(DOCKERFILE.name()) : entries.get(BUILD.name());
            fields.problem(where, YamlFields.join(path, DOCKERFILE.name()), "no file '" + dockerfile + "' in " + context.get());
            return Optional.empty();
        }
        return Optional.of(new ImageSource.Build(directory, dockerfile));
    }

    /** {@code fargate}, {@code fargate_spot}, {@code ec2}, {@code kubernetes}, {@code apprunner}, or weights for both Fargates. */
    private static Optional<Runtime> runtime(Node node, String path, YamlFields fields) {
        if (YamlFields.isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode) {
            Map<String, Runtime> choices = new LinkedHashMap<>();
            choices.put(FARGATE.name(), Runtime.Fargate.ON_DEMAND);
            choices.put(FARGATE_SPOT.name(), Runtime.Fargate.SPOT);
            choices.put(Runtime.Ec2.INSTANCE.describe(), Runtime.Ec2.INSTANCE);
            choices.put(Runtime.Kubernetes.INSTANCE.describe(), Runtime.Kubernetes.INSTANCE);
            choices.put(Runtime.AppRunner.INSTANCE.describe(), Runtime.AppRunner.INSTANCE);
            return fields.oneOf(node, path, choices);
        }
        Map<String, Node> weights = fields.mapping(node, path, RUNTIME.childNames());
        int onDemand = fields.integer(weights.get(FARGATE.name()), YamlFields.join(path, FARGATE.name()), 0, 1000).orElse(0);
        int spot = fields.integer(weights.get(FARGATE_SPOT.name()), YamlFields.join(path, FARGATE_SPOT.name()), 0, 1000).orElse(0);
        if (onDemand + spot == 0) {
            fields.problem(node, path, "expected fargate or fargate_spot, or weights for both such as"
                    + " {fargate: 1, fargate_spot: 3}, with at least one weight above 0");
            return Optional.empty();
        }
        return Optional.of(new Runtime.Fargate(onDemand, spot));
    }
}
