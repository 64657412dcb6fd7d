package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.BerthProcess.Finished;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What berth up refuses before it starts anything: one line saying what to do, exit 2. */
class UpUsageTest {

    @Test
    void aPortInUseIsNamedWithAFreeOneBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            BerthCliTest.Run up = BerthCliTest.berth("up", "--config", BerthCliTest.HOME.resolve("berth.yaml").toString(), "--port",
                    Integer.toString(port));
            assertThat(up.exit()).isEqualTo(2);
            assertThat(up.err().strip()).matches("berth: port " + port + " is in use by another program; stop it, or pick another"
                    + " port with --port \\(\\d+ is free\\)");
            assertThat(up.out()).isEmpty();
        }
    }

    @Test
    void servicesThatNeedAContainerEngineNameWhatToInstallWhenThereIsNone(@TempDir Path data) throws Exception {
        ProcessBuilder up = BerthProcess.of("up", "--config", BerthCliTest.HOME.resolve("examples/multi-service/berth.yaml").toString(),
                "--data-dir", data.toString(), "--port", Integer.toString(BerthProcess.freePort()));
        up.environment().put(ContainerEngine.ENGINE_VARIABLE, "no-such-engine");
        Finished finished = BerthProcess.run(up, Duration.ofMinutes(2));
        assertThat(finished.exit()).as(finished.output()).isEqualTo(2);
        assertThat(finished.output().strip()).startsWith("berth: berth up needs a container engine, podman or docker, for web, api,"
                + " ledger (only Spring Boot jars built in this repository that call no other service run without one);"
                + " BERTH_CONTAINER_ENGINE=no-such-engine does not answer").doesNotContain("\n");
        assertThat(data.resolve("postgres")).doesNotExist();
        assertThat(Files.list(data).map(Path::getFileName).map(Path::toString)).containsOnly(".gitignore");
    }
}
