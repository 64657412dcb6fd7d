package dev.berth.platform.data;

import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsFromUsernameOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * RDS PostgreSQL in the data subnets. Its master credentials are generated into Secrets Manager, encrypted
 * with the environment key; once attached, the secret holds the JSON the app reads as {@code DB_SECRET}
 * (username, password, host, port, dbname). SSL is forced by the parameter group.
 */
public final class Database extends Construct {

    /** The database's security group in the traffic graph. */
    public static final Zone ZONE = Zone.group("Database", SubnetTier.DATA, "PostgreSQL: reached only by tasks");
    public static final int PORT = 5432;

    public static final String MASTER_USERNAME = "berth";
    /** Logs RDS exports to CloudWatch. */
    static final List<String> EXPORTED_LOGS = List.of("postgresql", "upgrade");

    private final DatabaseInstance instance;
    private final ParameterGroup parameterGroup;
    private final List<DatabaseInstanceReadReplica> replicas;

    public Database(Construct scope, String id, DatabaseProps props) {
        super(scope, id);
        IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                .version(props.engineVersion())
                .build());
        this.parameterGroup = ParameterGroup.Builder.create(this, "Parameters")
                .engine(engine)
                .description("Berth: SSL required, slow statements logged")
                .parameters(new TreeMap<>(Map.of(
                        "rds.force_ssl", "1",
                        "log_min_duration_statement", "1000")))
                .build();
        // Created here rather than by RDS so they carry retention and the environment key from the start,
        // without the log-retention Lambda the CDK would otherwise add.
        List<LogGroup> logGroups = EXPORTED_LOGS.stream().map(log -> LogGroup.Builder.create(this, "Logs-" + log)
                .logGroupName("/aws/rds/instance/" + props.instanceIdentifier() + "/" + log)
                .retention(props.logRetention())
                .encryptionKey(props.encryptionKey())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build()).toList();
        this.instance = DatabaseInstance.Builder.create(this, "Instance")
                .instanceIdentifier(props.instanceIdentifier())
                .engine(engine)
                .instanceType(props.instanceType())
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .securityGroups(List.of(props.securityGroup()))
                .publiclyAccessible(false)
                .credentials(Credentials.fromGeneratedSecret(MASTER_USERNAME, CredentialsFromUsernameOptions.builder()
                        .secretName(props.secretName())
                        .encryptionKey(props.encryptionKey())
                        .build()))
                .databaseName(props.databaseName())
                .parameterGroup(parameterGroup)
                .allocatedStorage(props.allocatedStorageGb())
                .maxAllocatedStorage(props.maxAllocatedStorageGb())
                .storageType(StorageType.GP3)
                .storageEncrypted(true)
                .storageEncryptionKey(props.encryptionKey())
                .multiAz(props.multiAz())
                .backupRetention(Duration.days(props.backupRetentionDays()))
                .deletionProtection(props.deletionProtection())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .enablePerformanceInsights(true)
                .performanceInsightEncryptionKey(props.encryptionKey())
                .cloudwatchLogsExports(EXPORTED_LOGS)
                .autoMinorVersionUpgrade(true)
                .copyTagsToSnapshot(true)
                .build();
        logGroups.forEach(instance.getNode()::addDependency);
        acknowledgeFindings(instance, props);
        List<DatabaseInstanceReadReplica> replicas = new ArrayList<>();
        for (int i = 0; i < props.replicaZones().size(); i++) {
            DatabaseInstanceReadReplica replica = DatabaseInstanceReadReplica.Builder.create(this, "Replica" + (i + 1))
                    .sourceDatabaseInstance(instance)
                    .instanceIdentifier(props.instanceIdentifier() + "-replica-" + (i + 1))
                    .instanceType(props.instanceType())
                    .availabilityZone(props.replicaZones().get(i))
                    .vpc(props.vpc())
                    .vpcSubnets(props.subnets())
                    .securityGroups(List.of(props.securityGroup()))
                    .publiclyAccessible(false)
                    .parameterGroup(parameterGroup)
                    .storageType(StorageType.GP3)
                    // Encrypted as the instance it follows, with the same key: RDS takes it from the source.
                    .deletionProtection(props.deletionProtection())
                    // A replica holds nothing the instance does not: no final snapshot of its own.
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .enablePerformanceInsights(true)
                    .performanceInsightEncryptionKey(props.encryptionKey())
                    .autoMinorVersionUpgrade(true)
                    .build();
            acknowledgeFindings(replica, props);
            PolicyGate.acknowledge(replica, "AwsSolutions-RDS2", "A read replica is encrypted as the instance it follows, with"
                    + " its key (the environment key): RDS takes that from the source, and CloudFormation refuses the setting on a"
                    + " replica.");
            PolicyGate.acknowledge(replica, "AwsSolutions-RDS3", "A read replica is one copy for reads in its own zone; the"
                    + " instance it follows is what fails over (Multi-AZ in the prod profile).");
            replicas.add(replica);
        }
        this.replicas = List.copyOf(replicas);
    }

    private static void acknowledgeFindings(IConstruct instance, DatabaseProps props) {
        PolicyGate.acknowledge(instance, "AwsSolutions-RDS11", "A non-default port hides nothing from a scan inside"
                + " the VPC; access is closed by the database security group (5432 from the compute group only) and the"
                + " data subnets' network ACL (compute subnets only).");
        PolicyGate.acknowledge(instance, "AwsSolutions-SMG4", "ECS injects DB_SECRET when a task starts: rotating"
                + " the password would break every running task's new connections until it restarts. Rotation comes"
                + " with the app re-reading the secret; until then the password is 30 random characters, encrypted with"
                + " the environment key and readable only by the task execution roles.");
        if (!props.multiAz() && instance instanceof DatabaseInstance) {
            PolicyGate.acknowledge(instance, "AwsSolutions-RDS3", "Single-AZ by choice of this environment"
                    + " (multi_az: false, the dev profile's default): a failover standby doubles the database cost of a"
                    + " disposable environment. The prod profile is Multi-AZ.");
        }
        if (!props.deletionProtection()) {
            PolicyGate.acknowledge(instance, "AwsSolutions-RDS10", "Deletion protection is off by choice of this"
                    + " environment (deletion_protection: false, the dev profile's default) so it can be destroyed;"
                    + " deletion still leaves a final snapshot. The prod profile protects the database.");
        }
    }

    public DatabaseInstance getInstance() {
        return instance;
    }

    /** The read replicas, in order. */
    public List<DatabaseInstanceReadReplica> getReplicas() {
        return replicas;
    }

    public ParameterGroup getParameterGroup() {
        return parameterGroup;
    }

    /** The credentials JSON (username, password, host, port, dbname) apps receive as {@code DB_SECRET}. */
    public ISecret getSecret() {
        return Objects.requireNonNull(instance.getSecret());
    }
}
