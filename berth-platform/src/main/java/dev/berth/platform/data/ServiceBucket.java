package dev.berth.platform.data;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A bucket for the files one service keeps (uploads, exports): private, TLS only, encrypted with a KMS key, versioned,
 * replaced versions expiring, and with a replica, copied to another region as they are written. Retained when its stack
 * is deleted: it holds the users' files.
 */
public final class ServiceBucket extends Construct {

    /** How long a replaced or deleted file can still be restored. */
    static final int NONCURRENT_DAYS = 30;

    /**
     * Where a bucket's files are copied to, named rather than referenced: the replica's stack lives in another region, and
     * a reference would make the two stacks depend on each other through the replication role's grants.
     *
     * @param bucketName the replica bucket's name
     * @param keyAlias the alias (without {@code alias/}) of the replica region's key, which encrypts the copies
     * @param region the replica region
     */
    public record Replica(String bucketName, String keyAlias, String region) {

        public Replica {
            Objects.requireNonNull(bucketName, "bucketName");
            Objects.requireNonNull(keyAlias, "keyAlias");
            Objects.requireNonNull(region, "region");
        }
    }

    private final Bucket bucket;

    /**
     * @param key encrypts the files
     * @param replica where they are copied, or null
     */
    public ServiceBucket(Construct scope, String id, IKey key, Replica replica) {
        super(scope, id);
        this.bucket = configured(Bucket.Builder.create(this, "Bucket"), key).build();
        acknowledge(bucket);
        if (replica != null) {
            replicate(key, replica);
        }
    }

    /**
     * Copies every object version and delete marker to the replica, re-encrypted with the replica region's key, through
     * a role with S3 replication's actions on these two buckets and keys alone.
     */
    private void replicate(IKey key, Replica replica) {
        String destination = "arn:" + Aws.PARTITION + ":s3:::" + replica.bucketName();
        String keyAlias = "alias/" + replica.keyAlias();
        Role role = Role.Builder.create(this, "ReplicationRole")
                .assumedBy(new ServicePrincipal("s3.amazonaws.com"))
                .description("Copies a service bucket's files to " + replica.region())
                .build();
        role.addToPolicy(statement(List.of("s3:GetReplicationConfiguration", "s3:ListBucket"), bucket.getBucketArn()));
        role.addToPolicy(statement(List.of("s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"),
                bucket.arnForObjects("*")));
        role.addToPolicy(statement(List.of("s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"), destination + "/*"));
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        // The replica key is another region's, known here by its alias alone: granted on any key with that alias, used
        // through S3 in that region.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Encrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals", Map.of("kms:ViaService", "s3." + replica.region() + ".amazonaws.com"),
                        "ForAnyValue:StringEquals", Map.of("kms:ResourceAliases", keyAlias))))
                .build());
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, bucket.arnForObjects("*")) + "]",
                "S3 replication reads every object version of the bucket it copies.");
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, destination + "/*") + "]",
                "S3 replication writes every object version into the replica bucket.");
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "The replica region's key, known by its alias: the"
                + " condition admits that alias alone, used through S3 in that region.");
        CfnBucket cfnBucket = (CfnBucket) bucket.getNode().getDefaultChild();
        cfnBucket.setReplicationConfiguration(CfnBucket.ReplicationConfigurationProperty.builder()
                .role(role.getRoleArn())
                .rules(List.of(CfnBucket.ReplicationRuleProperty.builder()
                        .id("copy-to-" + replica.region())
                        .status("Enabled")
                        .priority(0)
                        .filter(CfnBucket.ReplicationRuleFilterProperty.builder().prefix("").build())
                        .deleteMarkerReplication(CfnBucket.DeleteMarkerReplicationProperty.builder().status("Enabled").build())
                        .sourceSelectionCriteria(CfnBucket.SourceSelectionCriteriaProperty.builder()
                                .sseKmsEncryptedObjects(CfnBucket.SseKmsEncryptedObjectsProperty.builder().status("Enabled").build())
                                .build())
                        .destination(CfnBucket.ReplicationDestinationProperty.builder()
                                .bucket(destination)
                                .encryptionConfiguration(CfnBucket.EncryptionConfigurationProperty.builder()
                                        .replicaKmsKeyId("arn:" + Aws.PARTITION + ":kms:" + replica.region() + ":" + Aws.ACCOUNT_ID + ":"
                                                + keyAlias)
                                        .build())
                                .build())
                        .build()))
                .build());
    }

    private static PolicyStatement statement(List<String> actions, String resource) {
        return PolicyStatement.Builder.create().actions(actions).resources(List.of(resource)).build();
    }

    /** A service bucket's settings, also those of its replica. */
    public static Bucket.Builder configured(Bucket.Builder builder, IKey key) {
        return builder
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-replaced-versions")
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .expiredObjectDeleteMarker(true)
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN);
    }

    /** The finding a service bucket raises, acknowledged. */
    public static void acknowledge(IBucket bucket) {
        PolicyGate.acknowledge(bucket, "AwsSolutions-S1", "One service's task role is the bucket's only user; its API calls"
                + " are in CloudTrail. Server access logs would need a log bucket per environment for what CloudTrail's data"
                + " events record when an account turns them on.");
    }

    public Bucket getBucket() {
        return bucket;
    }
}
