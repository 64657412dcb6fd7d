package dev.berth.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;

/**
 * ContentDelivery alone: a distribution with a domain, HTTPS to the load balancer and static files; and one with
 * neither, HTTP to the load balancer on CloudFront's own address.
 */
class ContentDeliveryTest {

    /** CloudFront's managed policies, by the ids AWS gives them. */
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    static final String ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";
    static final String CERTIFICATE = "arn:aws:acm:us-east-1:111122223333:certificate/0f6d2c8e-1c2b-4f5e-9a7b-3d2c1b0a9f8e";
    static final String WEB_ACL = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/notes-prod-cdn/4e8d2c";
    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(stack, "Alb").vpc(vpc).internetFacing(true).build();
        var assets = Bucket.fromBucketAttributes(stack, "Assets", BucketAttributes.builder()
                .bucketName("notes-prod-assets").bucketRegionalDomainName("notes-prod-assets.s3.eu-central-1.amazonaws.com").build());
        new ContentDelivery(stack, "Prod", new ContentDelivery.Props(
                new ContentDelivery.Origin(alb, true, "{{resolve:secretsmanager:origin:SecretString:value}}"),
                new ContentDelivery.Assets(assets, List.of("/static/*")),
                new ContentDelivery.Viewer("notes.example.com", Certificate.fromCertificateArn(stack, "Certificate", CERTIFICATE), WEB_ACL),
                PriceClass.PRICE_CLASS_100, 90));
        new ContentDelivery(stack, "Dev", new ContentDelivery.Props(
                new ContentDelivery.Origin(alb, false, "secret"), null, new ContentDelivery.Viewer(null, null, null),
                PriceClass.PRICE_CLASS_ALL, 7));
        template = Templates.template(stack);
    }

    static JsonNode config(String id) {
        return Templates.single(template, "AWS::CloudFront::Distribution", id).path("Properties").path("DistributionConfig");
    }

    @Test
    void http2And3OverTls12AndIpv6ForTheDomainBehindTheFirewall() {
        JsonNode prod = config("Prod");
        assertThat(prod.path("HttpVersion").asText()).isEqualTo("http2and3");
        assertThat(prod.path("IPV6Enabled").asBoolean()).isTrue();
        assertThat(Templates.texts(prod.path("Aliases"))).containsExactly("notes.example.com");
        assertThat(prod.path("ViewerCertificate").path("AcmCertificateArn").asText()).isEqualTo(CERTIFICATE);
        assertThat(prod.path("ViewerCertificate").path("MinimumProtocolVersion").asText()).isEqualTo("TLSv1.2_2021");
        assertThat(prod.path("ViewerCertificate").path("SslSupportMethod").asText()).isEqualTo("sni-only");
        assertThat(prod.path("WebACLId").asText()).isEqualTo(WEB_ACL);
        assertThat(prod.path("PriceClass").asText()).isEqualTo("PriceClass_100");
        assertThat(config("Dev").has("Aliases")).isFalse();
        assertThat(config("Dev").has("WebACLId")).isFalse();
    }

    @Test
    void pagesGoToTheLoadBalancerUncachedWithEverythingTheAppNeedsAndTheOriginSecret() {
        JsonNode prod = config("Prod");
        JsonNode pages = prod.path("DefaultCacheBehavior");
        assertThat(pages.path("CachePolicyId").asText()).isEqualTo(CACHING_DISABLED);
        assertThat(pages.path("OriginRequestPolicyId").asText()).isEqualTo(ALL_VIEWER);
        assertThat(pages.path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
        assertThat(Templates.texts(pages.path("AllowedMethods"))).contains("POST", "PUT", "DELETE");
        JsonNode origin = origin(prod, pages.path("TargetOriginId").asText());
        assertThat(origin.path("DomainName").toString()).contains("Alb");
        assertThat(origin.path("CustomOriginConfig").path("OriginProtocolPolicy").asText()).isEqualTo("https-only");
        assertThat(Templates.texts(origin.path("CustomOriginConfig").path("OriginSSLProtocols"))).containsExactly("TLSv1.2");
        assertThat(origin.path("OriginCustomHeaders").get(0).path("HeaderName").asText()).isEqualTo(OriginVerification.HEADER);
        assertThat(origin.path("OriginCustomHeaders").get(0).path("HeaderValue").asText()).startsWith("{{resolve:secretsmanager:");
        JsonNode dev = config("Dev");
        assertThat(origin(dev, dev.path("DefaultCacheBehavior").path("TargetOriginId").asText())
                .path("CustomOriginConfig").path("OriginProtocolPolicy").asText()).isEqualTo("http-only");
    }

    @Test
    void staticFilesComeFromThePrivateBucketThroughOriginAccessControlCachedLong() {
        JsonNode prod = config("Prod");
        JsonNode behaviour = prod.path("CacheBehaviors").get(0);
        assertThat(behaviour.path("PathPattern").asText()).isEqualTo("/static/*");
        assertThat(behaviour.path("CachePolicyId").asText()).isEqualTo(CACHING_OPTIMIZED);
        assertThat(Templates.texts(behaviour.path("AllowedMethods"))).containsExactly("GET", "HEAD");
        JsonNode origin = origin(prod, behaviour.path("TargetOriginId").asText());
        assertThat(origin.path("DomainName").asText()).isEqualTo("notes-prod-assets.s3.eu-central-1.amazonaws.com");
        assertThat(origin.path("OriginAccessControlId").toString()).contains("AssetsAccess");
        assertThat(origin.path("S3OriginConfig").path("OriginAccessIdentity").asText()).isEmpty();
        JsonNode access = Templates.properties(template, "AWS::CloudFront::OriginAccessControl").path("OriginAccessControlConfig");
        assertThat(access.path("SigningBehavior").asText()).isEqualTo("always");
        assertThat(access.path("OriginAccessControlOriginType").asText()).isEqualTo("s3");
        assertThat(config("Dev").has("CacheBehaviors")).isFalse();
    }

    @Test
    void theBucketAdmitsThisDistributionAloneAndOnlyOverTls() {
        JsonNode statements = Templates.single(template, "AWS::S3::BucketPolicy", "ProdAssetsPolicy")
                .path("Properties").path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).path("Effect").asText()).isEqualTo("Deny");
        assertThat(statements.get(0).path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
        JsonNode read = statements.get(1);
        assertThat(read.path("Principal").path("Service").asText()).isEqualTo("cloudfront.amazonaws.com");
        assertThat(read.path("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(read.path("Condition").path("StringEquals").path("AWS:SourceArn").toString()).contains("ProdDistribution");
    }

    @Test
    void standardLogsGoToAPrivateEncryptedBucketThatExpiresThem() {
        JsonNode prod = config("Prod");
        assertThat(prod.path("Logging").path("Bucket").toString()).contains("ProdLogs");
        JsonNode bucket = Templates.single(template, "AWS::S3::Bucket", "ProdLogs").path("Properties");
        assertThat(bucket.path("BucketEncryption").toString()).contains("AES256");
        assertThat(bucket.path("PublicAccessBlockConfiguration").path("RestrictPublicBuckets").asBoolean()).isTrue();
        assertThat(bucket.path("LifecycleConfiguration").toString()).contains("\"ExpirationInDays\":90");
        assertThat(Templates.single(template, "AWS::S3::Bucket", "DevLogs").path("Properties").path("LifecycleConfiguration")
                .toString()).contains("\"ExpirationInDays\":7");
    }

    static JsonNode origin(JsonNode config, String id) {
        for (JsonNode origin : config.path("Origins")) {
            if (origin.path("Id").asText().equals(id)) {
                return origin;
            }
        }
        throw new AssertionError("no origin " + id);
    }
}
