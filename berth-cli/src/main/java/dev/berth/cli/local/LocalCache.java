package dev.berth.cli.local;

import dev.berth.functions.database.CacheSecret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code berth up}'s Redis: Debian's redis-server as a process of its own, with a password as the cloud's cache has its
 * auth token, its data saved in a directory when it stops and read back when it starts. Locally there is no TLS: the
 * secret, made by the same class as the cloud's, says so ({@code tls: false}, a {@code redis://} URL).
 */
public final class LocalCache implements AutoCloseable {

    static final String EXECUTABLE = "redis-server";

    private final LocalProcess server;
    private final int port;
    private final String password;

    private LocalCache(LocalProcess server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts redis-server on a free port of {@code addresses}; the configuration reaches it on standard input, so the
     * password is on no command line.
     */
    public static LocalCache start(Path data, Passwords passwords, List<String> addresses, LogSink log) throws IOException {
        Files.createDirectories(data);
        String password = passwords.of("cache");
        int port = FreePort.any();
        String configuration = String.join("\n",
                "bind " + String.join(" ", addresses),
                "port " + port,
                "requirepass " + password,
                "dir " + data.toAbsolutePath(),
                "dbfilename dump.rdb",
                // Saved once, when berth up stops it; a laptop's Redis need not write every minute.
                "save \"\"",
                "daemonize no",
                "");
        LocalProcess server = LocalProcess.start(new ProcessBuilder(EXECUTABLE, "-"), "cache", log,
                configuration.getBytes(StandardCharsets.UTF_8));
        LocalCache cache = new LocalCache(server, port, password);
        cache.awaitAnswer(Duration.ofSeconds(20));
        return cache;
    }

    /** The cache secret's JSON as a service reaching this machine as {@code host} reads it. */
    public String secret(String host) {
        return new CacheSecret(host, port, password, false).json();
    }

    public int port() {
        return port;
    }

    private void awaitAnswer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && server.alive()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        server.kill();
        throw new IOException("redis-server did not start" + (server.alive() ? " within " + timeout.toSeconds() + " s" : ""));
    }

    /** SHUTDOWN SAVE: the data written to the directory, then the server ends by itself. */
    @Override
    public void close() {
        try (Socket socket = new Socket("127.0.0.1", port); OutputStream out = socket.getOutputStream()) {
            out.write(("AUTH " + password + "\r\nSHUTDOWN SAVE\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.getInputStream().readAllBytes();
        } catch (IOException alreadyGone) {
            // ended already: nothing to save
        }
        server.stop(Duration.ofSeconds(20));
    }

    /** Stops it now, unsaved (the second Ctrl-C). */
    void kill() {
        server.kill();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
