package dev.berth.platform.edge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.LoadBalancerV2Origin;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancer;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * A site rendered by a service (server-side rendering): its own distribution, whose one origin is the service's front
 * door with the origin secret ({@link OriginVerification#HEADER}) and the site's name ({@link #SITE_HEADER}). Pages are
 * per user and per request: nothing is cached, every cookie and query string and the viewer's headers go to the origin.
 *
 * <p>The origin is either the environment's load balancer, whose rule for the site header forwards to the front end's
 * target group, or an App Runner service's own HTTPS endpoint, where a regional web ACL checks the origin header. The
 * load balancer gets the viewer's Host (the site's domain, which its certificate for the site matches and which the app
 * sees as its own); App Runner routes by its own host name, so it gets every viewer header but Host.
 */
public final class RenderedSite extends Construct {

    /** The header naming the site, which the load balancer routes by to the site's front end. */
    public static final String SITE_HEADER = "X-Berth-Site";

    /**
     * @param origin the front door with both headers ({@link #loadBalancerOrigin}, {@link #appRunnerOrigin})
     * @param forwardHost whether the origin gets the viewer's Host header (the load balancer), or its own name (App Runner)
     * @param viewer the domain, its us-east-1 certificate and the CLOUDFRONT web ACL (each may be null)
     * @param priceClass CloudFront's edge locations
     * @param logs the bucket CloudFront writes its standard logs to
     * @param httpsOrigin whether CloudFront reaches the origin over HTTPS
     */
    public record Props(IOrigin origin, boolean forwardHost, ContentDelivery.Viewer viewer, PriceClass priceClass, IBucket logs,
            boolean httpsOrigin) {

        public Props {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(viewer, "viewer");
            Objects.requireNonNull(priceClass, "priceClass");
            Objects.requireNonNull(logs, "logs");
        }
    }

    /** The headers CloudFront adds toward the origin; a viewer's header of the same name is replaced. */
    static Map<String, String> headers(String verifyValue, String site) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(OriginVerification.HEADER, Objects.requireNonNull(verifyValue, "verifyValue"));
        headers.put(SITE_HEADER, Objects.requireNonNull(site, "site"));
        return headers;
    }

    /** The environment's load balancer: HTTPS where it has a certificate (the site's domain among its own), else HTTP on 80. */
    public static IOrigin loadBalancerOrigin(IApplicationLoadBalancer loadBalancer, boolean https, String verifyValue, String site) {
        return LoadBalancerV2Origin.Builder.create(loadBalancer)
                .protocolPolicy(https ? OriginProtocolPolicy.HTTPS_ONLY : OriginProtocolPolicy.HTTP_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                .customHeaders(headers(verifyValue, site))
                .readTimeout(Duration.seconds(30))
                .keepaliveTimeout(Duration.seconds(5))
                .build();
    }

    /** An App Runner service's default domain ({@code xxxx.REGION.awsapprunner.com}), over HTTPS, its certificate AWS's. */
    public static IOrigin appRunnerOrigin(String serviceDomain, String verifyValue, String site) {
        return HttpOrigin.Builder.create(serviceDomain)
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                .customHeaders(headers(verifyValue, site))
                .readTimeout(Duration.seconds(30))
                .keepaliveTimeout(Duration.seconds(5))
                .build();
    }

    private final Distribution distribution;

    public RenderedSite(Construct scope, String id, Props props) {
        super(scope, id);
        ContentDelivery.Viewer viewer = props.viewer();
        Distribution.Builder distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Berth site " + getNode().getPath())
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(props.origin())
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        // Rendered per request and per user: nothing cached; cookies, query strings and headers go through.
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(props.forwardHost() ? OriginRequestPolicy.ALL_VIEWER
                                : OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .compress(true)
                        .build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableIpv6(true)
                .priceClass(props.priceClass())
                .enableLogging(true)
                .logBucket(props.logs())
                .logFilePrefix(id + "/");
        viewer.apply(distribution);
        this.distribution = distribution.build();
        ContentDelivery.acknowledge(this.distribution, viewer, props.httpsOrigin());
    }

    public Distribution getDistribution() {
        return distribution;
    }
}
