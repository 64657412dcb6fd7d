package dev.berth.cli.local;

import dev.berth.cli.ContainerEngine;
import dev.berth.cli.UsageFailure;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ImageSource;
import dev.berth.model.ServiceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code berth up}: the services of berth.yaml's local environment on this machine, with the cloud's contract. Their
 * data tier (one PostgreSQL, Redis, S3) runs as processes of this machine; the services run in the container engine, on
 * a network where each is {@code SERVICE.PROJECT.local}, or, when every one is a built Spring Boot jar and none calls
 * another, as plain Java processes. One entry point routes as the load balancer does. Stopping goes in the cloud's
 * order: the entry point drains, the services stop (callers before what they call), then the data tier saves and stops.
 */
public final class LocalRun {

    /** The name containers reach this machine by (its address on their network). */
    static final String HOST_ALIAS = "host.berth.internal";
    /** Where a service that runs on this machine itself reaches the data tier. */
    static final String LOOPBACK_HOST = "localhost";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final EnvironmentModel model;
    private final Settings settings;
    private final LogSink log;
    private final List<RunningService> running = new ArrayList<>();
    private final Map<String, Duration> readyAfter = new LinkedHashMap<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private ContainerEngine engine;
    private volatile LocalNetwork network;
    private volatile LocalDatabase database;
    private volatile LocalCache cache;
    private volatile LocalBuckets buckets;
    private volatile EntryPoint entryPoint;
    private int s3Port;

    /**
     * How this run goes.
     *
     * @param port the entry point's port
     * @param state the project's {@code .berth/}
     * @param services the services named on the command line (none: all)
     * @param engine the container engine, when the machine has one
     * @param containers whether every service runs in the engine, even one that could run as a process
     * @param build the build arguments and the engine's build options, for the images built here
     */
    public record Settings(int port, LocalState state, List<String> services, Optional<ContainerEngine> engine, boolean containers,
            Build build) {
    }

    /** What every image build of the run gets, as berth push takes them. */
    public record Build(List<String> arguments, List<String> engineOptions) {
    }

    public LocalRun(EnvironmentModel model, Settings settings, LogSink log) {
        this.model = model;
        this.settings = settings;
        this.log = log;
    }

    /** The names every log line of a run of {@code model} may carry, for aligned prefixes. */
    public static List<String> logNames(EnvironmentModel model) {
        List<String> names = new ArrayList<>(model.services().all().stream().map(ServiceModel::name).toList());
        names.addAll(List.of("cache", "s3"));
        return names;
    }

    /**
     * Starts everything, waits for a stop signal (or for every service to end), stops everything in order.
     *
     * @return the exit code: 130 after SIGINT, 143 after SIGTERM, 1 when the services ended by themselves
     */
    public int run() throws IOException, InterruptedException {
        List<ServiceModel> services = chosen();
        Map<ServiceModel, Path> jars = jars(services);
        boolean asProcesses = !settings.containers() && jars.size() == services.size()
                && services.stream().allMatch(service -> service.uses().calls().isEmpty());
        requireTools(services, asProcesses);
        Thread forced = Thread.ofPlatform().unstarted(this::kill);
        Runtime.getRuntime().addShutdownHook(forced);
        StopSignals.install(events::add, this::forceStop);
        try {
            Map<String, String> images = asProcesses ? Map.of() : prepareContainers(services);
            startDatabaseAndCache(services, asProcesses);
            List<String> bucketNames = services.stream().filter(service -> service.uses().bucket()).map(this::bucketName).toList();
            s3Port = FreePort.any();
            String publicUrl = "http://localhost:" + settings.port();
            Sources sources = new Sources(asProcesses ? LOOPBACK_HOST : HOST_ALIAS, publicUrl);
            log.berth("starting " + String.join(", ", services.stream().map(ServiceModel::name).toList())
                    + (asProcesses ? " as Java processes" : " in " + engine.name()) + "...");
            long started = System.nanoTime();
            for (ServiceModel service : services) {
                Map<String, String> variables = LocalVariables.of(model, service, sources);
                running.add(asProcesses
                        ? JarService.start(service.name(), jars.get(service), settings.state().work().resolve(service.name()), variables, log)
                        : ContainerService.start(engine, new ContainerService.Placement(network, HOST_ALIAS, model.naming().project()),
                                new ContainerService.Workload(service.name(), images.get(service.name()), service.routing().port(), variables), log));
            }
            if (!bucketNames.isEmpty()) {
                startBuckets(bucketNames, asProcesses);
            }
            if (!awaitReady(services, started)) {
                stopAll();
                return 1;
            }
            entryPoint = EntryPoint.start(settings.port(), LocalRoutes.of(model, services, running));
            printReady(services, publicUrl);
            String event = awaitEvent();
            if (event.equals(StopSignals.ENDED)) {
                log.berth("every service has ended; stopping");
                stopAll();
                return 1;
            }
            log.berth("stopping (" + event + "; Ctrl-C again forces)...");
            stopAll();
            return event.equals("SIGTERM") ? 143 : 130;
        } catch (RuntimeException | IOException e) {
            stopAll();
            throw e;
        } finally {
            removeHook(forced);
        }
    }

