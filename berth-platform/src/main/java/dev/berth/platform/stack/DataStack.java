package dev.berth.platform.stack;

import dev.berth.config.BerthConfig;
import dev.berth.config.Environment;
import dev.berth.platform.data.Database;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The environment's data tier: PostgreSQL and its credentials. Apart from the app, so app deploys never touch it. */
public final class DataStack extends Stack {

    private final Database database;

    public DataStack(Construct scope, String id, StackProps props, BerthConfig config, Environment environment,
            FoundationStack foundation) {
        super(scope, id, props);
        var db = environment.database();
        this.database = new Database(this, "Database", new Database.Props(
                foundation.getNetwork().getVpc(),
                foundation.getNetwork().dataSubnets(),
                foundation.getSecurityGroups().getDatabase(),
                foundation.getKey().getKey(),
                db.postgresMajor(),
                db.instanceType(),
                db.storageGb(),
                db.maxStorageGb(),
                config.project() + "-" + environment.name(),
                config.project().replace('-', '_'),
                config.project() + "/" + environment.name() + "/database",
                environment.multiAz(),
                environment.backupRetentionDays(),
                environment.deletionProtection(),
                environment.logRetentionDays()));
        CfnOutput.Builder.create(this, "DatabaseEndpoint")
                .description("PostgreSQL endpoint (reachable only from the compute subnets)")
                .value(database.getInstance().getDbInstanceEndpointAddress())
                .build();
        CfnOutput.Builder.create(this, "DatabaseSecretArn")
                .description("Secrets Manager secret with the database credentials (DB_SECRET)")
                .value(database.getSecret().getSecretArn())
                .build();
    }

    public Database getDatabase() {
        return database;
    }
}
