package dev.berth.platform;

import static dev.berth.platform.Templates.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What crosses the stacks of an environment: the groups and subnets of the foundation, the data tier's secret. */
class CrossStackTest {

    @Test
    void theAppReadsTheDatabaseSecretExportedByTheDataStack() {
        JsonNode container = single(Synthesized.shipped("prod").app(), "AWS::ECS::TaskDefinition")
                .path("Properties").path("ContainerDefinitions").get(0);
        assertThat(container.path("Secrets").get(0).path("Name").asText()).isEqualTo("DB_SECRET");
        assertThat(container.path("Secrets").get(0).path("ValueFrom").toString()).contains("Fn::ImportValue")
                .contains("notejam-prod-data");
    }

    @Test
    void theDatabaseAndTheTasksUseTheFoundationsGroupsAndSubnets() {
        Synthesized prod = Synthesized.shipped("prod");
        JsonNode database = single(prod.data(), "AWS::RDS::DBInstance").path("Properties");
        assertThat(database.path("VPCSecurityGroups").toString()).contains("Fn::ImportValue").contains("SecurityGroupsDatabase");
        assertThat(single(prod.data(), "AWS::RDS::DBSubnetGroup").path("Properties").path("SubnetIds").toString())
                .contains("dataSubnet1").contains("dataSubnet2").doesNotContain("compute").doesNotContain("public");
        JsonNode network = single(prod.app(), "AWS::ECS::Service").path("Properties").path("NetworkConfiguration")
                .path("AwsvpcConfiguration");
        assertThat(network.path("Subnets").toString()).contains("computeSubnet").doesNotContain("publicSubnet");
        assertThat(network.path("SecurityGroups").toString()).contains("SecurityGroupsWebTasks");
        assertThat(single(prod.app(), "AWS::ElasticLoadBalancingV2::LoadBalancer").path("Properties").path("Subnets").toString())
                .contains("publicSubnet");
    }

    @Test
    void everyLogGroupIsEncryptedWithTheEnvironmentKey() {
        Synthesized dev = Synthesized.shipped("dev");
        for (String layer : new String[] {"foundation", "data", "app"}) {
            assertThat(Templates.resources(dev.template(layer), "AWS::Logs::LogGroup").values()).isNotEmpty().allSatisfy(group -> {
                assertThat(group.path("Properties").path("KmsKeyId").toString()).contains("EnvironmentKey");
                assertThat(group.path("Properties").path("RetentionInDays").asInt()).isEqualTo(7);
            });
        }
    }

    @Test
    void everyImageRunsByATagGivenAsAParameterOfTheAppStack() {
        JsonNode app = Synthesized.shipped("prod").app();
        assertThat(app.path("Parameters").path("WebImageTag").path("Type").asText()).isEqualTo("String");
        assertThat(app.path("Parameters").path("WebImageTag").has("Default")).isFalse();
        assertThat(EnvironmentAssembly.imageTagParameter(Synthesized.shipped("prod").model(), "web"))
                .isEqualTo("notejam-prod-app:WebImageTag");
        // Built into the environment's own repository or pulled from an existing one: a tag either way.
        JsonNode shop = Synthesized.example("multi-service", "dev").app();
        assertThat(shop.path("Parameters").has("ApiImageTag")).isTrue();
        assertThat(shop.path("Parameters").has("WebImageTag")).isTrue();
    }

