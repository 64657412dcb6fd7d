package dev.berth.platform;

import static dev.berth.platform.Templates.resources;
import static dev.berth.platform.Templates.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.compute.WebService;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.edge.OriginVerification;
import dev.berth.platform.edge.RenderedSite;
import dev.berth.platform.network.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's server-rendered front end: a site rendered by a service behind its own distribution, on Fargate behind the
 * environment's load balancer (the frontend example).
 */
class FrontEndTest {

    static Synthesized fargate(String environment) {
        return Synthesized.example("frontend", environment);
    }

    /** The site's distribution: the one whose origin sends the site header. */
    static JsonNode siteDistribution(JsonNode app) {
        List<JsonNode> found = new ArrayList<>();
        resources(app, "AWS::CloudFront::Distribution").values().forEach(distribution -> {
            if (distribution.toString().contains(RenderedSite.SITE_HEADER)) {
                found.add(distribution);
            }
        });
        assertThat(found).hasSize(1);
        return found.getFirst().path("Properties").path("DistributionConfig");
    }

    static Map<String, JsonNode> customHeaders(JsonNode origin) {
        Map<String, JsonNode> headers = new java.util.LinkedHashMap<>();
        origin.path("OriginCustomHeaders").forEach(header -> headers.put(header.path("HeaderName").asText(), header.path("HeaderValue")));
        return headers;
    }

    @Test
    void theSiteHasItsOwnDistributionToTheLoadBalancerWithTheOriginHeaderAndTheSiteHeader() {
        for (String environment : List.of("dev", "prod")) {
            JsonNode app = fargate(environment).app();
            JsonNode config = siteDistribution(app);
            JsonNode origin = config.path("Origins").get(0);
            assertThat(config.path("Origins")).hasSize(1);
            assertThat(origin.path("DomainName").toString()).as("the environment's load balancer").contains("LoadBalancerAlb");
            Map<String, JsonNode> headers = customHeaders(origin);
            assertThat(headers.keySet()).containsExactly(OriginVerification.HEADER, RenderedSite.SITE_HEADER);
            assertThat(headers.get(RenderedSite.SITE_HEADER).asText()).isEqualTo("app");
            assertThat(headers.get(OriginVerification.HEADER).toString()).as("the secret's value, resolved at deploy time")
                    .contains("resolve:secretsmanager").contains(OriginVerification.VERSION_PARAMETER);
            JsonNode behaviour = config.path("DefaultCacheBehavior");
            assertThat(behaviour.path("CachePolicyId").asText()).as("CachingDisabled").isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
            assertThat(behaviour.path("OriginRequestPolicyId").asText()).as("AllViewer: cookies, query strings, headers, Host")
                    .isEqualTo("216adef6-5c7f-47e4-b989-5492eafa07d3");
            assertThat(behaviour.path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
            assertThat(config.path("WebACLId").toString()).as("the environment's CLOUDFRONT web ACL").isNotEqualTo("\"\"")
                    .isNotEmpty();
            assertThat(config.has("WebACLId")).isTrue();
        }
        JsonNode dev = siteDistribution(fargate("dev").app());
        assertThat(dev.path("Origins").get(0).path("CustomOriginConfig").path("OriginProtocolPolicy").asText())
                .as("the load balancer has no certificate without a domain").isEqualTo("http-only");
        assertThat(dev.has("Aliases")).isFalse();
        JsonNode prod = siteDistribution(fargate("prod").app());
        assertThat(prod.path("Origins").get(0).path("CustomOriginConfig").path("OriginProtocolPolicy").asText()).isEqualTo("https-only");
        assertThat(prod.path("Aliases").toString()).contains("app.harbor.example.com");
        assertThat(prod.path("ViewerCertificate").path("MinimumProtocolVersion").asText()).isEqualTo("TLSv1.2_2021");
    }

    @Test
    void theLoadBalancerForwardsRequestsWithBothHeadersToTheFrontEndAheadOfEveryPathRule() {
        JsonNode app = fargate("prod").app();
        List<JsonNode> siteRules = new ArrayList<>();
        resources(app, "AWS::ElasticLoadBalancingV2::ListenerRule").values().forEach(rule -> {
            if (rule.toString().contains(RenderedSite.SITE_HEADER)) {
                siteRules.add(rule.path("Properties"));
            }
        });
        assertThat(siteRules).hasSize(1);
        JsonNode rule = siteRules.getFirst();
        assertThat(rule.path("Priority").asInt()).isEqualTo(WebService.FIRST_SITE_PRIORITY);
        List<String> headers = new ArrayList<>();
        rule.path("Conditions").forEach(condition -> {
            assertThat(condition.path("Field").asText()).as("headers only, no path").isEqualTo("http-header");
            headers.add(condition.path("HttpHeaderConfig").path("HttpHeaderName").asText());
        });
        assertThat(headers).containsExactlyInAnyOrder(OriginVerification.HEADER, RenderedSite.SITE_HEADER);
        assertThat(rule.path("Conditions").toString()).contains("\"Values\":[\"app\"]");
        assertThat(rule.path("Actions").get(0).path("TargetGroupArn").toString()).contains("WebFrontendTargets");
        assertThat(rule.path("ListenerArn").toString()).contains("LoadBalancerAlbHttps");
        JsonNode defaultRule = resources(app, "AWS::ElasticLoadBalancingV2::ListenerRule").values().stream()
                .filter(candidate -> candidate.path("Properties").path("Priority").asInt() == WebService.DEFAULT_ROUTE_PRIORITY)
                .findFirst().orElseThrow();
        assertThat(defaultRule.toString()).as("the API stays the default route").contains("ApiTargets");
    }

    @Test
    void theLoadBalancerServesTheSitesCertificateBesideItsOwnAndTheSiteGetsItsAliasesAndCloudFrontCertificate() {
        JsonNode app = fargate("prod").app();
        JsonNode listenerCertificates = single(app, "AWS::ElasticLoadBalancingV2::ListenerCertificate");
        assertThat(listenerCertificates.toString()).contains("AppSiteCertificate");
        assertThat(single(app, "AWS::CertificateManager::Certificate", "AppSiteCertificate").path("Properties").path("DomainName").asText())
                .isEqualTo("app.harbor.example.com");
        assertThat(resources(app, "AWS::Route53::RecordSet", record -> record.toString().contains("app.harbor.example.com.")))
                .as("A and AAAA aliases").hasSize(2);
        assertThat(fargate("prod").template("edge").toString()).as("CloudFront's certificate in us-east-1")
                .contains("app.harbor.example.com");
    }

    @Test
    void theFrontEndRunsOnFargateBehindTheLoadBalancerAndCallsTheApiThroughCloudMap() {
        Synthesized dev = fargate("dev");
        assertThat(dev.assembly().traffic().flows()).contains(
                Flow.tcp(LoadBalancer.ZONE, ComputeMapping.zone("web-frontend"), 3000, "Load balancer to web-frontend"),
                Flow.tcp(ComputeMapping.zone("web-frontend"), ComputeMapping.zone("api"), 8080, "web-frontend calls api.harbor.local"));
        String task = single(dev.app(), "AWS::ECS::TaskDefinition", "WebFrontend").toString();
        assertThat(task).as("its public URL is the site's").contains(WebService.PUBLIC_URL).contains("AppSiteDistribution");
    }
}
