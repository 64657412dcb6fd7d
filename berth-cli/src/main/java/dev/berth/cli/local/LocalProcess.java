package dev.berth.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the local run starts: in a session of its own, so that the terminal's Ctrl-C reaches berth alone and berth
 * stops everything in its order; its output, both streams, read line by line into the {@link LogSink}.
 */
final class LocalProcess {

    private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));

    private final Process process;
    private final Thread reader;

    private LocalProcess(Process process, Thread reader) {
        this.process = process;
        this.reader = reader;
    }

    /**
     * @param input written to its standard input, then closed (settings that must be on no command line), or null
     */
    static LocalProcess start(ProcessBuilder builder, String name, LogSink log, byte[] input) throws IOException {
        List<String> command = new ArrayList<>(builder.command());
        if (SETSID) {
            command.addFirst("setsid");
        }
        Process process = builder.command(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        Thread reader = Thread.ofVirtual().name("log-" + name).start(() -> {
            try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.line(name, line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        });
        return new LocalProcess(process, reader);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then up to {@code grace} for it to end, then SIGKILL; returns once its output is read to the end. */
    void stop(Duration grace) {
        if (process.isAlive()) {
            // The handle's SIGTERM: Process.destroy() would also close the pipe, losing what the process says as it stops.
            process.toHandle().destroy();
        }
        awaitExit(grace);
    }

    /** Waits up to {@code grace} for it to end by itself, then kills it and what it started. */
    void awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL, to it and everything it started. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    int exitValue() {
        return process.exitValue();
    }
}
