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
        assertThat(network.path("SecurityGroups").toString()).contains("SecurityGroupsCompute");
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
}
