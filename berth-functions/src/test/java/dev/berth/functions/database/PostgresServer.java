package dev.berth.functions.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL 15 server in a directory of its own, as RDS runs it for this purpose: password (SCRAM)
 * authentication over TCP for every role, the master user {@value #MASTER}. As root it runs as the postgres user,
 * since PostgreSQL refuses root.
 */
final class PostgresServer implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String MASTER = "postgres";
    static final String MASTER_PASSWORD = "master-secret-1";

    private final Path directory;
    private final int port;

    private PostgresServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    static PostgresServer start(Path directory) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path password = directory.resolve("pwfile");
        Files.writeString(password, MASTER_PASSWORD + "\n");
        if (root()) {
            run(List.of("chown", "-R", "postgres", directory.toString()));
        }
        asOwner(BIN.resolve("initdb").toString(), "-D", directory.resolve("data").toString(), "-U", MASTER,
                "--pwfile=" + password, "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8");
        asOwner(BIN.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-l", directory.resolve("log").toString(),
                "-w", "start", "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1");
        return new PostgresServer(directory, port);
    }

    Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    Connection master() throws SQLException {
        return connect("postgres", MASTER, MASTER_PASSWORD);
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(directory.resolve("data").resolve("postmaster.pid"))) {
            asOwner(BIN.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "fast", "stop");
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asOwner(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(command));
        if (root()) {
            full.addAll(0, List.of("runuser", "-u", "postgres", "--"));
        }
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
