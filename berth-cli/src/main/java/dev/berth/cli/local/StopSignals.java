package dev.berth.cli.local;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the local run: the first starts the ordered stop, the next forces it. The JVM's own
 * handling would only run shutdown hooks, once, with no second chance to force; these handlers replace it.
 */
final class StopSignals {

    /** Not a signal: every service ended by itself. */
    static final String ENDED = "ended";

    private StopSignals() {
    }

    /**
     * @param stop told the signal's name ({@code SIGINT}, {@code SIGTERM}) at the first signal
     * @param force run at every later one
     */
    static void install(Consumer<String> stop, Runnable force) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (received.getAndIncrement() == 0) {
                    stop.accept("SIG" + signal.getName());
                } else {
                    force.run();
                }
            });
        }
    }
}
