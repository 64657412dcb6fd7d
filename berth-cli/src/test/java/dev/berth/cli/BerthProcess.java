package dev.berth.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
