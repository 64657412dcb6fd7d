package dev.berth.platform;

import static dev.berth.platform.Templates.resources;
import static dev.berth.platform.Templates.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.network.Flow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The multi-service example, whose berth.yaml uses every feature of the data tier: each point of it in the
 * synthesized templates of dev and prod.
 */
class ServicesDataTest {

    static Synthesized dev() {
        return Synthesized.example("multi-service", "dev");
    }

    static Synthesized prod() {
        return Synthesized.example("multi-service", "prod");
    }

    /** Each container's secret variables and where each comes from (the ValueFrom, as JSON text). */
    static Map<String, String> secrets(JsonNode app, String service) {
        Map<String, String> secrets = new LinkedHashMap<>();
        container(app, service).path("Secrets")
                .forEach(secret -> secrets.put(secret.path("Name").asText(), secret.path("ValueFrom").toString()));
        return secrets;
    }

    static Map<String, String> variables(JsonNode app, String service) {
        Map<String, String> variables = new LinkedHashMap<>();
        container(app, service).path("Environment")
                .forEach(variable -> variables.put(variable.path("Name").asText(), variable.path("Value").toString()));
        return variables;
    }

    static JsonNode container(JsonNode app, String service) {
        return single(app, "AWS::ECS::TaskDefinition", service).path("Properties").path("ContainerDefinitions").get(0);
    }

    static List<JsonNode> ofType(JsonNode template, String type) {
        return List.copyOf(resources(template, type).values());
    }

