package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the tests that start servers rely on to leave none running, whether they pass or fail. */
class ProcessTreeTest {

    @Test
    void closingStopsTheChildrenOfAParentThatDiedFirst() throws Exception {
        ProcessTree tree = ProcessTree.start(new ProcessBuilder("bash", "-c", "sleep 300 & sleep 300 & wait"));
        List<ProcessHandle> children = awaitDescendants(tree.root().toHandle(), 2);
        tree.remember();

        tree.root().toHandle().destroyForcibly();
        tree.root().waitFor();
        assertThat(children).as("reparented, still running").allMatch(ProcessHandle::isAlive);

        tree.close();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void closingStopsADaemonThatLeftTheTreeAsItStarted(@TempDir Path data) throws Exception {
        // As pg_ctl starts PostgreSQL: in a session of its own, its parent gone at once; only its arguments tell.
        String marker = data.resolve("postgres").toString();
        ProcessTree tree = ProcessTree.start(new ProcessBuilder("bash", "-c",
                "setsid bash -c 'sleep 300; true' \"$1\" </dev/null >/dev/null 2>&1 &", "bash", marker));
        assertThat(tree.root().waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle daemon = awaitProcessMentioning(marker);
        List<ProcessHandle> daemonAndChild = List.of(daemon, awaitDescendants(daemon, 1).getFirst());

        tree.alsoStopProcessesMentioning(marker);
        tree.close();
        assertThat(daemonAndChild).noneMatch(ProcessHandle::isAlive);
    }

    private static ProcessHandle awaitProcessMentioning(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var found = ProcessHandle.allProcesses()
                    .filter(process -> process.info().commandLine().orElse("").contains(marker)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no process mentions " + marker);
    }

    private static List<ProcessHandle> awaitDescendants(ProcessHandle process, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (process.descendants().count() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        assertThat(descendants).hasSize(count);
        return descendants;
    }
}
