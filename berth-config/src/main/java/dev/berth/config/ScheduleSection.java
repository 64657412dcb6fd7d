package dev.berth.config;

import dev.berth.model.Schedule;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** When the environment runs: always, or certain days and hours (its services at zero and its database stopped outside). */
final class ScheduleSection implements Section {

    static final Key AWAKE = Key.defaulted("awake", "always, or DAYS HH:MM-HH:MM (e.g. Mon-Fri 07:00-20:00)",
            "profiles.schedule.awake", "when the services run and the database is up");
    static final Key TIMEZONE = Key.defaulted("timezone", "IANA time zone, e.g. Europe/Berlin", "profiles.schedule.timezone",
            "the time zone of awake's hours");
    static final Key SCHEDULE = Key.of("schedule", "mapping", "see its keys", "off-hours: the environment asleep outside awake")
            .holding(AWAKE, TIMEZONE);

    private static final Pattern HOURS = Pattern.compile("([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)"
            + " ([0-2][0-9]):([0-5][0-9])-([0-2][0-9]):([0-5][0-9])");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.ENVIRONMENT ? List.of(SCHEDULE) : List.of();
    }

    @Override
    public Optional<Schedule> read(EnvironmentReading environment) {
        YamlFields fields = environment.fields();
        Settings schedule = environment.settings().nested(SCHEDULE.name(), SCHEDULE.childNames(), fields);
        Optional<String> awake = fields.text(schedule.get(AWAKE.name()), schedule.path(AWAKE.name()));
        Optional<String> timezone = fields.text(schedule.get(TIMEZONE.name()), schedule.path(TIMEZONE.name()));
        if (awake.isEmpty() || timezone.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone.get());
        } catch (DateTimeException e) {
            fields.problem(schedule.at(TIMEZONE.name()), schedule.path(TIMEZONE.name()), "expected an IANA time zone such as"
                    + " Europe/Berlin or UTC; got '" + timezone.get() + "'");
            return Optional.empty();
        }
        if (awake.get().equals("always")) {
            return Optional.of(new Schedule(null));
        }
        Matcher matcher = HOURS.matcher(awake.get());
        Optional<Set<DayOfWeek>> days = matcher.matches() ? days(matcher.group(1)) : Optional.empty();
        String expectation = "always, or days and hours such as Mon-Fri 07:00-20:00 (days Mon..Sun, ranges and lists; wake before sleep)";
        if (days.isEmpty()) {
            fields.problem(schedule.at(AWAKE.name()), schedule.path(AWAKE.name()), "expected " + expectation + "; got '" + awake.get() + "'");
            return Optional.empty();
        }
        try {
            LocalTime wake = LocalTime.of(Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
            LocalTime sleep = LocalTime.of(Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)));
            if (!sleep.isAfter(wake)) {
                throw new DateTimeException("sleep before wake");
            }
            Schedule.Awake hours = new Schedule.Awake(days.get(), wake, sleep, zone);
            // The database section reports a multi_az that is no bool; here only a true one matters.
            if (environment.settings().get(DatabaseSection.MULTI_AZ.name()) instanceof ScalarNode multiAz
                    && multiAz.getValue().equals("true")) {
                fields.problem(schedule.at(AWAKE.name()), schedule.path(AWAKE.name()), "a Multi-AZ database cannot be stopped,"
                        + " and the schedule stops it out of hours: set multi_az: false, or awake: always");
                return Optional.empty();
            }
            return Optional.of(new Schedule(hours));
        } catch (DateTimeException e) {
            fields.problem(schedule.at(AWAKE.name()), schedule.path(AWAKE.name()), "expected " + expectation + "; got '" + awake.get() + "'");
            return Optional.empty();
        }
    }

    /** {@code Mon-Fri}, {@code Sat,Sun}, {@code Mon-Wed,Fri}. */
    private static Optional<Set<DayOfWeek>> days(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split(",")) {
            String[] range = part.split("-");
            Optional<DayOfWeek> from = day(range[0]);
            Optional<DayOfWeek> to = range.length > 1 ? day(range[1]) : from;
            if (from.isEmpty() || to.isEmpty() || to.get().compareTo(from.get()) < 0) {
                return Optional.empty();
            }
            for (int d = from.get().getValue(); d <= to.get().getValue(); d++) {
                days.add(DayOfWeek.of(d));
            }
        }
        return Optional.of(days);
    }

    private static Optional<DayOfWeek> day(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().substring(0, 3).equalsIgnoreCase(name)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }
}
