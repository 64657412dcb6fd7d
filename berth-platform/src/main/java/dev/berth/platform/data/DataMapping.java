package dev.berth.platform.data;

import dev.berth.model.DatabaseModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.platform.Retention;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.kubernetes.SelfManagedCluster;
import dev.berth.platform.network.Flow;
import dev.berth.model.ServiceModel;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;

/** The model's database as {@link DatabaseProps}, and the flow from the tasks to it. */
public final class DataMapping {

    /** The provisioner makes each service's database and role. */
    public static final Flow PROVISIONER_TO_DATABASE = Flow.tcp(DataProvisioner.ZONE, Database.ZONE, Database.PORT,
            "Provisioner to PostgreSQL: a database and role per service");

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
                .readReplicas(replicaZones(model))
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

    /** Each service to its database and to the cache, where it declares them; the provisioner to PostgreSQL. */
    public static List<Flow> flows(EnvironmentModel model) {
        List<Flow> flows = new ArrayList<>();
        // Services on ECS from their tasks' groups; on App Runner from their VPC connector's group.
        for (ServiceModel service : model.services().all().stream().filter(ComputeMapping::onEcsOrAppRunner).toList()) {
            service.database().ifPresent(database -> flows.add(Flow.tcp(ComputeMapping.zone(service), Database.ZONE, Database.PORT,
                    service.name() + " to PostgreSQL (database " + database.databaseName() + ")")));
            service.cache().ifPresent(cache -> flows.add(Flow.tcp(ComputeMapping.zone(service), Cache.ZONE, Cache.PORT,
                    service.name() + " to Redis")));
        }
        // The cluster's services share the workers' addresses: one rule each, naming whose it is.
        List<ServiceModel> onCluster = KubernetesMapping.services(model);
        List<String> databases = onCluster.stream().flatMap(service -> service.database().stream())
                .map(ServiceModel.DatabaseAccess::databaseName).toList();
        if (!databases.isEmpty()) {
            flows.add(Flow.tcp(SelfManagedCluster.WORKERS, Database.ZONE, Database.PORT, "Kubernetes workers to PostgreSQL (databases "
                    + String.join(" ", databases) + ")"));
        }
        List<String> cacheUsers = onCluster.stream().filter(service -> service.cache().isPresent()).map(ServiceModel::name).toList();
        if (!cacheUsers.isEmpty()) {
            flows.add(Flow.tcp(SelfManagedCluster.WORKERS, Cache.ZONE, Cache.PORT, "Kubernetes workers to Redis (for "
                    + String.join(" ", cacheUsers) + ")"));
        }
        if (hasDatabase(model)) {
            flows.add(PROVISIONER_TO_DATABASE);
        }
        return flows;
    }

    /** Whether a service has a database of its own: only then is there a PostgreSQL instance. */
    public static boolean hasDatabase(EnvironmentModel model) {
        return model.services().all().stream().anyMatch(service -> service.database().isPresent());
    }

    /** Where read replica {@code i} (from 0) lives: spread over the zones from the second, so apart from a single-AZ instance. */
    static List<String> replicaZones(EnvironmentModel model) {
        List<String> zones = model.network().zones();
        List<String> replicaZones = new ArrayList<>();
        for (int i = 0; i < model.database().readReplicas(); i++) {
            replicaZones.add(zones.get((i + 1) % zones.size()));
        }
        return replicaZones;
    }
}
