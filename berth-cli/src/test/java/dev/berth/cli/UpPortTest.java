package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** berth up refuses a port another program holds before it starts anything, and names a free one. */
class UpPortTest {

    @Test
    void aPortInUseIsNamedWithAFreeOneBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            BerthCliTest.Run up = BerthCliTest.berth("up", "--config", BerthCliTest.HOME.resolve("berth.yaml").toString(), "--port", Integer.toString(port));
            assertThat(up.exit()).isEqualTo(2);
            assertThat(up.err().strip()).matches("berth: port " + port + " is in use by another program; stop it, or pick another"
                    + " port with --port \\(\\d+ is free\\)");
            assertThat(up.out()).isEmpty();
        }
    }
}
