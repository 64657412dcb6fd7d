package dev.berth.platform.layer;

import dev.berth.model.CacheModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.model.Services;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.Retention;
import dev.berth.platform.data.Cache;
import dev.berth.platform.data.DataMapping;
import dev.berth.platform.data.DataProvisioner;
import dev.berth.platform.data.Database;
import dev.berth.platform.data.ServiceBucket;
import dev.berth.platform.network.Flow;
import dev.berth.platform.operations.FunctionsJar;
import dev.berth.platform.security.DeclaredSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * The environment's data tier: PostgreSQL (and its read replicas) with a database and login role per service, the
 * Redis cache, the services' buckets and the secrets berth.yaml declares. Apart from the app, so app deploys never
 * touch it; what holds data is retained when a service or the stack goes.
 */
public final class DataLayer implements Layer {

    /** The address services read from when the database has read replicas: {@code reader.db.PROJECT.local}. */
    static final String READER_NAME = "reader.db";

    @Override
    public String name() {
        return "data";
    }

    /** Where a service uses any of the data tier: an environment of services that keep nothing has no data stack. */
    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return DataMapping.hasDatabase(model) || model.find(CacheModel.class).isPresent() || !model.services().sharedSecrets().isEmpty()
                || model.services().all().stream().anyMatch(service -> service.uses().bucket()
                        || !service.uses().variables().secrets().isEmpty());
    }

    @Override
    public List<Flow> flows(EnvironmentModel model) {
        return DataMapping.flows(model);
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        Foundation foundation = outputs.get(Foundation.class);
        Naming naming = model.naming();
        Database database = null;
        String readerHost = null;
        if (DataMapping.hasDatabase(model)) {
            database = new Database(stack, "Database", DataMapping.props(model)
                    .vpc(foundation.vpc())
                    .subnets(foundation.subnets().data())
                    .securityGroup(foundation.groups().group(Database.ZONE))
                    .encryptionKey(foundation.key())
                    .build());
            CfnOutput.Builder.create(stack, "DatabaseEndpoint")
                    .description("PostgreSQL endpoint (reachable only from the services that have a database, and the provisioner)")
                    .value(database.getInstance().getDbInstanceEndpointAddress())
                    .build();
            readerHost = readerHost(stack, model, foundation, database);
        }
        DataProvisioner provisioner = database != null || model.find(CacheModel.class).isPresent()
                ? new DataProvisioner(stack, "Provisioner", new DataProvisioner.Props(FunctionsJar.locate(), foundation.key(),
                        Retention.of(model.lifecycle().logRetention()), foundation.vpc(), foundation.subnets().data(),
                        database != null ? foundation.groups().group(DataProvisioner.ZONE) : null))
                : null;
        ISecret masterSecret = database != null ? database.getSecret() : null;
        String reader = readerHost;
        DataTier.CacheEndpoint cacheEndpoint = null;
        if (model.find(CacheModel.class).isPresent()) {
            CacheModel cacheModel = model.part(CacheModel.class);
            Cache cache = new Cache(stack, "Cache", new Cache.Props(foundation.vpc(), foundation.subnets().data(),
                    foundation.groups().group(Cache.ZONE), foundation.key(), naming.prefix(), naming.cacheSecretName()),
                    new Cache.Nodes(cacheModel.engineVersion(), cacheModel.nodeType(), cacheModel.nodes(), cacheModel.multiAz()));
            provisioner.completeCacheSecret("CacheSecretCompletion", cache.getSecret(),
                    cache.getReplicationGroup().getAttrPrimaryEndPointAddress(), cache.getReplicationGroup().getAttrPrimaryEndPointPort());
            cacheEndpoint = new DataTier.CacheEndpoint(cache.getSecret(), cache.getReplicationGroup().getAttrPrimaryEndPointAddress());
            CfnOutput.Builder.create(stack, "CacheEndpoint")
                    .description("Redis primary endpoint (TLS; reachable only from the services that declare the cache)")
                    .value(cache.getReplicationGroup().getAttrPrimaryEndPointAddress())
                    .build();
        }

        DeclaredSecrets declared = new DeclaredSecrets(stack, "Secrets", foundation.key());
        Map<String, ISecret> shared = new LinkedHashMap<>();
        for (String name : model.services().sharedSecrets()) {
            shared.put(ServiceModel.Variables.variableName(name), declared.declare("Shared" + Naming.pascal(name),
                    naming.declaredSecretName(Services.SHARED, name)));
        }
        Replicas replicas = outputs.find(Replicas.class).orElse(null);
        if (replicas != null) {
            stack.addDependency(replicas.stack(), "the services' buckets copy their files to the replica buckets");
        }
        Map<String, DataTier.ServiceData> services = new LinkedHashMap<>();
        for (ServiceModel service : model.services().all()) {
            String id = Naming.pascal(service.name());
            ISecret databaseSecret = service.database().map(access -> provisioner.serviceDatabase(id + "Database",
                    access.databaseName(), naming.serviceDatabaseSecretName(service.name()), masterSecret, reader))
                    .orElse(null);
            Map<String, ISecret> secrets = new LinkedHashMap<>(shared);
            for (String name : service.uses().variables().secrets()) {
                secrets.put(ServiceModel.Variables.variableName(name), declared.declare(id + Naming.pascal(name),
                        naming.declaredSecretName(service.name(), name)));
            }
            IBucket bucket = null;
            if (service.uses().bucket()) {
                ServiceBucket.Replica replica = replicas == null ? null : ReplicaLayer.replica(model, service.name());
                bucket = new ServiceBucket(stack, id + "Bucket", foundation.key(), replica).getBucket();
                CfnOutput.Builder.create(stack, id + "BucketName")
                        .description("Bucket of " + service.name() + " (BUCKET_NAME)")
                        .value(bucket.getBucketName())
                        .exportName(naming.bucketNameExport(service.name()))
                        .build();
                CfnOutput.Builder.create(stack, id + "BucketArn")
                        .description("ARN of the bucket of " + service.name())
                        .value(bucket.getBucketArn())
                        .exportName(naming.bucketArnExport(service.name()))
                        .build();
            }
            services.put(service.name(), new DataTier.ServiceData(databaseSecret, service.cache().isPresent() ? cacheEndpoint.secret() : null,
                    bucket, secrets));
        }
        outputs.publish(new DataTier(services, cacheEndpoint));
    }

    /**
     * Where services read from: with read replicas, one name in the services' namespace whose weighted records spread
     * the readers over the replicas; without, the instance itself.
     */
    private static String readerHost(Stack stack, EnvironmentModel model, Foundation foundation, Database database) {
        List<DatabaseInstanceReadReplica> replicas = database.getReplicas();
        if (replicas.isEmpty()) {
            return database.getInstance().getDbInstanceEndpointAddress();
        }
        String name = READER_NAME + "." + model.naming().serviceNamespace();
        for (int i = 0; i < replicas.size(); i++) {
            CfnRecordSet.Builder.create(stack, "ReaderRecord" + (i + 1))
                    .hostedZoneId(foundation.namespace().getNamespaceHostedZoneId())
                    .name(name)
                    .type("CNAME")
                    .ttl(String.valueOf(Duration.seconds(30).toSeconds()))
                    .setIdentifier("replica-" + (i + 1))
                    .weight(1)
                    .resourceRecords(List.of(replicas.get(i).getDbInstanceEndpointAddress()))
                    .build();
        }
        return name;
    }
}
