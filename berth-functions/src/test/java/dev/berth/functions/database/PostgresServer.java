package dev.berth.functions.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL 15 server in a directory of its own, as RDS runs it: TCP connections over TLS only (RDS's
 * rds.force_ssl; a self-signed certificate, as the clients do not verify it), password (SCRAM) authentication for
 * every role, every statement logged (to see what reaches the instance), a superuser the service never sees ({@value #SUPERUSER}, as RDS's rdsadmin) and the master user
 * {@value #MASTER}, no superuser but allowed to create databases and roles, as RDS's master. As root it runs as the
 * postgres user, since PostgreSQL refuses root. Closing it stops it and removes its directory; a shutdown hook stops it
 * should the test JVM end without closing it, since the server would outlive the JVM.
 */
final class PostgresServer implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    /** postgresql-common brings it (through ssl-cert) wherever Debian's server is installed. */
    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    static final String HOST = "127.0.0.1";
    static final String SUPERUSER = "rdsadmin";
    static final String MASTER = "postgres";
    static final String MASTER_PASSWORD = "master-secret-1";
    private static final String SUPERUSER_PASSWORD = "rdsadmin-secret-1";

    private final Path directory;
    private final int port;
    private final Thread hook;

    private PostgresServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.hook = new Thread(this::stop, "stop PostgreSQL");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static boolean available() {
        return Files.isExecutable(BIN.resolve("pg_ctl")) && Files.isExecutable(OPENSSL);
    }

    /** Makes and starts a server in a new temporary directory; waits until it takes connections. */
    static PostgresServer start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(Files.createTempDirectory("berth-postgres-"), port);
        try {
            server.setUp();
        } catch (Exception failure) {
            server.close();
            throw failure;
        }
        return server;
    }

    private void setUp() throws Exception {
        Path password = directory.resolve("pwfile");
        Files.writeString(password, SUPERUSER_PASSWORD + "\n");
        Path hba = directory.resolve("pg_hba.conf");
        Files.writeString(hba, "hostssl all all 127.0.0.1/32 scram-sha-256\n");
        if (root()) {
            run(List.of("chown", "-R", "postgres", directory.toString()));
        }
        Path data = directory.resolve("data");
        asOwner(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + password, "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8");
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        asOwner(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "1", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", certificate.toString());
        asOwner("chmod", "600", key.toString());
        asOwner(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("log").toString(),
                "-w", "start", "-o", "-p " + port + " -k " + directory + " -c listen_addresses=" + HOST + " -c hba_file=" + hba
                        + " -c ssl=on -c ssl_cert_file=" + certificate + " -c ssl_key_file=" + key + " -c log_statement=all");
        try (Connection superuser = connect("postgres", SUPERUSER, SUPERUSER_PASSWORD); Statement statement = superuser.createStatement()) {
            statement.execute("CREATE ROLE " + MASTER + " LOGIN CREATEDB CREATEROLE PASSWORD '" + MASTER_PASSWORD + "'");
        }
    }

    /** What the server logged so far: every statement, with its parameters. */
    String log() throws IOException {
        return Files.readString(directory.resolve("log"));
    }

    int port() {
        return port;
    }

    /** A connection as the role, over TLS (the driver's default, sslmode=prefer, takes it when the server offers it). */
    Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + database, user, password);
    }

    Connection master() throws SQLException {
        return connect("postgres", MASTER, MASTER_PASSWORD);
    }

    @Override
    public void close() throws IOException {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: nothing left to remove
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private void stop() {
        if (Files.exists(directory.resolve("data").resolve("postmaster.pid"))) {
            try {
                asOwner(BIN.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "fast", "stop");
            } catch (IOException | InterruptedException failure) {
                throw new IllegalStateException("could not stop PostgreSQL in " + directory, failure);
            }
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asOwner(String... command) throws IOException, InterruptedException {
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
