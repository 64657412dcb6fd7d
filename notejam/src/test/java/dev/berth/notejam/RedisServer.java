package dev.berth.notejam;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server in a directory of its own, on 127.0.0.1 only, with a password and nothing written to disk.
 * Plain, or TLS only (no plain port, as ElastiCache with encryption in transit): clients need no certificate.
 */
final class RedisServer implements AutoCloseable {

    static final Path BIN = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final Path log;
    private final int port;

    private RedisServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BIN);
    }

    static RedisServer plain(Path directory, String password) throws IOException, InterruptedException {
        int port = freePort();
        return start(directory, port, List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"), password);
    }

    /** TLS only, on every address given (the certificate need not name them all). */
    static RedisServer tls(Path directory, ServerCertificate certificate, String password, String... addresses)
            throws IOException, InterruptedException {
        int port = freePort();
        return start(directory, port, List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--bind", String.join(" ", addresses),
                "--tls-cert-file", certificate.certificate().toString(),
                "--tls-key-file", certificate.key().toString(),
                "--tls-ca-cert-file", certificate.authority().toString(),
                "--tls-auth-clients", "no"), password);
    }

    int port() {
        return port;
    }

    private static RedisServer start(Path directory, int port, List<String> listening, String password)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BIN.toString(), "--dir", directory.toString(),
                "--save", "", "--appendonly", "no", "--requirepass", password));
        command.addAll(listening);
        Path log = directory.resolve("redis.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServer server = new RedisServer(process, log, port);
        try {
            server.awaitListening(Duration.ofSeconds(10));
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Redis listens once it has loaded (here: nothing to load), so a connection it accepts means ready. */
    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("redis-server did not listen on " + port + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
