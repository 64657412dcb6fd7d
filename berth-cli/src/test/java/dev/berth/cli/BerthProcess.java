package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * A JVM that starts with SIGINT ignored keeps it ignored and installs no handler for it, so Ctrl-C neither
     * stops it nor runs its shutdown hooks. Background jobs of a non-interactive shell ({@code nohup ... &}, a CI
     * runner's script) start so, and every process under them inherits it: this resets it before the JVM starts.
     */
    private static final List<String> DEFAULT_SIGINT = List.of("env", "--default-signal=INT");
    private static final boolean CAN_RESET_SIGINT = canResetSigint();

    private BerthProcess() {
    }

    /** A process builder for {@code berth ARGS...}, with the test class path and the repository as berth.home. */
    static ProcessBuilder of(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dberth.home=" + BerthCliTest.HOME, Berth.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /**
     * As {@link #of}, for a test that stops berth with Ctrl-C ({@link #interrupt}): SIGINT is reset to its default
     * disposition, as a terminal's shell gives it, however this test JVM was started. Skips the test where
     * {@code env} cannot reset it.
     */
    static ProcessBuilder interruptible(String... args) {
        assumeTrue(CAN_RESET_SIGINT, "Ctrl-C tests need env --default-signal (GNU coreutils 8.31 or later) to start"
                + " berth with SIGINT at its default, whatever the shell that started the tests ignores");
        ProcessBuilder builder = of(args);
        builder.command().addAll(0, DEFAULT_SIGINT);
        return builder;
    }

    private static boolean canResetSigint() {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.add("true");
        try {
            Process env = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return env.waitFor(10, TimeUnit.SECONDS) && env.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
