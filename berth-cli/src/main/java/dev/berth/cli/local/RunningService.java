package dev.berth.cli.local;

import java.net.URI;
import java.time.Duration;

/** One service of the local run, started: in the container engine or as a process of this machine. */
interface RunningService {

    String name();

    /** Where this machine reaches the app: the entry point's upstream, and where its health check is asked. */
    URI address();

    boolean alive();

    /** Asks it to stop (SIGTERM) and waits up to {@code grace} before it is killed. */
    void stop(Duration grace);

    /** Stops it now (the second Ctrl-C). */
    void kill();
}
