package dev.berth.platform;

import static dev.berth.platform.Templates.resources;
import static dev.berth.platform.Templates.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.SizeTier;
import dev.berth.platform.compute.AppRunnerMapping;
import dev.berth.platform.compute.AppRunnerService;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.compute.WebService;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.edge.OriginVerification;
import dev.berth.platform.edge.RenderedSite;
import dev.berth.platform.edge.WafRules;
import dev.berth.platform.network.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's server-rendered front end: a site rendered by a service behind its own distribution, on Fargate behind the
 * environment's load balancer (the frontend example), or on App Runner (the apprunner example).
 */
class FrontEndTest {

    static Synthesized fargate(String environment) {
        return Synthesized.example("frontend", environment);
    }

    static Synthesized appRunner(String environment) {
        return Synthesized.example("apprunner", environment);
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

    @Test
    void onAppRunnerTheSiteReachesTheServicesOwnAddressWithBothHeadersAndWithoutTheViewersHost() {
        JsonNode app = appRunner("prod").app();
        JsonNode config = siteDistribution(app);
        JsonNode origin = config.path("Origins").get(0);
        assertThat(origin.path("DomainName").toString()).contains("ServiceUrl").contains("WebFrontendService");
        assertThat(origin.path("CustomOriginConfig").path("OriginProtocolPolicy").asText()).isEqualTo("https-only");
        assertThat(customHeaders(origin).keySet()).containsExactly(OriginVerification.HEADER, RenderedSite.SITE_HEADER);
        assertThat(config.path("DefaultCacheBehavior").path("OriginRequestPolicyId").asText()).as("AllViewerExceptHostHeader")
                .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        assertThat(resources(app, "AWS::ECS::Service").keySet()).as("the API alone runs on ECS").allMatch(id -> id.startsWith("Api"));
        assertThat(resources(app, "AWS::ElasticLoadBalancingV2::ListenerRule").values())
                .as("the load balancer has no rule for the site").noneMatch(rule -> rule.toString().contains(RenderedSite.SITE_HEADER));
    }

    @Test
    void theAppRunnerServiceRunsTheRepositorysImageByTheTagParameterWithItsSecretsVariablesAndHealthCheck() {
        JsonNode service = single(appRunner("prod").app(), "AWS::AppRunner::Service").path("Properties");
        JsonNode image = service.path("SourceConfiguration").path("ImageRepository");
        assertThat(image.path("ImageRepositoryType").asText()).isEqualTo("ECR");
        assertThat(image.path("ImageIdentifier").toString()).contains("{\"Ref\":\"" + dev.berth.model.Naming.imageTagParameter("web-frontend") + "\"}");
        assertThat(service.path("SourceConfiguration").path("AutoDeploymentsEnabled").asBoolean(true)).isFalse();
        JsonNode configuration = image.path("ImageConfiguration");
        assertThat(configuration.path("Port").asText()).isEqualTo("3000");
        List<String> secrets = new ArrayList<>();
        configuration.path("RuntimeEnvironmentSecrets").forEach(secret -> {
            secrets.add(secret.path("Name").asText());
            assertThat(secret.path("Value").toString()).as("a whole secret, by its ARN").doesNotContain("::\"");
        });
        assertThat(secrets).containsExactly("DB_SECRET", "SESSION_KEY");
        assertThat(configuration.path("RuntimeEnvironmentVariables").toString()).contains("API_URL")
                .contains("https://app.harbor.example.com");
        JsonNode health = service.path("HealthCheckConfiguration");
        assertThat(health.path("Protocol").asText()).isEqualTo("HTTP");
        assertThat(health.path("Path").asText()).isEqualTo("/api/health");
        JsonNode instance = service.path("InstanceConfiguration");
        assertThat(instance.path("Cpu").asText()).as("size small").isEqualTo("0.5 vCPU");
        assertThat(instance.path("Memory").asText()).isEqualTo("1 GB");
        assertThat(service.path("NetworkConfiguration").path("EgressConfiguration").path("EgressType").asText()).isEqualTo("VPC");
        assertThat(service.path("NetworkConfiguration").path("EgressConfiguration").path("VpcConnectorArn").toString())
                .contains("WebFrontendVpcConnector");
    }

    @Test
    void theTiersAreAppRunnersPairsAndTheScalingConfigurationHoldsMinAndMax() {
        assertThat(List.of(SizeTier.values()).stream().map(tier -> AppRunnerMapping.cpu(tier) + " / " + AppRunnerMapping.memory(tier)))
                .containsExactly("0.25 vCPU / 0.5 GB", "0.5 vCPU / 1 GB", "1 vCPU / 2 GB", "2 vCPU / 4 GB");
        JsonNode scaling = single(appRunner("prod").app(), "AWS::AppRunner::AutoScalingConfiguration").path("Properties");
        assertThat(scaling.path("MinSize").asInt()).isEqualTo(1);
        assertThat(scaling.path("MaxSize").asInt()).isEqualTo(5);
        assertThat(scaling.path("MaxConcurrency").asInt()).isEqualTo(AppRunnerService.MAX_CONCURRENCY);
        assertThat(single(appRunner("prod").app(), "AWS::AppRunner::Service").path("Properties")
                .path("AutoScalingConfigurationArn").toString()).contains("WebFrontendScaling");
    }

    @Test
    void theAccessRolePullsFromTheServicesRepositoryAloneAndTheInstanceRoleReadsItsSecrets() {
        JsonNode app = appRunner("prod").app();
        JsonNode access = single(app, "AWS::IAM::Role", "WebFrontendAccessRole").path("Properties");
        assertThat(access.path("AssumeRolePolicyDocument").toString()).contains("build.apprunner.amazonaws.com");
        JsonNode pull = single(app, "AWS::IAM::Policy", "WebFrontendAccessRoleDefaultPolicy").path("Properties")
                .path("PolicyDocument").path("Statement");
        List<String> resources = new ArrayList<>();
        pull.forEach(statement -> {
            if (statement.path("Action").toString().contains("ecr:BatchGetImage")) {
                resources.add(statement.path("Resource").toString());
            }
        });
        assertThat(resources).hasSize(1);
        assertThat(resources.getFirst()).as("one repository, not *").contains("harbor/web-frontend").doesNotContain("\"*\"");
        assertThat(single(app, "AWS::IAM::Role", "WebFrontendInstanceRole").path("Properties").path("AssumeRolePolicyDocument")
                .toString()).contains("tasks.apprunner.amazonaws.com");
        String instance = single(app, "AWS::IAM::Policy", "WebFrontendInstanceRoleDefaultPolicy").toString();
        assertThat(instance).contains("secretsmanager:GetSecretValue").contains("kms:ViaService");
        assertThat(instance).as("no wildcard").doesNotContain("\"Resource\":\"*\"");
    }

    @Test
    void theVpcConnectorLeavesFromTheServicesOwnGroupWhichReachesTheApiAndItsDatabase() {
        Synthesized prod = appRunner("prod");
        JsonNode connector = single(prod.app(), "AWS::AppRunner::VpcConnector").path("Properties");
        assertThat(connector.path("Subnets")).hasSize(prod.model().network().zones().size());
        assertThat(connector.path("SecurityGroups").toString()).contains("SecurityGroupsWebFrontendAppRunner");
        assertThat(prod.assembly().traffic().flows()).contains(
                Flow.tcp(AppRunnerMapping.zone("web-frontend"), ComputeMapping.zone("api"), 8080,
                        "web-frontend on App Runner calls api.harbor.local"),
                Flow.tcp(AppRunnerMapping.zone("web-frontend"), dev.berth.platform.data.Database.ZONE, 5432,
                        "web-frontend to PostgreSQL (database web_frontend)"),
                Flow.tcp(AppRunnerMapping.zone("web-frontend"), dev.berth.platform.network.Zone.INTERNET, 443,
                        "web-frontend on App Runner: HTTPS to AWS APIs and the internet"));
        assertThat(prod.assembly().traffic().flows()).as("nothing reaches the connector's group")
                .noneMatch(flow -> flow.to().equals(AppRunnerMapping.zone("web-frontend")));
    }

    @Test
    void theRegionalWebAclOnTheServiceBlocksRequestsWithoutTheOriginHeaderAcceptingBothValuesDuringARotation() {
        JsonNode app = appRunner("prod").app();
        JsonNode association = single(app, "AWS::WAFv2::WebACLAssociation", "WebFrontendFirewallAssociation").path("Properties");
        assertThat(association.path("ResourceArn").toString()).contains("WebFrontendService").contains("ServiceArn");
        assertThat(association.path("WebACLArn").toString()).contains("AppRunnerFirewall");
        JsonNode acl = single(app, "AWS::WAFv2::WebACL", "AppRunnerFirewall").path("Properties");
        assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
        JsonNode first = acl.path("Rules").get(0);
        assertThat(first.path("Name").asText()).isEqualTo(WafRules.ORIGIN_HEADER_RULE);
        assertThat(first.path("Priority").asInt()).isZero();
        assertThat(first.path("Action").has("Block")).isTrue();
        JsonNode choice = first.path("Statement").path("Fn::If");
        assertThat(choice.get(0).asText()).isEqualTo("OriginVerifyRotating");
        JsonNode rotating = choice.get(1).path("NotStatement").path("Statement").path("OrStatement").path("Statements");
        assertThat(rotating).hasSize(2);
        JsonNode match = choice.get(2).path("NotStatement").path("Statement").path("ByteMatchStatement");
        assertThat(match.path("FieldToMatch").path("SingleHeader").path("Name").asText()).isEqualTo("x-origin-verify");
        assertThat(match.path("PositionalConstraint").asText()).isEqualTo("EXACTLY");
        assertThat(match.path("SearchString").toString()).contains("resolve:secretsmanager").contains(OriginVerification.VERSION_PARAMETER);
        assertThat(rotating.get(1).toString()).contains(OriginVerification.PREVIOUS_PARAMETER);
        List<String> rest = new ArrayList<>();
        acl.path("Rules").forEach(rule -> rest.add(rule.path("Name").asText()));
        assertThat(rest).as("the firewall's rules after it").contains(WafRules.RATE_RULE, WafRules.METADATA_RULE)
                .containsAll(WafRules.MANAGED_GROUPS);
    }
}
