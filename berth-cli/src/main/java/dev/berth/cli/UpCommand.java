package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs Notejam on this machine, on an embedded PostgreSQL.",
                "Needs no AWS account and no database server. Notejam is berth.yaml's service with the default route; with"
                        + " database, it gets its own database and role from the same provisioner as on AWS, and the variables"
                        + " its task definition has there (DB_SECRET, the fields it maps, its env settings), valued locally."
                        + " Notes are kept in --data-dir between runs; Ctrl-C stops Notejam cleanly."})
final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The HTTP port Notejam listens on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where PostgreSQL keeps the data (default: .berth/notejam in the Berth repository).")
    Path dataDirectory;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The berth.yaml whose service Notejam is (default: berth.yaml in the Berth repository).")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        requireFree(port);
        Path home = CdkCli.berthHome();
        Path jar = home.resolve("notejam").resolve("target").resolve("notejam.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UsageFailure("berth: Notejam is not built (" + jar + "); ./berth up builds it, or run"
                    + " ./mvnw -pl notejam package -DskipTests");
        }
        Path data = (dataDirectory != null ? dataDirectory : home.resolve(".berth").resolve("notejam")).toAbsolutePath();
        Files.createDirectories(data);
        EnvironmentModel model = localModel(config != null ? config : home.resolve("berth.yaml"));
        ServiceModel service = model.services().routed().stream().filter(candidate -> candidate.routing().isDefaultRoute())
                .findFirst().orElseThrow();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar",
                extracted(java, jar, home.resolve(".berth").resolve("app")).toString(), "--server.port=" + port));
        LocalDatabase database = null;
        Map<String, String> variables;
        try {
            if (service.database().isPresent()) {
                database = LocalDatabase.start(data.resolve("postgres"), data.resolve("secrets"));
                variables = LocalVariables.of(service, model.services().sharedSecrets(),
                        database.serviceSecret(service.name(), service.database().get().databaseName()));
                command.add("--notejam.database.sslmode=" + LocalDatabase.LOCAL_TLS);
            } else {
                variables = LocalVariables.of(service, model.services().sharedSecrets(), null);
                command.add("--notejam.embedded-postgres.data-directory=" + data.resolve("postgres"));
            }
        } catch (IllegalStateException e) {
            close(database);
            throw new UsageFailure("berth: " + e.getMessage());
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(variables);
        Process notejam = builder.start();
        LocalDatabase started = database;
        // Ctrl-C reaches both processes; this one waits for Notejam's graceful shutdown instead of orphaning it, then
        // stops PostgreSQL.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(notejam);
            close(started);
        }));

        String url = "http://localhost:" + port;
        if (awaitReady(notejam, url)) {
            out.println("berth: Notejam is ready on " + url + " (data in " + data + "); Ctrl-C stops it");
            out.flush();
        }
        int exit = notejam.waitFor();
        // 130 and 143: stopped by SIGINT or SIGTERM after a clean shutdown.
        return exit == 0 || exit == 130 || exit == 143 ? Berth.OK : Berth.FAILED;
    }

    /** Before anything starts: a port another program holds would only fail once PostgreSQL and the app are up. */
    static void requireFree(int port) {
        if (!free(port)) {
            int other = port;
            do {
                other++;
            } while (other <= 65535 && other < port + 100 && !free(other));
            throw new UsageFailure("berth: port " + port + " is in use by another program; stop it, or pick another port with"
                    + " --port" + (other <= 65535 && free(other) ? " (" + other + " is free)" : ""));
        }
    }

    /** Whether a server can listen on the port on every address, as the app will. */
    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /**
     * Notejam as its image runs it, extracted into plain jars: run as one executable jar, Spring Boot's nested-jar class
     * loader can deadlock under virtual threads while classes still load (spring-projects/spring-boot#51463). The
     * extraction is made again when the jar is newer.
     */
    static Path extracted(String java, Path jar, Path directory) throws IOException, InterruptedException {
        Path launcher = directory.resolve(jar.getFileName());
        if (Files.isRegularFile(launcher) && !Files.getLastModifiedTime(jar).toInstant().isAfter(
                Files.getLastModifiedTime(launcher).toInstant())) {
            return launcher;
        }
        Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force",
                "--destination", directory.toString()).redirectErrorStream(true).start();
        String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (extract.waitFor() != 0) {
            throw new IOException("could not extract " + jar + " into " + directory + ": " + output.strip());
        }
        return launcher;
    }

    /** The file's first environment: the service's settings there are those berth up gives it. */
    private EnvironmentModel localModel(Path file) {
        EnvironmentOptions options = new EnvironmentOptions();
        options.config = file;
        BerthConfig berthConfig = options.loadFile(spec.commandLine().getErr());
        return berthConfig.environments().values().iterator().next();
    }

    private static void close(LocalDatabase database) {
        if (database != null) {
            try {
                database.close();
                System.out.println("berth: PostgreSQL stopped");
            } catch (IOException e) {
                System.err.println("berth: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            System.out.flush();
        }
    }

    private static boolean awaitReady(Process notejam, String url) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (notejam.isAlive() && System.nanoTime() < deadline) {
            try {
                if (client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static void stop(Process notejam) {
        if (notejam.isAlive()) {
            notejam.destroy();
        }
        try {
            notejam.waitFor(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
