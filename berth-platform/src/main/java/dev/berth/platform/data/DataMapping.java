package dev.berth.platform.data;

import dev.berth.model.DatabaseModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.platform.Retention;
import dev.berth.platform.compute.WebService;
import dev.berth.platform.network.Flow;
import java.util.List;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;

/** The model's database as {@link DatabaseProps}, and the flow from the tasks to it. */
public final class DataMapping {

    public static final Flow TASKS_TO_DATABASE = Flow.tcp(WebService.ZONE, Database.ZONE, Database.PORT, "Tasks to PostgreSQL");

    private DataMapping() {
    }

    /** What the model says of the database; the caller adds the network, its group and the key. */
    public static DatabaseProps.Builder props(EnvironmentModel model) {
        DatabaseModel database = model.database();
        Naming naming = model.naming();
        return DatabaseProps.builder()
                .engineVersion(engineVersion(database.postgresMajor()))
                .instanceType(new InstanceType(database.instanceType()))
                .storage(database.storage().allocatedGb(), database.storage().maxGb())
                .instanceIdentifier(naming.databaseIdentifier())
                .databaseName(naming.databaseName())
                .secretName(naming.secretName("database"))
                .multiAz(database.multiAz())
                .backupRetentionDays(database.backupRetentionDays())
                .deletionProtection(model.lifecycle().deletionProtection())
                .logRetention(Retention.of(model.lifecycle().logRetention()));
    }

    /**
     * The newest minor of a major this CDK release knows: RDS no longer creates instances from a bare major,
     * and upgrades minors itself afterwards (auto minor version upgrade).
     */
    static PostgresEngineVersion engineVersion(int major) {
        return switch (major) {
            case 14 -> PostgresEngineVersion.VER_14_22;
            case 15 -> PostgresEngineVersion.VER_15_17;
            case 16 -> PostgresEngineVersion.VER_16_13;
            case 17 -> PostgresEngineVersion.VER_17_9;
            default -> throw new IllegalArgumentException("PostgreSQL " + major + " is not supported (14 to 17 are)");
        };
    }

    public static List<Flow> flows(EnvironmentModel model) {
        return List.of(TASKS_TO_DATABASE);
    }
}
