package dev.berth.cli;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process a test started and every process it starts in turn. Closing it stops them all, however the test ended,
 * so that a failed test leaves no server running on the machine.
 */
final class ProcessTree implements AutoCloseable {

    /** Long enough for Notejam's graceful shutdown, which stops its PostgreSQL too. */
    private static final long GRACE_SECONDS = 40;
    private static final long KILL_SECONDS = 10;

    private final Process root;
    private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    private final Set<String> markers = ConcurrentHashMap.newKeySet();

    private ProcessTree(Process root) {
        this.root = root;
    }

    static ProcessTree start(ProcessBuilder builder) throws IOException {
        return new ProcessTree(builder.start());
    }

    Process root() {
        return root;
    }

    /**
     * Remembers the processes started so far. Once a process is gone its children are reparented and can no longer
     * be found from the root, so a test calls this while the tree is whole (before it sends a stop signal).
     */
    void remember() {
        root.descendants().forEach(started::add);
    }

    /**
     * On close, also stops any process whose command line contains {@code marker}, and its descendants: a server
     * that daemonizes (PostgreSQL under pg_ctl) leaves the tree as it starts.
     */
    void alsoStopProcessesMentioning(String marker) {
        markers.add(marker);
    }

    /** What is still running of the tree (the root aside) and of the processes mentioning a marker. */
    List<ProcessHandle> stillRunning() {
        return Stream.concat(started.stream(), ProcessHandle.allProcesses()
                        .filter(process -> !process.equals(ProcessHandle.current()) && mentionsAMarker(process)))
                .filter(ProcessHandle::isAlive).distinct().toList();
    }

    /** Asks every process still running to stop (SIGTERM), then kills those still there after a grace period. */
    @Override
    public void close() throws InterruptedException {
        remember();
        Set<ProcessHandle> all = new LinkedHashSet<>();
        all.add(root.toHandle());
        all.addAll(started);
        ProcessHandle.allProcesses()
                .filter(process -> !process.equals(ProcessHandle.current()) && mentionsAMarker(process))
                .forEach(process -> Stream.concat(Stream.of(process), process.descendants()).forEach(all::add));
        List<ProcessHandle> running = all.stream().filter(ProcessHandle::isAlive).toList();
        running.forEach(ProcessHandle::destroy);
        List<ProcessHandle> stubborn = awaitExit(running, GRACE_SECONDS);
        stubborn.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> left = awaitExit(stubborn, KILL_SECONDS);
        if (!left.isEmpty()) {
            throw new IllegalStateException("could not stop " + left.stream().map(ProcessHandle::pid).toList());
        }
    }

    private boolean mentionsAMarker(ProcessHandle process) {
        return process.info().commandLine().filter(line -> markers.stream().anyMatch(line::contains)).isPresent();
    }

    /** Waits up to {@code seconds} for all to end; returns those still running then. */
    private static List<ProcessHandle> awaitExit(List<ProcessHandle> processes, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }
}
