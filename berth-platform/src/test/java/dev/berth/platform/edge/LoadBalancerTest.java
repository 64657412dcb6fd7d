package dev.berth.platform.edge;

import static dev.berth.platform.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;

/** LoadBalancer alone: HTTPS with a new certificate, HTTPS with an existing one, and plain HTTP, side by side. */
class LoadBalancerTest {

    static final String EXISTING = "arn:aws:acm:eu-central-1:111122223333:certificate/0f6d2c8e-1c2b-4f5e-9a7b-3d2c1b0a9f8e";
    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        SecurityGroup group = SecurityGroup.Builder.create(stack, "Group").vpc(vpc).build();
        SubnetSelection publicSubnets = SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
        List<LoadBalancer> loadBalancers = List.of(
                new LoadBalancer(stack, "Https", LoadBalancer.Props.builder().vpc(vpc).subnets(publicSubnets).securityGroup(group)
                        .https("notes.example.com", null, null).accessLogDays(30).deletionProtection(true).build()),
                new LoadBalancer(stack, "Existing", LoadBalancer.Props.builder().vpc(vpc).subnets(publicSubnets)
                        .securityGroup(group).https("shop.example.com", EXISTING, null).build()),
                new LoadBalancer(stack, "Plain", LoadBalancer.Props.builder().vpc(vpc).subnets(publicSubnets)
                        .securityGroup(group).build()));
        // Services attach to the service listener; here a fixed answer stands in for them.
        loadBalancers.forEach(loadBalancer -> loadBalancer.getServiceListener().addAction("Answer", AddApplicationActionProps.builder()
                .action(ListenerAction.fixedResponse(200)).build()));
        template = Templates.template(stack);
    }

    static Map<Integer, JsonNode> listeners(String loadBalancer) {
        return resources(template, "AWS::ElasticLoadBalancingV2::Listener").entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(loadBalancer))
                .collect(Collectors.toMap(e -> e.getValue().path("Properties").path("Port").asInt(), e -> e.getValue().path("Properties")));
    }

    static JsonNode alb(String loadBalancer) {
        return Templates.single(template, "AWS::ElasticLoadBalancingV2::LoadBalancer", loadBalancer).path("Properties");
    }

    @Test
    void withADomainHttpsOn443WithAModernPolicyAndARedirectOn80() {
        Map<Integer, JsonNode> listeners = listeners("Https");
        assertThat(listeners).containsOnlyKeys(80, 443);
        JsonNode https = listeners.get(443);
        assertThat(https.path("Protocol").asText()).isEqualTo("HTTPS");
        assertThat(https.path("SslPolicy").asText()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(https.path("Certificates").get(0).path("CertificateArn").path("Ref").asText()).contains("HttpsCertificate");
        JsonNode redirect = listeners.get(80).path("DefaultActions").get(0);
        assertThat(redirect.path("Type").asText()).isEqualTo("redirect");
        assertThat(redirect.path("RedirectConfig").path("Protocol").asText()).isEqualTo("HTTPS");
        assertThat(redirect.path("RedirectConfig").path("Port").asText()).isEqualTo("443");
        assertThat(redirect.path("RedirectConfig").path("StatusCode").asText()).isEqualTo("HTTP_301");
        JsonNode certificate = Templates.properties(template, "AWS::CertificateManager::Certificate");
        assertThat(certificate.path("DomainName").asText()).isEqualTo("notes.example.com");
        assertThat(certificate.path("ValidationMethod").asText()).isEqualTo("DNS");
    }

    @Test
    void anExistingCertificateIsUsedAsIs() {
        assertThat(listeners("Existing").get(443).path("Certificates").get(0).path("CertificateArn").asText()).isEqualTo(EXISTING);
    }

    @Test
    void withoutADomainPlainHttpOn80Only() {
        Map<Integer, JsonNode> listeners = listeners("Plain");
        assertThat(listeners).containsOnlyKeys(80);
        assertThat(listeners.get(80).path("Protocol").asText()).isEqualTo("HTTP");
    }

    @Test
    void internetFacingInThePublicSubnetsDroppingInvalidHeaders() {
        JsonNode alb = alb("Https");
        assertThat(alb.path("Scheme").asText()).isEqualTo("internet-facing");
        assertThat(alb.path("Subnets").toString()).contains("PublicSubnet").doesNotContain("Private");
        String attributes = alb.path("LoadBalancerAttributes").toString();
        assertThat(attributes).contains("{\"Key\":\"routing.http.drop_invalid_header_fields.enabled\",\"Value\":\"true\"}");
        assertThat(attributes).contains("{\"Key\":\"deletion_protection.enabled\",\"Value\":\"true\"}");
        assertThat(alb("Plain").path("LoadBalancerAttributes").toString())
                .contains("{\"Key\":\"deletion_protection.enabled\",\"Value\":\"false\"}");
    }

    @Test
    void accessLogsGoToAPrivateTlsOnlyBucketThatExpiresThem() {
        assertThat(alb("Https").path("LoadBalancerAttributes").toString())
                .contains("{\"Key\":\"access_logs.s3.enabled\",\"Value\":\"true\"}");
        JsonNode bucket = Templates.single(template, "AWS::S3::Bucket", "HttpsAccessLogs");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        JsonNode properties = bucket.path("Properties");
        assertThat(properties.path("BucketEncryption").toString()).contains("AES256");
        assertThat(properties.path("PublicAccessBlockConfiguration").path("RestrictPublicBuckets").asBoolean()).isTrue();
        assertThat(properties.path("LifecycleConfiguration").path("Rules").get(0).path("ExpirationInDays").asInt()).isEqualTo(30);
        assertThat(Templates.single(template, "AWS::S3::BucketPolicy", "HttpsAccessLogs").toString()).contains("aws:SecureTransport");
    }
}
