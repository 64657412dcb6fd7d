package dev.berth.platform.edge;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The environment's static files: private, encrypted, versioned, reachable only by its distribution (the bucket
 * policy, with the TLS requirement, is the distribution's: {@link ContentDelivery}). It lives with the repositories,
 * deployed before the services, so that berth push uploads a release's files before any task links to them; files
 * are content-hashed and never deleted by a release, so pages of the tasks still running find theirs too. Retained
 * when its stack is deleted.
 */
public final class AssetsBucket extends Construct {

    /** How long a replaced version of a file stays (a file is replaced only if its name has no hash). */
    static final int NONCURRENT_DAYS = 30;

    private final Bucket bucket;

    public AssetsBucket(Construct scope, String id) {
        super(scope, id);
        this.bucket = Bucket.Builder.create(this, "Bucket")
                // CloudFront's origin access control reads SSE-S3 objects without a key grant naming the distribution.
                .encryption(BucketEncryption.S3_MANAGED)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-replaced-versions")
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        PolicyGate.acknowledge(bucket, "AwsSolutions-S1", "Static files are read only through CloudFront, whose access"
                + " logs record every request; berth push writes them, recorded by CloudTrail.");
        PolicyGate.acknowledge(bucket, "AwsSolutions-S10", "The bucket's one policy, which denies every request without"
                + " TLS and admits the environment's distribution alone, is made with the distribution in the app stack.");
    }

    public Bucket getBucket() {
        return bucket;
    }
}
