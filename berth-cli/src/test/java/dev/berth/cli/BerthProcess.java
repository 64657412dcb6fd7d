package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** The berth command in a JVM of its own, as a user runs it: own environment, own signals. */
final class BerthProcess {

    private BerthProcess() {
    }

    /** A process builder for {@code berth ARGS...}, with the test class path and the repository as berth.home. */
    static ProcessBuilder of(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dberth.home=" + BerthCliTest.HOME, Berth.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** What Ctrl-C sends. */
    static void interrupt(Process process) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }

    record Finished(int exit, String output) {
    }

    /**
     * Runs the process to its end and returns its exit code and output (stdout and stderr, as {@link #of} merges
     * them). Fails after {@code timeout}; either way nothing it started is left running.
     */
    static Finished run(ProcessBuilder builder, Duration timeout) throws Exception {
        try (ProcessTree tree = ProcessTree.start(builder)) {
            Process process = tree.root();
            // Read while it runs: a full pipe would block it, and a hung one must not block the test past its timeout.
            FutureTask<String> output = new FutureTask<>(() -> new String(process.getInputStream().readAllBytes()));
            Thread.ofVirtual().start(output);
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(ended).as("%s ended within %s", builder.command(), timeout).isTrue();
            return new Finished(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
