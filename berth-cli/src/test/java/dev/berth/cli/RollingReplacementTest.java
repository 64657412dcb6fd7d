package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling deploy as ECS runs one behind its load balancer, with real parts: two Notejam instances behind HAProxy,
 * which probes readiness as the target group does, under a steady load of signed-in reads and note creations. Each
 * old instance is replaced in ECS's order: the new one starts and turns healthy, the old one is deregistered (no new
 * requests; those in flight finish), then stopped with SIGTERM. Not one request may fail, and every note whose
 * creation was answered must be there afterwards.
 */
class RollingReplacementTest {

    static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern FORM_TOKEN = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");
    /**
     * A request fails when it is not answered within the load balancer's idle timeout (60 s), as behind the ALB (and
     * HAProxy waits as long for a server). The slowest answer is printed, not asserted: latency is for the benchmarks.
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path work;

    final List<ProcessTree> processes = new ArrayList<>();
    /** Notejam's jar after extraction. */
    Path launcher;

    @Test
    void replacingEveryInstanceUnderLoadFailsNoRequestAndLosesNoNote() throws Exception {
        assumeTrue(Files.isRegularFile(UpCommandTest.NOTEJAM), "the rolling replacement needs Notejam built: " + UpCommandTest.NOTEJAM);
        assumeTrue(CdkCliAgainstMotoTest.onPath("haproxy"), "the rolling replacement needs HAProxy (apt-get install haproxy)");
        assumeTrue(Files.isExecutable(PG_BIN.resolve("pg_ctl")), "the rolling replacement needs Debian's PostgreSQL 15 server");
        try {
            // As the image runs it, extracted: as one executable jar it can deadlock under virtual threads (berth up's reason).
            launcher = dev.berth.cli.local.JarService.extracted(JAVA, UpCommandTest.NOTEJAM, work.resolve("app"));
            int database = startPostgres();
            int[] ports = {BerthProcess.freePort(), BerthProcess.freePort(), BerthProcess.freePort(), BerthProcess.freePort()};
            int front = BerthProcess.freePort();
            Path admin = startHaproxy(front, ports);
            ProcessTree[] instances = new ProcessTree[4];
            instances[0] = startNotejam(database, ports[0]);
            instances[1] = startNotejam(database, ports[1]);
            awaitState(admin, "web1", "UP");
            awaitState(admin, "web2", "UP");

            String base = "http://127.0.0.1:" + front;
            List<User> users = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                users.add(User.signUp(base, "roll" + i + "@example.com"));
            }
            Load load = new Load(users);
            load.start();
            Thread.sleep(2000);
            for (int old = 0; old < 2; old++) {
                int replacement = old + 2;
                load.phase("starting web" + (replacement + 1));
                instances[replacement] = startNotejam(database, ports[replacement]);
                command(admin, "set server web/web" + (replacement + 1) + " state ready");
                awaitState(admin, "web" + (replacement + 1), "UP");
                // Deregistration: no new request reaches it; those in flight finish before the stop signal.
                load.phase("draining web" + (old + 1));
                command(admin, "set server web/web" + (old + 1) + " state drain");
                awaitNoSessions(admin, "web" + (old + 1));
                load.phase("stopping web" + (old + 1));
                instances[old].root().destroy();
                assertThat(instances[old].root().waitFor(40, TimeUnit.SECONDS)).isTrue();
                command(admin, "set server web/web" + (old + 1) + " state maint");
                load.phase("web" + (old + 1) + " stopped");
                Thread.sleep(1500);
            }
            Thread.sleep(2000);
            load.stop();
            System.out.printf("rolling replacement: %d requests, the slowest answered in %.1f s (%s)%n", load.requests.get(),
                    load.slowestNanos.get() / 1e9, load.slowestPhase);

            assertThat(load.failures).as("failed requests; what the instances logged:%n%s", instanceLogs()).isEmpty();
            assertThat(load.requests.get()).as("requests served during the replacement").isGreaterThan(100);
            assertThat(load.created).isNotEmpty();
            Set<String> stored = Set.copyOf(psql(database, "SELECT name FROM notes").lines().toList());
            assertThat(stored).as("every note whose creation was answered").containsAll(load.created);
        } finally {
            for (ProcessTree process : processes.reversed()) {
                process.close();
            }
            stopPostgres();
        }
    }

    /** A signed-in user of the app behind HAProxy. */
    record User(String base, HttpClient client) {

        static User signUp(String base, String email) throws Exception {
            User user = new User(base, HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5)).build());
            String password = "rolling-pass-1";
            user.submit("/signup", Map.of("email", email, "password", password, "repeatPassword", password));
            HttpResponse<String> signedIn = user.submit("/signin", Map.of("email", email, "password", password));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            return user;
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_WITHIN).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> submit(String page, Map<String, String> fields) throws Exception {
            String form = get(page).body();
            Matcher csrf = CSRF.matcher(form);
            assertThat(csrf.find()).as(form).isTrue();
            StringBuilder body = new StringBuilder("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
            Matcher token = FORM_TOKEN.matcher(form);
            if (token.find()) {
                body.append("&formToken=").append(token.group(1));
            }
            fields.forEach((name, value) -> body.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return client.send(HttpRequest.newBuilder(URI.create(base + page)).timeout(ANSWER_WITHIN)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Each user in a loop: the notes list, the create form, a new note; every answer checked. */
    static final class Load {
        final List<User> users;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger requests = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final List<Thread> threads = new ArrayList<>();
        final long started = System.nanoTime();
        volatile String phase = "both old instances serving";

        Load(List<User> users) {
            this.users = users;
        }

        void phase(String now) {
            phase = now;
        }

        final AtomicLong slowestNanos = new AtomicLong();
        volatile String slowestPhase = "";

        void answered(long askedAt) {
            long took = System.nanoTime() - askedAt;
            if (slowestNanos.accumulateAndGet(took, Math::max) == took) {
                slowestPhase = phase;
            }
        }

        /** What went wrong, when (seconds into the load) and during which step of the replacement. */
        void fail(String what) {
            failures.add("%.1f s, %s: %s".formatted((System.nanoTime() - started) / 1e9, phase, what));
        }

        void start() {
            for (int u = 0; u < users.size(); u++) {
                User user = users.get(u);
                int number = u;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; running.get(); i++) {
                        String name = "roll-" + number + "-" + i;
                        try {
                            long asked = System.nanoTime();
                            HttpResponse<String> list = user.get("/");
                            answered(asked);
                            requests.incrementAndGet();
                            if (list.statusCode() != 200) {
                                fail("GET / " + list.statusCode() + ": " + list.body().lines().limit(3).toList());
                            }
                            asked = System.nanoTime();
                            HttpResponse<String> create = user.submit("/notes/create", Map.of("name", name, "text", "rolling", "pad", ""));
                            answered(asked);
                            requests.addAndGet(2);
                            if (create.statusCode() == 302) {
                                created.add(name);
                            } else {
                                fail("POST /notes/create " + create.statusCode() + ": " + create.body().lines().limit(3).toList());
                            }
                        } catch (Exception | AssertionError e) { // a form without its token is a failure too, not a dead thread
                            fail(name + ": " + e);
                        }
                    }
                }));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
        }
    }

    ProcessTree startNotejam(int database, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", launcher.toString(), "--server.port=" + port,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + database + "/notejam",
                "--spring.datasource.username=postgres", "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(work.resolve("notejam-" + port + ".log").toFile());
        ProcessTree tree = ProcessTree.start(builder);
        processes.add(tree);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && tree.root().isAlive()) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return tree;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Notejam on " + port + " did not become ready: " + Files.readString(work.resolve("notejam-" + port + ".log")));
    }

    /** The last lines each Notejam instance logged (warnings and errors). */
    String instanceLogs() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(work)) {
            for (Path log : files.filter(file -> file.getFileName().toString().startsWith("notejam-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                logs.append("== ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))).append('\n');
            }
        }
        return logs.toString();
    }

    /**
     * HAProxy as the target group, faster: readiness probed every second with 5 s to answer, three failures to take a
     * server out and two successes to take it in (the target group: 10 s, 5 s, 3 and 2); web3 and web4 wait disabled.
     */
    Path startHaproxy(int front, int[] ports) throws Exception {
        Path socket = work.resolve("haproxy.sock");
        StringBuilder config = new StringBuilder("""
                global
                  stats socket %s level admin
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 30s
                  timeout server 60s
                frontend public
                  bind 127.0.0.1:%d
                  default_backend web
                backend web
                  balance roundrobin
                  option httpchk GET /actuator/health/readiness
                  timeout check 5s
                  default-server inter 1s fall 3 rise 2
                """.formatted(socket, front));
        for (int i = 0; i < ports.length; i++) {
            config.append("  server web").append(i + 1).append(" 127.0.0.1:").append(ports[i]).append(" check")
                    .append(i >= 2 ? " disabled" : "").append('\n');
        }
        Path file = work.resolve("haproxy.cfg");
        Files.writeString(file, config);
        processes.add(ProcessTree.start(new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("haproxy.log").toFile())));
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(100);
        }
        return socket;
    }

    static String command(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            StringBuilder out = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                out.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return out.toString();
        }
    }

    /** A server's column of HAProxy's statistics (CSV): status, scur, ... */
    static String stat(Path socket, String server, String column) throws IOException {
        List<String> lines = command(socket, "show stat").lines().toList();
        List<String> header = List.of(lines.getFirst().substring(2).split(","));
        int index = header.indexOf(column);
        return lines.stream().map(line -> line.split(",", -1)).filter(fields -> fields[0].equals("web") && fields[1].equals(server))
                .map(fields -> fields[index]).findFirst().orElseThrow();
    }

    static void awaitState(Path socket, String server, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!stat(socket, server, "status").startsWith(state)) {
            assertThat(System.nanoTime()).as(server + " to be " + state).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static void awaitNoSessions(Path socket, String server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!stat(socket, server, "scur").equals("0")) {
            assertThat(System.nanoTime()).as(server + " drained").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    Path pgData() {
        return work.resolve("pg");
    }

    int startPostgres() throws Exception {
        int port = BerthProcess.freePort();
        asPostgres(PG_BIN.resolve("initdb").toString(), "-D", pgData().toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        asPostgres(PG_BIN.resolve("pg_ctl").toString(), "-D", pgData().toString(), "-l", work.resolve("pg.log").toString(), "-w",
                "start", "-o", "-p " + port + " -k " + work + " -c listen_addresses=127.0.0.1");
        psql(port, "CREATE DATABASE notejam", "postgres");
        return port;
    }

    void stopPostgres() throws Exception {
        if (Files.exists(pgData().resolve("postmaster.pid"))) {
            asPostgres(PG_BIN.resolve("pg_ctl").toString(), "-D", pgData().toString(), "-m", "fast", "stop");
        }
    }

    String psql(int port, String sql) throws Exception {
        return psql(port, sql, "notejam");
    }

    String psql(int port, String sql, String database) throws Exception {
        return run(List.of(PG_BIN.resolve("psql").toString(), "-X", "-q", "-At", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-c", sql, database));
    }

    /** PostgreSQL refuses to run as root: as the postgres user then, in a directory it owns. */
    void asPostgres(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(command));
        if ("root".equals(System.getProperty("user.name"))) {
            run(List.of("chown", "postgres", work.toString()));
            full.addAll(0, List.of("runuser", "-u", "postgres", "--"));
        }
        run(full);
    }

    static String run(List<String> command) throws Exception {
        BerthProcess.Finished finished = BerthProcess.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofMinutes(2));
        assertThat(finished.exit()).as(String.join(" ", command) + "\n" + finished.output()).isZero();
        return finished.output().lines().collect(Collectors.joining("\n"));
    }
}
