package dev.berth.platform.edge;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A single-page application: its files in a private, encrypted, versioned bucket that only its distribution reads
 * (origin access control), {@value #INDEX} at the root, and client-side routing: a path with no file behind it
 * (S3 answers 403 or 404) gets {@value #INDEX} with status 200, for the app's router to resolve.
 */
public final class SinglePageSite extends Construct {

    public static final String INDEX = "index.html";
    /** S3 answers 403 for a key that does not exist when the reader may not list the bucket, 404 when it may. */
    public static final List<Integer> ROUTED_STATUSES = List.of(403, 404);

    /**
     * @param viewer the domain, its us-east-1 certificate and the web ACL (each may be null)
     * @param priceClass CloudFront's edge locations
     * @param logs the bucket CloudFront writes its standard logs to
     */
    public record Props(ContentDelivery.Viewer viewer, PriceClass priceClass, IBucket logs) {

        public Props {
            Objects.requireNonNull(viewer, "viewer");
            Objects.requireNonNull(priceClass, "priceClass");
            Objects.requireNonNull(logs, "logs");
        }
    }

    private final Bucket bucket;
    private final Distribution distribution;

    public SinglePageSite(Construct scope, String id, Props props) {
        super(scope, id);
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .versioned(true)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-replaced-versions")
                        .noncurrentVersionExpiration(Duration.days(AssetsBucket.NONCURRENT_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        PolicyGate.acknowledge(bucket, "AwsSolutions-S1", "The site is read only through CloudFront, whose access logs"
                + " record every request; berth push writes it, recorded by CloudTrail.");
        ContentDelivery.Viewer viewer = props.viewer();
        Distribution.Builder distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Berth site " + getNode().getPath())
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .compress(true)
                        .build())
                .defaultRootObject(INDEX)
                .errorResponses(ROUTED_STATUSES.stream().map(status -> ErrorResponse.builder()
                        .httpStatus(status)
                        .responseHttpStatus(200)
                        .responsePagePath("/" + INDEX)
                        .ttl(Duration.seconds(10))
                        .build()).toList())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableIpv6(true)
                .priceClass(props.priceClass())
                .enableLogging(true)
                .logBucket(props.logs())
                .logFilePrefix(id + "/");
        viewer.apply(distribution);
        this.distribution = distribution.build();
        ContentDelivery.acknowledge(this.distribution, viewer, true);
    }

    public Bucket getBucket() {
        return bucket;
    }

    public Distribution getDistribution() {
        return distribution;
    }
}