    @Test
    void eachEnvironmentOwnsItsServicesRepositoriesAndTasksPullFromThemAlone() {
        for (String environment : List.of("dev", "prod")) {
            Synthesized shipped = Synthesized.shipped(environment);
            JsonNode repository = Templates.single(shipped.template("delivery"), "AWS::ECR::Repository");
            assertThat(repository.path("Properties").path("RepositoryName").asText()).isEqualTo("notejam/" + environment + "/web");
            assertThat(repository.path("Properties").path("EncryptionConfiguration").path("KmsKey").toString())
                    .contains("notejam-" + environment + "-foundation");
            assertThat(repository.path("DeletionPolicy").asText()).isEqualTo(environment.equals("prod") ? "Retain" : "Delete");
            // The execution role's ECR pull statement names the delivery stack's repository, and nothing else.
            JsonNode pull = Templates.resources(shipped.app(), "AWS::IAM::Policy").values().stream()
                    .flatMap(policy -> java.util.stream.StreamSupport.stream(
                            policy.path("Properties").path("PolicyDocument").path("Statement").spliterator(), false))
                    .filter(statement -> statement.path("Action").toString().contains("ecr:BatchGetImage"))
                    .findFirst().orElseThrow();
            assertThat(pull.path("Resource").isArray()).isFalse();
            assertThat(pull.path("Resource").toString()).contains("notejam-" + environment + "-delivery");
        }
        // An existing repository is used, not created; with no repository to create there is no delivery stack.
        JsonNode shop = Synthesized.example("multi-service", "dev").template("delivery");
        assertThat(Templates.resources(shop, "AWS::ECR::Repository").values())
                .extracting(r -> r.path("Properties").path("RepositoryName").asText()).containsExactly("shop/dev/api");
        assertThat(Synthesized.example("minimal", "dev").assembly().stackNames()).doesNotContain("hello-dev-delivery");
    }

    @Test
    void theDnsOutputOnlyWhereThereIsADomainToPointAtIt() {
        // Behind CloudFront the domain points at the distribution; without a CDN at the load balancer; with a zone
        // Berth writes the records itself.
        assertThat(Synthesized.shipped("prod").app().path("Outputs").has("DistributionDns")).isTrue();
        assertThat(Synthesized.example("private-no-nat", "prod").app().path("Outputs").has("LoadBalancerDns")).isTrue();
        assertThat(Synthesized.shipped("dev").app().path("Outputs").has("DistributionDns")).isFalse();
        assertThat(Synthesized.shipped("dev").app().path("Outputs").has("Url")).isTrue();
        assertThat(Synthesized.example("multi-service", "prod").app().path("Outputs").has("DistributionDns")).isFalse();
    }

    @Test
    void cloudFrontsCertificateAndFirewallLiveInUsEast1AndTheDistributionReadsThemAcrossRegions() {
        Synthesized prod = Synthesized.shipped("prod");
        assertThat(prod.assembly().stack("edge").getRegion()).isEqualTo("us-east-1");
        assertThat(prod.assembly().stack("app").getRegion()).isEqualTo("eu-central-1");
        JsonNode edge = prod.template("edge");
        JsonNode certificate = single(edge, "AWS::CertificateManager::Certificate").path("Properties");
        assertThat(certificate.path("DomainName").asText()).isEqualTo("notes.example.com");
        assertThat(certificate.path("ValidationMethod").asText()).isEqualTo("DNS");
        assertThat(single(edge, "AWS::WAFv2::WebACL").path("Properties").path("Scope").asText()).isEqualTo("CLOUDFRONT");
        // The firewall's logs are encrypted with a key of us-east-1, where they are written.
        assertThat(single(edge, "AWS::Logs::LogGroup").path("Properties").path("KmsKeyId").toString()).contains("LogKey");
        JsonNode viewer = single(prod.app(), "AWS::CloudFront::Distribution").path("Properties").path("DistributionConfig");
        assertThat(viewer.path("ViewerCertificate").path("AcmCertificateArn").toString()).contains("ExportsReader")
                .contains("Certificatenotesexamplecom");
        assertThat(viewer.path("WebACLId").toString()).contains("ExportsReader").contains("FirewallWebAcl");
    }

    @Test
    void withAHostedZoneBerthWritesTheValidationAndAliasRecords() {
        Synthesized shop = Synthesized.example("multi-service", "prod");
        JsonNode validation = single(shop.template("edge"), "AWS::CertificateManager::Certificate").path("Properties")
                .path("DomainValidationOptions").get(0);
        assertThat(validation.path("HostedZoneId").asText()).isEqualTo("Z0123456789EXAMPLE");
        List<String> aliases = Templates.resources(shop.app(), "AWS::Route53::RecordSet").values().stream()
                .map(record -> record.path("Properties").path("Type").asText() + " " + record.path("Properties").path("Name").asText()
                        + " → " + record.path("Properties").path("AliasTarget").path("DNSName").toString())
                .toList();
        assertThat(aliases).hasSize(2).allMatch(alias -> alias.contains("shop.example.com.") && alias.contains("CdnDistribution"));
        assertThat(aliases).anyMatch(alias -> alias.startsWith("A ")).anyMatch(alias -> alias.startsWith("AAAA "));
    }

