package dev.berth.platform;

import static dev.berth.platform.Synthesized.resources;
import static dev.berth.platform.Synthesized.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {

    static Map<Integer, JsonNode> listenersByPort(String environment) {
        return resources(Synthesized.shipped(environment).app(), "AWS::ElasticLoadBalancingV2::Listener").values().stream()
                .collect(Collectors.toMap(l -> l.path("Properties").path("Port").asInt(), l -> l.path("Properties")));
    }

    @Test
    void withADomainHttpsOn443AndARedirectOn80() {
        Map<Integer, JsonNode> listeners = listenersByPort("prod");
        assertThat(listeners).containsOnlyKeys(80, 443);
        JsonNode https = listeners.get(443);
        assertThat(https.path("Protocol").asText()).isEqualTo("HTTPS");
        assertThat(https.path("SslPolicy").asText()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(https.path("Certificates").get(0).path("CertificateArn").path("Ref").asText()).contains("Certificate");
        assertThat(https.path("DefaultActions").get(0).path("Type").asText()).isEqualTo("forward");
        JsonNode redirect = listeners.get(80).path("DefaultActions").get(0);
        assertThat(redirect.path("Type").asText()).isEqualTo("redirect");
        assertThat(redirect.path("RedirectConfig").path("Protocol").asText()).isEqualTo("HTTPS");
        assertThat(redirect.path("RedirectConfig").path("Port").asText()).isEqualTo("443");
        assertThat(redirect.path("RedirectConfig").path("StatusCode").asText()).isEqualTo("HTTP_301");
        JsonNode certificate = single(Synthesized.shipped("prod").app(), "AWS::CertificateManager::Certificate").path("Properties");
        assertThat(certificate.path("DomainName").asText()).isEqualTo("notes.example.com");
        assertThat(certificate.path("ValidationMethod").asText()).isEqualTo("DNS");
    }

    @Test
    void withoutADomainPlainHttpOn80Only() {
        Map<Integer, JsonNode> listeners = listenersByPort("dev");
        assertThat(listeners).containsOnlyKeys(80);
        assertThat(listeners.get(80).path("Protocol").asText()).isEqualTo("HTTP");
        assertThat(listeners.get(80).path("DefaultActions").get(0).path("Type").asText()).isEqualTo("forward");
        assertThat(resources(Synthesized.shipped("dev").app(), "AWS::CertificateManager::Certificate")).isEmpty();
    }

    @Test
    void anExistingCertificateIsUsedAsIs() {
        Synthesized prod = Synthesized.example("private-no-nat", "prod");
        assertThat(resources(prod.app(), "AWS::CertificateManager::Certificate")).isEmpty();
        assertThat(resources(prod.app(), "AWS::ElasticLoadBalancingV2::Listener").values().stream()
                .filter(l -> l.path("Properties").path("Port").asInt() == 443).findFirst().orElseThrow()
                .path("Properties").path("Certificates").get(0).path("CertificateArn").asText())
                .isEqualTo("arn:aws:acm:eu-west-1:111122223333:certificate/0f6d2c8e-1c2b-4f5e-9a7b-3d2c1b0a9f8e");
    }

    @Test
    void internetFacingInPublicSubnetsWithAccessLogs() {
        JsonNode alb = single(Synthesized.shipped("prod").app(), "AWS::ElasticLoadBalancingV2::LoadBalancer").path("Properties");
        assertThat(alb.path("Scheme").asText()).isEqualTo("internet-facing");
        assertThat(alb.path("Subnets").toString()).contains("publicSubnet").doesNotContain("compute");
        String attributes = alb.path("LoadBalancerAttributes").toString();
        assertThat(attributes).contains("{\"Key\":\"access_logs.s3.enabled\",\"Value\":\"true\"}");
        assertThat(attributes).contains("{\"Key\":\"routing.http.drop_invalid_header_fields.enabled\",\"Value\":\"true\"}");
        assertThat(attributes).contains("{\"Key\":\"deletion_protection.enabled\",\"Value\":\"true\"}");
        JsonNode bucket = single(Synthesized.shipped("prod").app(), "AWS::S3::Bucket").path("Properties");
        assertThat(bucket.path("BucketEncryption").toString()).contains("AES256");
        assertThat(bucket.path("PublicAccessBlockConfiguration").path("RestrictPublicBuckets").asBoolean()).isTrue();
        assertThat(single(Synthesized.shipped("prod").app(), "AWS::S3::BucketPolicy").path("Properties").toString())
                .contains("aws:SecureTransport");
    }

    @Test
    void healthChecksMakeANewTaskHealthyWellUnderAMinute() {
        JsonNode group = single(Synthesized.shipped("prod").app(), "AWS::ElasticLoadBalancingV2::TargetGroup").path("Properties");
        assertThat(group.path("HealthCheckPath").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(group.path("TargetType").asText()).isEqualTo("ip");
        int secondsToHealthy = group.path("HealthCheckIntervalSeconds").asInt() * group.path("HealthyThresholdCount").asInt();
        assertThat(secondsToHealthy).isLessThanOrEqualTo(20);
        assertThat(group.path("TargetGroupAttributes").toString())
                .contains("{\"Key\":\"deregistration_delay.timeout_seconds\",\"Value\":\"30\"}");
    }

    @Test
    void pathServicesGetListenerRules() {
        Synthesized dev = Synthesized.example("multi-service", "dev");
        JsonNode rule = single(dev.app(), "AWS::ElasticLoadBalancingV2::ListenerRule").path("Properties");
        assertThat(rule.path("Conditions").toString()).contains("path-pattern").contains("/api/*");
        assertThat(rule.path("Actions").get(0).path("TargetGroupArn").path("Ref").asText()).startsWith("ApiTargets");
        assertThat(resources(dev.app(), "AWS::ECS::Service")).hasSize(2);
        // The api image is a CDK asset, built at deploy time: no tag parameter for it.
        assertThat(dev.app().path("Parameters").has("ApiImageTag")).isFalse();
        assertThat(dev.app().path("Parameters").has("WebImageTag")).isTrue();
    }
}