    @Test
    void eachServiceWithADatabaseGetsItsOwnDatabaseRoleAndSecretRetainedWhenItGoes() {
        JsonNode data = dev().data();
        List<JsonNode> databases = ofType(data, "Custom::ServiceDatabase");
        assertThat(databases).extracting(resource -> resource.path("Properties").path("Database").asText()).containsExactly("api", "ledger");
        assertThat(databases).extracting(resource -> resource.path("Properties").path("Role").asText()).containsExactly("api", "ledger");
        assertThat(databases).allSatisfy(resource -> {
            assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(resource.path("Properties").path("MasterSecretArn").toString()).contains("DatabaseInstanceSecret");
            // No replicas in dev: services read from the instance itself.
            assertThat(resource.path("Properties").path("ReaderHost").toString()).contains("Endpoint.Address");
        });
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        ofType(data, "AWS::SecretsManager::Secret").forEach(secret -> secrets.put(secret.path("Properties").path("Name").asText(), secret));
        assertThat(secrets).containsKeys("shop/dev/api/database", "shop/dev/ledger/database", "shop/dev/database");
        JsonNode apiSecret = secrets.get("shop/dev/api/database");
        assertThat(apiSecret.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(apiSecret.path("Properties").path("KmsKeyId").toString()).contains("EnvironmentKey");
        assertThat(apiSecret.path("Properties").path("GenerateSecretString").path("SecretStringTemplate").asText())
                .isEqualTo("{\"username\":\"api\"}");
        assertThat(apiSecret.path("Properties").path("GenerateSecretString").path("ExcludePunctuation").asBoolean()).isTrue();
    }

    @Test
    void theProvisionerReachesPostgresFromTheDataSubnetsAndTheMasterSecretReachesNoTask() {
        JsonNode data = dev().data();
        JsonNode sql = single(data, "AWS::Lambda::Function", "ProvisionerSqlFunction").path("Properties");
        assertThat(sql.path("Handler").asText()).isEqualTo("dev.berth.functions.database.DatabaseSqlHandler::handleRequest");
        assertThat(sql.path("VpcConfig").path("SubnetIds").toString()).contains("dataSubnet").doesNotContain("computeSubnet");
        assertThat(sql.path("VpcConfig").path("SecurityGroupIds").toString()).contains("SecurityGroupsDatabaseProvisioner");
        JsonNode resource = single(data, "AWS::Lambda::Function", "ProvisionerResourceFunction").path("Properties");
        assertThat(resource.has("VpcConfig")).isFalse();
        assertThat(resource.path("Environment").path("Variables").path("SQL_FUNCTION").toString()).contains("ProvisionerSqlFunction");
        String app = dev().app().toString();
        assertThat(app).doesNotContain("DatabaseInstanceSecret").doesNotContain("shop/dev/database\"");
    }

    @Test
    void servicesReceiveTheirSecretsWholeOrByFieldAndTheirSettingsInPlainText() {
        JsonNode app = dev().app();
        Map<String, String> api = secrets(app, "Api");
        assertThat(api.keySet()).containsExactly("DB_SECRET", "DATABASE_URL", "CACHE_SECRET", "SENTRY_DSN", "STRIPE_KEY");
        assertThat(api.get("DATABASE_URL")).endsWith(":url::\"]]}");
        assertThat(api.get("DB_SECRET")).contains("ApiDatabaseSecret").doesNotContain(":url::");
        assertThat(variables(app, "Api").keySet()).containsExactly("BERTH_PUBLIC_URL", "BUCKET_NAME", "LOG_LEVEL");
        assertThat(variables(app, "Api").get("LOG_LEVEL")).isEqualTo("\"info\"");
        assertThat(variables(prod().app(), "Api").get("LOG_LEVEL")).as("prod's override").isEqualTo("\"warn\"");

        Map<String, String> ledger = secrets(app, "Ledger");
        assertThat(ledger.keySet()).containsExactly("DB_SECRET", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                "SPRING_DATASOURCE_PASSWORD", "SENTRY_DSN");
        assertThat(ledger.get("SPRING_DATASOURCE_URL")).contains(":jdbc_url::").contains("LedgerDatabaseSecret");
        assertThat(ledger.get("SPRING_DATASOURCE_PASSWORD")).contains(":password::");

        Map<String, String> web = secrets(app, "Web");
        assertThat(web.keySet()).containsExactly("CACHE_SECRET", "REDIS_URL", "SENTRY_DSN");
        assertThat(web.get("REDIS_URL")).contains("CacheSecret").endsWith(":url::\"]]}");
        assertThat(variables(app, "Web")).containsEntry("NODE_ENV", "\"production\"").doesNotContainKey("BUCKET_NAME");
    }

    @Test
    void eachExecutionRoleReadsItsOwnAndTheSharedSecretsAlone() {
        JsonNode app = dev().app();
        String web = single(app, "AWS::IAM::Policy", "WebTaskExecutionRole").path("Properties").toString();
        assertThat(web).contains("CacheSecret").contains("SharedSentryDsn")
                .doesNotContain("ApiDatabaseSecret").doesNotContain("ApiStripeKey").doesNotContain("LedgerDatabaseSecret");
        String ledger = single(app, "AWS::IAM::Policy", "LedgerTaskExecutionRole").path("Properties").toString();
        assertThat(ledger).contains("LedgerDatabaseSecret").contains("SharedSentryDsn")
                .doesNotContain("CacheSecret").doesNotContain("ApiDatabaseSecret").doesNotContain("ApiStripeKey");
        String api = single(app, "AWS::IAM::Policy", "ApiTaskExecutionRole").path("Properties").toString();
        assertThat(api).contains("ApiDatabaseSecret").contains("ApiStripeKey").contains("CacheSecret")
                .doesNotContain("LedgerDatabaseSecret");
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        ofType(dev().data(), "AWS::SecretsManager::Secret").forEach(secret -> declared.put(secret.path("Properties").path("Name").asText(), secret));
        assertThat(declared.get("shop/dev/shared/sentry-dsn").path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(declared.get("shop/dev/api/stripe-key").path("Properties").path("KmsKeyId").toString()).contains("EnvironmentKey");
    }

    @Test
    void redisHasTlsATokenNoTemplateHoldsAndFailsOverInProd() {
        JsonNode devCache = single(dev().data(), "AWS::ElastiCache::ReplicationGroup").path("Properties");
        assertThat(devCache.path("Engine").asText()).isEqualTo("redis");
        assertThat(devCache.path("EngineVersion").asText()).isEqualTo("7.1");
        assertThat(devCache.path("TransitEncryptionEnabled").asBoolean()).isTrue();
        assertThat(devCache.path("AtRestEncryptionEnabled").asBoolean()).isTrue();
        assertThat(devCache.path("KmsKeyId").toString()).contains("EnvironmentKey");
        assertThat(devCache.path("AuthToken").toString()).contains("{{resolve:secretsmanager:").contains(":SecretString:token::}}");
        assertThat(devCache.path("NumCacheClusters").asInt()).isEqualTo(1);
        assertThat(devCache.path("AutomaticFailoverEnabled").asBoolean()).isFalse();
        assertThat(devCache.path("SecurityGroupIds").toString()).contains("SecurityGroupsCache");
        assertThat(single(dev().data(), "AWS::ElastiCache::SubnetGroup").path("Properties").path("SubnetIds").toString())
                .contains("dataSubnet").doesNotContain("computeSubnet");
        JsonNode prodCache = single(prod().data(), "AWS::ElastiCache::ReplicationGroup").path("Properties");
        assertThat(prodCache.path("NumCacheClusters").asInt()).isEqualTo(2);
        assertThat(prodCache.path("AutomaticFailoverEnabled").asBoolean()).isTrue();
        assertThat(prodCache.path("MultiAZEnabled").asBoolean()).isTrue();
        JsonNode completion = single(dev().data(), "Custom::CacheSecret").path("Properties");
        assertThat(completion.path("Host").toString()).contains("PrimaryEndPoint.Address");
        assertThat(completion.path("Tls").asText()).isEqualTo("true");
        JsonNode token = single(dev().data(), "AWS::SecretsManager::Secret", "CacheSecret").path("Properties").path("GenerateSecretString");
        assertThat(token.path("GenerateStringKey").asText()).isEqualTo("token");
        assertThat(token.path("ExcludePunctuation").asBoolean()).isTrue();
    }

    @Test
    void theApisBucketIsPrivateEncryptedVersionedAndCopiedToTheReplicaRegionInProd() {
        JsonNode bucket = single(dev().data(), "AWS::S3::Bucket", "ApiBucket").path("Properties");
        assertThat(bucket.path("BucketEncryption").toString()).contains("aws:kms").contains("EnvironmentKey");
        assertThat(bucket.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.path("PublicAccessBlockConfiguration").path("RestrictPublicBuckets").asBoolean()).isTrue();
        assertThat(bucket.path("LifecycleConfiguration").toString()).contains("NoncurrentVersionExpiration");
        assertThat(bucket.has("ReplicationConfiguration")).isFalse();
        assertThat(single(dev().data(), "AWS::S3::BucketPolicy", "ApiBucket").toString()).contains("aws:SecureTransport");
        assertThat(resources(dev().data(), "AWS::S3::Bucket")).hasSize(1);

        JsonNode prodBucket = single(prod().data(), "AWS::S3::Bucket", "ApiBucket").path("Properties");
        assertThat(prodBucket.path("ReplicationConfiguration").path("Rules").toString()).contains("Enabled").contains("ReplicaKmsKeyID");
        assertThat(prod().assembly().stack("replica").getRegion()).isEqualTo("eu-west-1");
        assertThat(single(prod().template("replica"), "AWS::S3::Bucket", "ApiReplica").path("Properties")
                .path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");

        String taskRole = single(dev().app(), "AWS::IAM::Policy", "ApiTaskTaskRole").path("Properties").toString();
        assertThat(taskRole).contains("s3:PutObject").contains("ImportValue");
        assertThat(resources(dev().app(), "AWS::IAM::Policy").keySet())
                .noneMatch(id -> (id.startsWith("Web") || id.startsWith("Ledger")) && id.contains("TaskRole") && !id.contains("Execution"));
    }

    @Test
    void servicesAreFoundInTheNamespaceAndTheInternalOneHasNoRoute() {
        assertThat(single(dev().foundation(), "AWS::ServiceDiscovery::PrivateDnsNamespace").path("Properties").path("Name").asText())
                .isEqualTo("shop.local");
        List<JsonNode> discovery = ofType(dev().app(), "AWS::ServiceDiscovery::Service");
        assertThat(discovery).extracting(service -> service.path("Properties").path("Name").asText()).containsExactly("web", "api", "ledger");
        assertThat(discovery).allSatisfy(service -> assertThat(service.path("Properties").path("DnsConfig").path("DnsRecords")
                .toString()).contains("\"Type\":\"A\"").contains("\"TTL\":10"));
        assertThat(resources(dev().app(), "AWS::ElasticLoadBalancingV2::TargetGroup").keySet()).noneMatch(id -> id.startsWith("Ledger"));
        assertThat(single(dev().app(), "AWS::ECS::Service", "Ledger").path("Properties").has("LoadBalancers")).isFalse();
    }

    @Test
    void readReplicasInAnotherZoneAreEncryptedAndReadThroughOneName() {
        JsonNode replica = single(prod().data(), "AWS::RDS::DBInstance", "Replica1").path("Properties");
        assertThat(replica.path("SourceDBInstanceIdentifier").toString()).contains("DatabaseInstance");
        assertThat(replica.path("AvailabilityZone").asText()).isEqualTo("eu-central-1b");
        // Encrypted as its source, with the source's key: CloudFormation refuses the setting on a replica.
        assertThat(replica.has("StorageEncrypted")).isFalse();
        assertThat(single(prod().data(), "AWS::RDS::DBInstance", "DatabaseInstance").path("Properties").path("KmsKeyId").toString())
                .contains("EnvironmentKey");
        assertThat(replica.path("PerformanceInsightsKMSKeyId").toString()).contains("EnvironmentKey");
        JsonNode record = single(prod().data(), "AWS::Route53::RecordSet").path("Properties");
        assertThat(record.path("Name").asText()).isEqualTo("reader.db.shop.local");
        assertThat(record.path("ResourceRecords").toString()).contains("Replica1");
        assertThat(ofType(prod().data(), "Custom::ServiceDatabase"))
                .allSatisfy(database -> assertThat(database.path("Properties").path("ReaderHost").asText()).isEqualTo("reader.db.shop.local"));
    }

    @Test
    void theTrafficGraphHasExactlyTheDeclaredFlowsBetweenServicesAndData() {
        List<String> flows = dev().assembly().traffic().flows().stream()
                .filter(flow -> flow.from().name().endsWith("Tasks") || flow.to().name().endsWith("Tasks")
                        || flow.to().name().equals("Database") || flow.to().name().equals("Cache"))
                .map(ServicesDataTest::describe).toList();
        assertThat(flows).containsExactlyInAnyOrder(
                "LoadBalancer → WebTasks 8088",
                "LoadBalancer → ApiTasks 8080",
                "WebTasks → internet 443",
                "ApiTasks → internet 443",
                "LedgerTasks → internet 443",
                "WebTasks → ApiTasks 8080",
                "ApiTasks → LedgerTasks 8080",
                "ApiTasks → Database 5432",
                "LedgerTasks → Database 5432",
                "WebTasks → Cache 6379",
                "ApiTasks → Cache 6379",
                "DatabaseProvisioner → Database 5432");
    }

    @Test
    void nginxStandsInFrontOfTheWebAppInItsTaskAndTheLoadBalancerReachesItAlone() {
        JsonNode task = single(dev().app(), "AWS::ECS::TaskDefinition", "Web").path("Properties");
        JsonNode proxy = task.path("ContainerDefinitions").get(1);
        assertThat(proxy.path("Name").asText()).isEqualTo("proxy");
        assertThat(proxy.path("Image").asText()).isEqualTo("public.ecr.aws/nginx/nginx:1.28-alpine");
        assertThat(proxy.path("ReadonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(proxy.path("PortMappings").get(0).path("ContainerPort").asInt()).isEqualTo(8088);
        assertThat(proxy.path("MountPoints").get(0).path("ContainerPath").asText()).isEqualTo("/tmp/nginx");
        String config = proxy.path("Environment").get(0).path("Value").asText();
        assertThat(proxy.path("Environment").get(0).path("Name").asText()).isEqualTo("NGINX_CONF");
        assertThat(config).contains("listen 8088").contains("127.0.0.1:3000").contains("set_real_ip_from 10.0.0.0/16");
        assertThat(single(dev().app(), "AWS::ElasticLoadBalancingV2::TargetGroup", "WebTargets").path("Properties").path("Port").asInt())
                .isEqualTo(8088);
        assertThat(single(dev().app(), "AWS::ECS::Service", "Web").path("Properties").path("LoadBalancers").get(0)
                .path("ContainerName").asText()).isEqualTo("proxy");
        assertThat(single(dev().app(), "AWS::ECS::TaskDefinition", "Api").path("Properties").path("ContainerDefinitions")).hasSize(1);
    }

    @Test
    void inProdKongTakesTheExternalListenerAndReachesEachServiceThroughTheInternalOneByHostName() {
        JsonNode app = prod().app();
        Map<Integer, JsonNode> listeners = new LinkedHashMap<>();
        ofType(app, "AWS::ElasticLoadBalancingV2::Listener").forEach(listener ->
                listeners.put(listener.path("Properties").path("Port").asInt(), listener.path("Properties")));
        assertThat(listeners.keySet()).containsExactlyInAnyOrder(443, 80, 8443, 8080);
        assertThat(listeners.get(80).path("DefaultActions").toString()).contains("redirect").contains("HTTPS");
        assertThat(listeners.get(443).path("DefaultActions").toString()).contains("fixed-response").contains("403");
        assertThat(listeners.get(8443).path("Protocol").asText()).isEqualTo("HTTPS");
        assertThat(listeners.get(8443).path("DefaultActions").toString()).contains("404");
        assertThat(listeners.get(8080).path("Protocol").asText()).isEqualTo("HTTP");

        List<JsonNode> rules = ofType(app, "AWS::ElasticLoadBalancingV2::ListenerRule");
        JsonNode kongRule = rules.stream().filter(rule -> rule.toString().contains("KongTargets")).findFirst().orElseThrow();
        assertThat(kongRule.path("Properties").path("Conditions").toString()).contains("X-Origin-Verify");
        assertThat(kongRule.path("Properties").path("ListenerArn").toString()).contains("LoadBalancerAlbHttps");
        List<String> byHost = rules.stream().filter(rule -> rule.path("Properties").path("ListenerArn").toString().contains("InternalByHost"))
                .map(rule -> rule.path("Properties").path("Conditions").toString()).toList();
        assertThat(byHost).hasSize(2).anySatisfy(condition -> assertThat(condition).contains("host-header").contains("web.shop.local"))
                .anySatisfy(condition -> assertThat(condition).contains("host-header").contains("api.shop.local"))
                .noneSatisfy(condition -> assertThat(condition).contains("X-Origin-Verify"));
        assertThat(listeners.get(8080).path("DefaultActions").toString()).contains("WebTargets");
        assertThat(rules).anySatisfy(rule -> assertThat(rule.path("Properties").toString())
                .contains("InternalByPath").contains("/api/*").contains("ApiTargets"));

        JsonNode kong = container(app, "Kong");
        assertThat(kong.path("Image").asText()).isEqualTo("public.ecr.aws/docker/library/kong:3.9.3");
        Map<String, String> settings = variables(app, "Kong");
        assertThat(settings).containsEntry("KONG_DATABASE", "\"off\"").containsEntry("KONG_ADMIN_LISTEN", "\"off\"");
        assertThat(settings.get("KONG_DECLARATIVE_CONFIG_STRING")).contains("web.shop.local").contains("api.shop.local")
                .doesNotContain("ledger").contains("DNSName").contains("rate-limiting").contains("correlation-id")
                .contains("{vault://env/kong-redis-token}");
        assertThat(secrets(app, "Kong")).containsOnlyKeys("KONG_REDIS_TOKEN");
        assertThat(secrets(app, "Kong").get("KONG_REDIS_TOKEN")).contains(":token::");
        JsonNode kongTargets = single(app, "AWS::ElasticLoadBalancingV2::TargetGroup", "KongTargets").path("Properties");
        assertThat(kongTargets.path("Port").asInt()).isEqualTo(8000);
        assertThat(kongTargets.path("HealthCheckPort").asText()).isEqualTo("8100");
        assertThat(kongTargets.path("HealthCheckPath").asText()).isEqualTo("/status/ready");
        assertThat(resources(dev().app(), "AWS::ECS::TaskDefinition").keySet()).noneMatch(id -> id.startsWith("Kong"));

        List<String> flows = prod().assembly().traffic().flows().stream()
                .filter(flow -> flow.from().name().equals("KongTasks") || flow.to().name().equals("KongTasks")
                        || flow.from().name().equals("vpc"))
                .map(ServicesDataTest::describe).toList();
        assertThat(flows).containsExactlyInAnyOrder("LoadBalancer → KongTasks 8000", "LoadBalancer → KongTasks 8100",
                "KongTasks → LoadBalancer 8443", "vpc → LoadBalancer 8080", "KongTasks → internet 443", "KongTasks → Cache 6379");
    }

    static String describe(Flow flow) {
        return flow.from().name() + " → " + flow.to().name() + " " + flow.port();
    }
}