    @Test
    void withoutACdnTheLoadBalancerHasTheRegionalFirewall() {
        JsonNode app = Synthesized.example("private-no-nat", "prod").app();
        assertThat(Templates.resources(app, "AWS::CloudFront::Distribution")).isEmpty();
        assertThat(single(app, "AWS::WAFv2::WebACL").path("Properties").path("Scope").asText()).isEqualTo("REGIONAL");
        JsonNode association = single(app, "AWS::WAFv2::WebACLAssociation").path("Properties");
        assertThat(association.path("ResourceArn").toString()).contains("LoadBalancerAlb");
        assertThat(single(app, "AWS::WAFv2::WebACL").path("Properties").path("Rules").get(0).path("Statement")
                .path("RateBasedStatement").path("Limit").asInt()).isEqualTo(2000);
        assertThat(single(app, "AWS::Logs::LogGroup", "Firewall").path("Properties").path("LogGroupName").asText())
                .isEqualTo("aws-waf-logs-ledger-prod-alb");
        // Behind CloudFront the load balancer has no firewall of its own: CloudFront's is in front of it.
        assertThat(Templates.resources(Synthesized.shipped("dev").app(), "AWS::WAFv2::WebACL")).isEmpty();
    }

    @Test
    void theAssetsBucketIsTheDeliveryStacksAndItsPolicyTheDistributions() {
        Synthesized dev = Synthesized.shipped("dev");
        JsonNode delivery = dev.template("delivery");
        JsonNode bucket = single(delivery, "AWS::S3::Bucket", "Assets").path("Properties");
        assertThat(bucket.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.path("BucketEncryption").toString()).contains("AES256");
        assertThat(delivery.path("Outputs").has("AssetsBucketName")).isTrue();
        assertThat(Templates.resources(delivery, "AWS::S3::BucketPolicy")).isEmpty();
        JsonNode policy = single(dev.app(), "AWS::S3::BucketPolicy", "CdnAssetsPolicy").path("Properties");
        assertThat(policy.path("Bucket").toString()).contains("Fn::ImportValue").contains("notejam-dev-delivery");
    }

    @Test
    void theOriginSecretIsGeneratedIntoSecretsManagerAndReadAtDeployTime() {
        JsonNode app = Synthesized.shipped("dev").app();
        JsonNode secret = single(app, "AWS::SecretsManager::Secret", "OriginVerify").path("Properties");
        assertThat(secret.path("Name").asText()).isEqualTo("notejam/dev/origin-verify");
        assertThat(secret.path("GenerateSecretString").path("GenerateStringKey").asText()).isEqualTo("value");
        assertThat(secret.path("KmsKeyId").toString()).contains("EnvironmentKey");
        // The value never appears in the template: both sides resolve it from the secret when the stack deploys.
        assertThat(app.path("Parameters").has("OriginVerifyVersion")).isTrue();
        assertThat(app.path("Parameters").path("OriginVerifyPreviousVersion").path("Default").asText()).isEmpty();
    }

    @Test
    void aSiteIsItsOwnBucketAndDistributionWithItsDomainFromTheEnvironment() {
        Synthesized prod = Synthesized.example("spa", "prod");
        JsonNode sites = prod.template("sites");
        JsonNode config = single(sites, "AWS::CloudFront::Distribution").path("Properties").path("DistributionConfig");
        assertThat(Templates.texts(config.path("Aliases"))).containsExactly("atlas.example.com");
        assertThat(config.path("WebACLId").toString()).contains("ExportsReader");
        assertThat(sites.path("Outputs").has("AppSiteBucket")).isTrue();
        assertThat(Templates.resources(prod.template("edge"), "AWS::CertificateManager::Certificate").values().stream()
                .map(c -> c.path("Properties").path("DomainName").asText())).containsExactlyInAnyOrder("api.atlas.example.com", "atlas.example.com");
        assertThat(Synthesized.example("spa", "dev").template("sites").path("Outputs").path("AppSiteUrl").toString())
                .contains("DomainName");
    }
}
