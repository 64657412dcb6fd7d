package dev.berth.config;

import dev.berth.model.Lifecycle;
import dev.berth.model.LogRetention;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** How long an environment's things last: deletion protection and log retention. */
final class LifecycleSection implements Section {

    static final Key DELETION_PROTECTION = Key.defaulted("deletion_protection", "bool", "profiles.deletion_protection",
            "the database and load balancer refuse deletion, the environment key is kept after the stack");
    static final Key LOG_RETENTION_DAYS = Key.defaulted("log_retention_days", "a CloudWatch period (1, 3, 5, 7, 14, 30, ...)",
            "profiles.log_retention_days", "days every log of the environment is kept");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.ENVIRONMENT ? List.of(DELETION_PROTECTION, LOG_RETENTION_DAYS) : List.of();
    }

    @Override
    public Optional<Lifecycle> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        YamlFields fields = environment.fields();
        Optional<Boolean> protection = fields.bool(settings.get(DELETION_PROTECTION.name()), settings.path(DELETION_PROTECTION.name()));
        String path = settings.path(LOG_RETENTION_DAYS.name());
        Optional<LogRetention> retention = fields.integer(settings.get(LOG_RETENTION_DAYS.name()), path, 1, 3653)
                .flatMap(days -> {
                    Optional<LogRetention> accepted = LogRetention.ofDays(days);
                    if (accepted.isEmpty()) {
                        fields.problem(settings.at(LOG_RETENTION_DAYS.name()), path, "expected a period CloudWatch Logs"
                                + " accepts (" + Arrays.stream(LogRetention.values()).map(r -> String.valueOf(r.days()))
                                .collect(Collectors.joining(", ")) + "); got " + days);
                    }
                    return accepted;
                });
        if (protection.isEmpty() || retention.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Lifecycle(protection.get(), retention.get()));
    }
}
