package dev.berth.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.s3.Bucket;

/** SinglePageSite alone: a private, versioned bucket only its distribution reads, and client-side routing. */
class SinglePageSiteTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        new SinglePageSite(stack, "App", new SinglePageSite.Props(new ContentDelivery.Viewer(null, null, null),
                PriceClass.PRICE_CLASS_100, Bucket.Builder.create(stack, "Logs").build()));
        template = Templates.template(stack);
    }

    static JsonNode config() {
        return Templates.properties(template, "AWS::CloudFront::Distribution").path("DistributionConfig");
    }

    @Test
    void pathsWithoutAFileAreAnsweredWithTheIndexAnd200() {
        assertThat(config().path("DefaultRootObject").asText()).isEqualTo("index.html");
        List<String> errors = new ArrayList<>();
        config().path("CustomErrorResponses").forEach(error -> errors.add(error.path("ErrorCode").asInt() + " → "
                + error.path("ResponseCode").asInt() + " " + error.path("ResponsePagePath").asText()));
        assertThat(errors).containsExactly("403 → 200 /index.html", "404 → 200 /index.html");
    }

    @Test
    void aPrivateEncryptedVersionedBucketOnlyTheDistributionReads() {
        JsonNode bucket = Templates.single(template, "AWS::S3::Bucket", "AppBucket").path("Properties");
        assertThat(bucket.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.path("BucketEncryption").toString()).contains("AES256");
        assertThat(bucket.path("PublicAccessBlockConfiguration").path("BlockPublicAcls").asBoolean()).isTrue();
        String policy = Templates.single(template, "AWS::S3::BucketPolicy", "AppBucket").path("Properties").toString();
        assertThat(policy).contains("cloudfront.amazonaws.com").contains("AWS:SourceArn").contains("aws:SecureTransport");
        assertThat(Templates.resources(template, "AWS::CloudFront::OriginAccessControl")).hasSize(1);
        JsonNode origin = config().path("Origins").get(0);
        assertThat(origin.path("OriginAccessControlId").toString()).isNotEmpty();
        assertThat(config().path("HttpVersion").asText()).isEqualTo("http2and3");
        assertThat(config().path("DefaultCacheBehavior").path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
    }
}
