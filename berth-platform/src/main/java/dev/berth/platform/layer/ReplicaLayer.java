package dev.berth.platform.layer;

import dev.berth.model.BucketReplication;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.data.ServiceBucket;
import dev.berth.platform.security.EnvironmentKey;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The copies of the services' buckets in the replica region (the prod profile's default): one bucket per service that
 * has one, encrypted with a key of that region. Built before the data layer, whose buckets copy their files here.
 */
public final class ReplicaLayer implements Layer {

    static final String NAME = "replica";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return model.find(BucketReplication.class).isPresent() && !withBuckets(model).isEmpty();
    }

    @Override
    public Placement placement(EnvironmentModel model) {
        return new Placement(model.naming().account(), model.part(BucketReplication.class).replicaRegion());
    }

    static List<ServiceModel> withBuckets(EnvironmentModel model) {
        return model.services().all().stream().filter(service -> service.uses().bucket()).toList();
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        EnvironmentKey key = new EnvironmentKey(stack, "ReplicaKey", EnvironmentKey.Props.builder()
                .alias(keyAlias(model))
                .retain(true)
                .build());
        for (ServiceModel service : withBuckets(model)) {
            Bucket bucket = ServiceBucket.configured(Bucket.Builder.create(stack, Naming.pascal(service.name()) + "Replica"), key.getKey())
                    .bucketName(bucketName(model, service.name()))
                    .build();
            ServiceBucket.acknowledge(bucket);
        }
        outputs.publish(new Replicas(stack));
    }

    /** The replica key's alias, without {@code alias/}. */
    static String keyAlias(EnvironmentModel model) {
        return model.naming().keyAlias() + "-replica";
    }

    /**
     * A replica bucket's name, {@code PREFIX-SERVICE-ACCOUNT-replica} (shortened with a hash when long): the data stack
     * names it, in another region, without a reference.
     */
    static String bucketName(EnvironmentModel model, String service) {
        String base = model.naming().prefix() + "-" + service;
        if (base.length() > MAX_BASE) {
            base = base.substring(0, MAX_BASE - 7) + "-" + Integer.toHexString(base.hashCode() & 0xffffff);
        }
        return base + "-" + Aws.ACCOUNT_ID + "-replica";
    }

    /** 63 characters for a bucket name: the base, the account's 12 digits and "-replica" with their hyphens. */
    static final int MAX_BASE = 63 - 1 - 12 - "-replica".length();

    /** The replica of a service's bucket, as the data stack names it. */
    static ServiceBucket.Replica replica(EnvironmentModel model, String service) {
        return new ServiceBucket.Replica(bucketName(model, service), keyAlias(model), model.part(BucketReplication.class).replicaRegion());
    }
}
