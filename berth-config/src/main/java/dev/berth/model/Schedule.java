package dev.berth.model;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * When an environment is awake: out of these hours its services run no tasks and its database is stopped.
 *
 * @param awake the days and hours it runs, or null when it always runs
 */
public record Schedule(Awake awake) implements ModelPart {

    public Optional<Awake> hours() {
        return Optional.ofNullable(awake);
    }

    /**
     * @param days the days it wakes on (it sleeps through the others)
     * @param wake when the services start, each of those days
     * @param sleep when they stop, the same day
     * @param zone the time zone of both
     */
    public record Awake(Set<DayOfWeek> days, LocalTime wake, LocalTime sleep, ZoneId zone) {

        public Awake {
            days = Set.copyOf(days);
            if (!sleep.isAfter(wake)) {
                throw new IllegalArgumentException("sleep " + sleep + " is not after wake " + wake);
            }
        }
    }
}
