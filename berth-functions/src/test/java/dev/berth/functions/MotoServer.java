package dev.berth.functions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto_server on a free port of 127.0.0.1, serving AWS's APIs to the tests. Closing it stops it and any process it
 * started; a shutdown hook does the same should the test JVM end without closing it.
 */
public final class MotoServer implements AutoCloseable {

    public static final String COMMAND = "moto_server";

    private final Process process;
    private final URI endpoint;
    private final Thread hook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.hook = new Thread(this::stop, "stop moto_server");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether moto_server is on the PATH. */
    public static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, COMMAND))) {
                return true;
            }
        }
        return false;
    }

    /** Starts moto_server and waits until it answers (at most 30 s). */
    public static MotoServer start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(COMMAND, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        MotoServer server = new MotoServer(builder.start(), URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady(Duration.ofSeconds(30));
        } catch (IOException | InterruptedException | RuntimeException failure) {
            server.close();
            throw failure;
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource: each test starts from an empty account. */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto_server did not reset: HTTP " + response.statusCode());
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + " before it answered");
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("moto_server did not answer on " + endpoint + " within " + timeout, notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: nothing left to remove
        }
    }

    private void stop() {
        List<ProcessHandle> all = java.util.stream.Stream.concat(process.descendants(), java.util.stream.Stream.of(process.toHandle()))
                .filter(ProcessHandle::isAlive).toList();
        all.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            all.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }
}
