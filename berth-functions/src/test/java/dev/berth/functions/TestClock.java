package dev.berth.functions;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves. */
public final class TestClock implements InstantSource {

    private Instant now = Instant.parse("2026-11-30T08:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }
}
