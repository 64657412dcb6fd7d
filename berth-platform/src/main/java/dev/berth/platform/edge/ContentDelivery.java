package dev.berth.platform.edge;

import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.S3OriginAccessControl;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.LoadBalancerV2Origin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancer;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketPolicy;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The environment's CloudFront distribution: HTTP/2 and HTTP/3 over TLS 1.2+ and IPv6, the load balancer as its
 * default origin (nothing cached, every cookie, query string and header forwarded, the origin secret added), the
 * services' static files from the assets bucket through origin access control with a long-lived cache, the
 * environment's firewall, and standard logs in an encrypted bucket.
 */
public final class ContentDelivery extends Construct {

    /**
     * @param origin the load balancer and how CloudFront reaches it
     * @param assets the assets bucket and the path patterns served from it, or null
     * @param viewer the domain, its us-east-1 certificate and the CLOUDFRONT web ACL (each may be null)
     * @param priceClass CloudFront's edge locations
     * @param logDays how long standard logs are kept
     */
    public record Props(Origin origin, Assets assets, Viewer viewer, PriceClass priceClass, int logDays) {

        public Props {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(viewer, "viewer");
            Objects.requireNonNull(priceClass, "priceClass");
        }
    }

    /**
     * @param loadBalancer the default origin
     * @param https over HTTPS (its certificate matches the forwarded Host header, the domain), else HTTP on 80
     * @param verifyValue the origin secret, sent as {@link OriginVerification#HEADER}
     */
    public record Origin(IApplicationLoadBalancer loadBalancer, boolean https, String verifyValue) {
    }

    /** The assets bucket and the path patterns (such as {@code /static/*}) it serves. */
    public record Assets(IBucket bucket, List<String> pathPatterns) {

        public Assets {
            pathPatterns = List.copyOf(pathPatterns);
        }
    }

    /** What users see: the domain and its certificate (both or neither), and the web ACL (or none). */
    public record Viewer(String domain, ICertificate certificate, String webAclArn) {

        /**
         * The domain with its certificate and TLS 1.2+ (without a domain, CloudFront's own certificate and TLS policy),
         * and the web ACL.
         */
        void apply(Distribution.Builder distribution) {
            if (domain != null) {
                distribution.domainNames(List.of(domain))
                        .certificate(Objects.requireNonNull(certificate, "certificate"))
                        .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021);
            }
            if (webAclArn != null) {
                distribution.webAclId(webAclArn);
            }
        }
    }

    private final Distribution distribution;
    private final Bucket logs;

    public ContentDelivery(Construct scope, String id, Props props) {
        super(scope, id);
        this.logs = logBucket(this, "Logs", props.logDays());
        Origin origin = props.origin();
        LoadBalancerV2Origin loadBalancer = LoadBalancerV2Origin.Builder.create(origin.loadBalancer())
                .protocolPolicy(origin.https() ? OriginProtocolPolicy.HTTPS_ONLY : OriginProtocolPolicy.HTTP_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                .customHeaders(Map.of(OriginVerification.HEADER, origin.verifyValue()))
                .readTimeout(Duration.seconds(30))
                .keepaliveTimeout(Duration.seconds(5))
                .build();
        Map<String, BehaviorOptions> staticFiles = new LinkedHashMap<>();
        if (props.assets() != null) {
            S3OriginAccessControl accessControl = S3OriginAccessControl.Builder.create(this, "AssetsAccess")
                    .description("CloudFront reads the static files of " + Stack.of(this).getStackName())
                    .build();
            var assets = S3BucketOrigin.withOriginAccessControl(props.assets().bucket(),
                    S3BucketOriginWithOACProps.builder().originAccessControl(accessControl).build());
            for (String pattern : props.assets().pathPatterns()) {
                staticFiles.put(pattern, BehaviorOptions.builder()
                        .origin(assets)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        // Cached as long as the files' own Cache-Control says: a year, for content-hashed names.
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .compress(true)
                        .build());
            }
        }
        Viewer viewer = props.viewer();
        Distribution.Builder distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Berth " + Stack.of(this).getStackName())
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(loadBalancer)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        // Pages are per user: nothing cached, and the app sees every cookie, query string and header.
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER)
                        .compress(true)
                        .build())
                .additionalBehaviors(staticFiles)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableIpv6(true)
                .priceClass(props.priceClass())
                .enableLogging(true)
                .logBucket(logs)
                .logFilePrefix("cloudfront/");
        viewer.apply(distribution);
        this.distribution = distribution.build();
        if (props.assets() != null) {
            grantRead(props.assets().bucket());
            Annotations.of(this).acknowledgeWarning("@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac",
                    "The assets bucket's policy is made here (grantRead): it names this distribution alone.");
        }
        acknowledge(this.distribution, viewer, origin.https());
    }

    /**
     * The assets bucket's one policy: TLS only, and reads by this distribution alone. The bucket is another stack's
     * (deployed before the services); a policy made there could not name this distribution.
     */
    private void grantRead(IBucket bucket) {
        BucketPolicy policy = BucketPolicy.Builder.create(this, "AssetsPolicy").bucket(bucket).build();
        policy.getDocument().addStatements(PolicyStatement.Builder.create()
                .sid("DenyWithoutTls")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:*"))
                .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
                .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                .build());
        policy.getDocument().addStatements(PolicyStatement.Builder.create()
                .sid("ReadByTheDistribution")
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(Map.of("StringEquals", Map.of("AWS:SourceArn", distribution.getDistributionArn())))
                .build());
    }

    /** An encrypted, private bucket for CloudFront's standard logs, which CloudFront writes through an ACL. */
    static Bucket logBucket(Construct scope, String id, int days) {
        Bucket bucket = Bucket.Builder.create(scope, id)
                // CloudFront's standard logs go to buckets encrypted with S3-managed keys, written through ACLs.
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-cloudfront-logs")
                        .expiration(Duration.days(days))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        PolicyGate.acknowledge(bucket, "AwsSolutions-S1", "This bucket holds CloudFront's access logs; logging access to"
                + " the log bucket itself would need yet another bucket, and writes here come only from CloudFront's log delivery.");
        return bucket;
    }

    /** The policy findings a distribution raises by design, each with its reason. */
    static void acknowledge(Distribution distribution, Viewer viewer, boolean httpsOrigin) {
        PolicyGate.acknowledge(distribution, "AwsSolutions-CFR1", "The application serves every country; restricting"
                + " some is a business decision berth.yaml leaves to the project.");
        if (viewer.domain() == null) {
            PolicyGate.acknowledge(distribution, "AwsSolutions-CFR4", "Without a domain the distribution serves CloudFront's"
                    + " own *.cloudfront.net certificate, whose TLS policy CloudFront sets; with a domain it enforces TLS 1.2+.");
        }
        if (!httpsOrigin) {
            PolicyGate.acknowledge(distribution, "AwsSolutions-CFR5", "Without a domain the load balancer has no certificate"
                    + " CloudFront could verify, so CloudFront reaches it over HTTP on AWS's network; the load balancer admits"
                    + " CloudFront's origin-facing addresses alone and forwards only requests with the origin secret. A domain"
                    + " makes this hop HTTPS.");
        }
    }

    public Distribution getDistribution() {
        return distribution;
    }

    public Bucket getLogs() {
        return logs;
    }
}