    private List<ServiceModel> chosen() {
        List<ServiceModel> all = model.services().all();
        if (settings.services().isEmpty()) {
            return all;
        }
        Set<String> names = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(settings.services());
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            ServiceModel service = model.services().named(name).orElseThrow(() -> new UsageFailure("berth: no service '" + name
                    + "' in berth.yaml; it has " + String.join(", ", all.stream().map(ServiceModel::name).toList())));
            if (names.add(name)) {
                pending.addAll(service.uses().calls());
            }
        }
        List<String> added = names.stream().filter(name -> !settings.services().contains(name)).toList();
        if (!added.isEmpty()) {
            log.berth("also starting " + String.join(", ", added) + ": called by the services named");
        }
        return all.stream().filter(service -> names.contains(service.name())).toList();
    }

    private static Map<ServiceModel, Path> jars(List<ServiceModel> services) {
        Map<ServiceModel, Path> jars = new LinkedHashMap<>();
        for (ServiceModel service : services) {
            service.image().buildSource().flatMap(build -> JarService.jarOf(build.context().resolve(build.dockerfile())))
                    .ifPresent(jar -> jars.put(service, jar));
        }
        return jars;
    }

    /** Every program the run needs, checked before anything starts: one line naming what to install. */
    private void requireTools(List<ServiceModel> services, boolean asProcesses) {
        List<String> missing = new ArrayList<>();
        if (!asProcesses && settings.engine().isEmpty()) {
            missing.add("a container engine, podman or docker, for " + String.join(", ", services.stream().map(ServiceModel::name).toList())
                    + " (only Spring Boot jars built in this repository that call no other service run without one)"
                    + ContainerEngine.unanswered(System.getenv()));
        }
        if (services.stream().anyMatch(service -> service.cache().isPresent()) && !onPath(LocalCache.EXECUTABLE)) {
            missing.add("redis-server, for the cache (apt-get install redis-server, brew install redis)");
        }
        if (services.stream().anyMatch(service -> service.uses().bucket()) && !onPath(LocalBuckets.EXECUTABLE)) {
            missing.add("moto_server, for the buckets (pip install 'moto[server]')");
        }
        if (!missing.isEmpty()) {
            throw new UsageFailure("berth: berth up needs " + String.join("; and ", missing));
        }
        if (!FreePort.isFree(settings.port())) {
            int other = settings.port();
            do {
                other++;
            } while (other <= 65535 && other < settings.port() + 100 && !FreePort.isFree(other));
            throw new UsageFailure("berth: port " + settings.port() + " is in use by another program; stop it, or pick another port"
                    + " with --port" + (other <= 65535 && FreePort.isFree(other) ? " (" + other + " is free)" : ""));
        }
    }

    private static boolean onPath(String executable) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, executable)));
    }

    /** The engine's network and each service's image; what a killed run left behind is removed first. */
    private Map<String, String> prepareContainers(List<ServiceModel> services) {
        engine = settings.engine().orElseThrow();
        String project = model.naming().project();
        String leftovers = engine.output("ps", "--all", "--quiet", "--filter", "label=" + ContainerService.PROJECT_LABEL + "=" + project);
        if (!leftovers.isBlank()) {
            log.berth("removing containers an earlier berth up left behind");
            List<String> remove = new ArrayList<>(List.of("rm", "--force"));
            remove.addAll(leftovers.lines().toList());
            engine.output(remove.toArray(String[]::new));
        }
        network = LocalNetwork.ensure(engine, project);
        Map<String, String> images = new LinkedHashMap<>();
        for (ServiceModel service : services) {
            images.put(service.name(), image(service));
        }
        return images;
    }

    /** Built here from the service's Dockerfile, or, for an image built elsewhere, the repository's image this engine has. */
    private String image(ServiceModel service) {
        ImageSource source = service.image();
        if (source.buildSource().isPresent()) {
            ImageSource.Build build = source.buildSource().get();
            String image = "berth-local/" + model.naming().project() + "-" + service.name() + ":latest";
            log.berth("building " + service.name() + " (" + build.context().resolve(build.dockerfile()) + ")...");
            engine.buildHere(build.context(), build.dockerfile(), image, settings.build().arguments(), settings.build().engineOptions());
            return image;
        }
        String image = source.existingRepository() + ":latest";
        try {
            engine.output("image", "inspect", "--format", "{{.Id}}", image);
        } catch (ContainerEngine.EngineFailure missing) {
            throw new UsageFailure("berth: " + service.name() + "'s image comes from the repository " + source.existingRepository()
                    + ", which berth up cannot build: give the service image.build (its Dockerfile) beside image.repository, or"
                    + " put the image in " + engine.name() + " as " + image);
        }
        return image;
    }

    private void startDatabaseAndCache(List<ServiceModel> services, boolean asProcesses) throws IOException {
        LocalState state = settings.state();
        List<String> addresses = reachableAddresses(asProcesses);
        if (services.stream().anyMatch(service -> service.database().isPresent())) {
            database = LocalDatabase.start(state.postgres(), state.passwords(),
                    new LocalDatabase.Reach(addresses.stream().map(LocalRun::postgresAddress).toList(),
                            asProcesses ? null : network.subnet()));
            log.berth("PostgreSQL is up (data in " + state.postgres() + ")");
        }
        if (services.stream().anyMatch(service -> service.cache().isPresent())) {
            cache = LocalCache.start(state.redis(), state.passwords(), addresses, log);
            log.berth("Redis is up (data in " + state.redis() + ")");
        }
    }

    /**
     * moto, started once the containers are: it checks no credentials, so it listens on the loopback for processes and
     * on the containers' network alone for containers, whose gateway the engine may make only as the first one starts.
     */
    private void startBuckets(List<String> bucketNames, boolean asProcesses) throws IOException {
        String address = asProcesses ? "127.0.0.1" : network.gateway();
        if (!asProcesses && !FreePort.isLocalAddress(address)) {
            log.berth("warning: " + network.name() + "'s gateway " + address + " is not on this machine; S3 (moto, which checks"
                    + " no credentials) listens on every address");
            address = "0.0.0.0";
        }
        buckets = LocalBuckets.start(settings.state().buckets(), address, s3Port, bucketNames, model.naming().region(), log);
        log.berth("S3 (moto) is up with " + String.join(", ", bucketNames) + " (objects kept in " + settings.state().buckets() + ")");
    }

    /**
     * Where PostgreSQL and Redis listen: the loopback, and for containers their network's gateway, this machine's
     * address there. Before any container runs, an engine may not have made the gateway yet (CNI and netavark make the
     * bridge with the first container): then every address, where PostgreSQL admits the loopback and the containers'
     * network alone and Redis asks its password.
     */
    private List<String> reachableAddresses(boolean asProcesses) {
        if (asProcesses) {
            return List.of("127.0.0.1");
        }
        if (FreePort.isLocalAddress(network.gateway())) {
            return List.of("127.0.0.1", network.gateway());
        }
        return List.of("0.0.0.0");
    }

    /** PostgreSQL's spelling of an address: the loopback by name, every address as *. */
    private static String postgresAddress(String address) {
        return switch (address) {
            case "127.0.0.1" -> LOOPBACK_HOST;
            case "0.0.0.0" -> "*";
            default -> address;
        };
    }

    private String bucketName(ServiceModel service) {
        return model.naming().prefix() + "-" + service.name();
    }

    /** Waits for each service's health check to answer 2xx or 3xx, as the target group's does; prints each as it comes. */
    private boolean awaitReady(List<ServiceModel> services, long started) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = started + READY_TIMEOUT.toNanos();
        Set<String> pending = new LinkedHashSet<>(services.stream().map(ServiceModel::name).toList());
        while (!pending.isEmpty()) {
            for (int i = 0; i < services.size(); i++) {
                ServiceModel service = services.get(i);
                RunningService instance = running.get(i);
                if (!pending.contains(service.name())) {
                    continue;
                }
                if (!instance.alive()) {
                    log.berth(service.name() + " ended before it was ready; stopping");
                    return false;
                }
                if (answers(client, instance.address().resolve(service.routing().healthCheckPath()))) {
                    Duration after = Duration.ofNanos(System.nanoTime() - started);
                    readyAfter.put(service.name(), after);
                    pending.remove(service.name());
                    log.berth(service.name() + " is ready (" + seconds(after) + ")" + (pending.isEmpty() ? ""
                            : "; waiting for " + String.join(", ", pending)));
                }
            }
            if (System.nanoTime() > deadline) {
                log.berth(String.join(", ", pending) + " did not answer " + READY_TIMEOUT.toMinutes() + " minutes after starting; stopping");
                return false;
            }
            String event = events.poll(250, TimeUnit.MILLISECONDS);
            if (event != null) {
                log.berth("stopping (" + event + ") before everything was ready...");
                return false;
            }
        }
        return true;
    }

    private static boolean answers(HttpClient client, URI health) {
        try {
            int status = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 400;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void printReady(List<ServiceModel> services, String publicUrl) {
        log.berth(model.naming().project() + " is up on " + publicUrl + "; Ctrl-C stops it");
        for (int i = 0; i < services.size(); i++) {
            ServiceModel service = services.get(i);
            String reach = LocalRoutes.describe(model, service) + "  (" + running.get(i).address() + ", " + service.name() + "."
                    + model.naming().serviceNamespace() + ")";
            log.berth(String.format(Locale.ROOT, "  %-10s ready in %6s  %s", service.name(), seconds(readyAfter.get(service.name())), reach));
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** The next stop signal, or {@link StopSignals#ENDED} once every service has ended by itself. */
    private String awaitEvent() throws InterruptedException {
        while (true) {
            String event = events.poll(500, TimeUnit.MILLISECONDS);
            if (event != null) {
                return event;
            }
            if (running.stream().noneMatch(RunningService::alive)) {
                return StopSignals.ENDED;
            }
        }
    }

    /** The cloud's order: no new requests and those in flight answered, callers before what they call, then the data. */
    private void stopAll() {
        if (entryPoint != null) {
            entryPoint.stop(STOP_GRACE);
        }
        List<RunningService> order = new ArrayList<>(running);
        order.sort((a, b) -> Integer.compare(callDepth(a.name()), callDepth(b.name())));
        for (RunningService service : order) {
            if (service.alive()) {
                service.stop(STOP_GRACE);
                log.berth(service.name() + " stopped");
            }
        }
        closeDataTier();
    }

    /** 0 for a service no one calls, 1 for what those call, and so on: the order services stop in. */
    private int callDepth(String service) {
        int depth = 0;
        Set<String> level = Set.of(service);
        Set<String> seen = new LinkedHashSet<>(level);
        while (true) {
            Set<String> callers = new LinkedHashSet<>();
            for (String name : level) {
                model.services().callersOf(name).forEach(caller -> {
                    if (seen.add(caller.name())) {
                        callers.add(caller.name());
                    }
                });
            }
            if (callers.isEmpty()) {
                return depth;
            }
            depth++;
            level = callers;
        }
    }

    private void closeDataTier() {
        try {
            if (buckets != null) {
                buckets.close();
                log.berth("S3 stopped (objects saved)");
            }
        } catch (IOException e) {
            log.berth("warning: " + e.getMessage());
        }
        if (cache != null) {
            cache.close();
            log.berth("Redis stopped");
        }
        if (database != null) {
            try {
                database.close();
                log.berth("PostgreSQL stopped");
            } catch (IOException e) {
                log.berth("warning: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        if (network != null) {
            network.remove(engine);
        }
        buckets = null;
        cache = null;
        database = null;
        network = null;
    }

    /** The second Ctrl-C: everything killed now, nothing saved; then berth ends. */
    private void forceStop() {
        log.berth("forced: killing every service and the data tier");
        kill();
        Runtime.getRuntime().halt(130);
    }

    /**
     * What is still running, killed, whatever an ordered stop had reached: the JVM ends without one (the terminal
     * closed) or a second signal forces it. Nothing is saved; PostgreSQL gets its fast shutdown, which loses nothing
     * committed.
     */
    private void kill() {
        if (entryPoint != null) {
            entryPoint.stop(Duration.ZERO);
        }
        running.forEach(RunningService::kill);
        LocalBuckets s3 = buckets;
        if (s3 != null) {
            s3.kill();
        }
        LocalCache redis = cache;
        if (redis != null) {
            redis.kill();
        }
        LocalDatabase postgres = database;
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.berth("warning: PostgreSQL did not stop: " + e.getMessage());
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will
        }
    }

    /** The local values of the cloud's secrets and settings, as the services reach them from where they run. */
    private final class Sources implements LocalVariables.Sources {

        private final String host;
        private final String publicUrl;
        private final LocalSecrets secrets;

        Sources(String host, String publicUrl) {
            this.host = host;
            this.publicUrl = publicUrl;
            this.secrets = settings.state().secrets();
        }

        @Override
        public String databaseSecret(ServiceModel service) {
            try {
                return database.serviceSecret(service.name(), service.database().orElseThrow().databaseName(), host);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("could not make " + service.name() + "'s local database: " + e.getMessage(), e));
            }
        }

        @Override
        public String cacheSecret() {
            return cache.secret(host);
        }

        @Override
        public String declaredSecret(String secretName) {
            return secrets.value(secretName).orElse(null);
        }

        @Override
        public Map<String, String> bucket(ServiceModel service) {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(LocalVariables.BUCKET_NAME, bucketName(service));
            variables.putAll(LocalBuckets.clientVariables(host, s3Port, model.naming().region()));
            return variables;
        }

        @Override
        public String publicUrl() {
            return publicUrl;
        }
    }
}
