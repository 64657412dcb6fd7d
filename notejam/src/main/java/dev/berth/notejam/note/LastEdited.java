package dev.berth.notejam.note;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** "today at 14:05", "yesterday at 09:12", "on 3 Nov 2026": how the pages say when a note was last edited. */
@Component("lastEdited")
public class LastEdited {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final Clock clock;

    LastEdited() {
        this(Clock.systemDefaultZone());
    }

    LastEdited(Clock clock) {
        this.clock = clock;
    }

    public String format(Instant instant) {
        ZoneId zone = clock.getZone();
        ZonedDateTime at = instant.atZone(zone);
        LocalDate today = LocalDate.now(clock);
        if (at.toLocalDate().equals(today)) {
            return "today at " + TIME.format(at);
        }
        if (at.toLocalDate().equals(today.minusDays(1))) {
            return "yesterday at " + TIME.format(at);
        }
        return "on " + DATE.format(at);
    }
}
