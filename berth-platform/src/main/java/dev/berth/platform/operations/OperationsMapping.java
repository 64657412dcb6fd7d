package dev.berth.platform.operations;

import dev.berth.model.Alerts;
import dev.berth.model.DatabaseModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Schedule;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.kms.IKey;

/** The model as the operations constructs' props: the alert topic's addresses, the database's size. */
public final class OperationsMapping {

    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.([a-z])[0-9]+[a-z-]*\\.([0-9]*)(micro|small|medium|large|xlarge)");
    /** GiB of a general-purpose (m, t) instance by size; memory-optimized (r) have twice, x four times. */
    private static final Map<String, Integer> GIB = Map.of("micro", 1, "small", 2, "medium", 4, "large", 8, "xlarge", 16);

    private OperationsMapping() {
    }

    /** The topic {@code project-env-alerts}, with berth.yaml's addresses, encrypted with the environment key. */
    public static AlertTopic.Props topic(EnvironmentModel model, IKey key) {
        return new AlertTopic.Props(model.naming().prefix() + "-alerts",
                model.find(Alerts.class).map(Alerts::emails).orElse(List.of()), key);
    }

    /** The environment's awake hours, or empty when it always runs. */
    public static java.util.Optional<OffHours.Hours> hours(EnvironmentModel model) {
        return model.find(Schedule.class).flatMap(Schedule::hours).map(awake -> new OffHours.Hours(awake.days(), awake.wake(),
                awake.sleep(), awake.zone().getId()));
    }

    /** The database as its alarms need it: identifier, storage, memory (which sets PostgreSQL's max_connections). */
    public static EnvironmentAlarms.Database database(EnvironmentModel model) {
        DatabaseModel database = model.database();
        return new EnvironmentAlarms.Database(model.naming().databaseIdentifier(), database.storage().allocatedGb(),
                memoryMiB(database.instanceClass()));
    }

    /**
     * The memory of an RDS instance class, from its family and size as AWS sizes them; 1 GiB where the class is not
     * one of those (the thresholds then err on the side of alarming early).
     */
    static long memoryMiB(String instanceClass) {
        Matcher matcher = INSTANCE_CLASS.matcher(instanceClass);
        if (!matcher.matches()) {
            return 1024;
        }
        int times = matcher.group(2).isEmpty() ? 1 : Integer.parseInt(matcher.group(2));
        int factor = switch (matcher.group(1)) {
            case "r" -> 2;
            case "x" -> 4;
            default -> 1;
        };
        return (long) GIB.get(matcher.group(3)) * times * factor * 1024;
    }
}
