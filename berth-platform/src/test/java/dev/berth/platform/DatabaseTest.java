package dev.berth.platform;

import static dev.berth.platform.Synthesized.resources;
import static dev.berth.platform.Synthesized.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    static JsonNode instance(String environment) {
        return single(Synthesized.shipped(environment).data(), "AWS::RDS::DBInstance").path("Properties");
    }

    @Test
    void postgres16NeverPublic() {
        for (String environment : new String[] {"dev", "prod"}) {
            JsonNode db = instance(environment);
            assertThat(db.path("Engine").asText()).isEqualTo("postgres");
            assertThat(db.path("EngineVersion").asText()).startsWith("16.");
            assertThat(db.path("PubliclyAccessible").asBoolean(true)).isFalse();
        }
    }

    @Test
    void inTheDataSubnetsBehindTheDatabaseGroup() {
        JsonNode template = Synthesized.shipped("prod").data();
        JsonNode subnetGroup = single(template, "AWS::RDS::DBSubnetGroup").path("Properties");
        assertThat(subnetGroup.path("SubnetIds").toString()).contains("dataSubnet1").contains("dataSubnet2")
                .doesNotContain("compute").doesNotContain("public");
        assertThat(instance("prod").path("VPCSecurityGroups").toString()).contains("SecurityGroupsDatabase");
    }

    @Test
    void encryptedWithTheEnvironmentKey() {
        JsonNode db = instance("prod");
        assertThat(db.path("StorageEncrypted").asBoolean()).isTrue();
        assertThat(db.path("KmsKeyId").toString()).contains("EnvironmentKey");
        assertThat(db.path("PerformanceInsightsKMSKeyId").toString()).contains("EnvironmentKey");
        JsonNode secret = single(Synthesized.shipped("prod").data(), "AWS::SecretsManager::Secret").path("Properties");
        assertThat(secret.path("KmsKeyId").toString()).contains("EnvironmentKey");
        assertThat(secret.path("Name").asText()).isEqualTo("notejam/prod/database");
    }

    @Test
    void sslIsForced() {
        JsonNode parameters = single(Synthesized.shipped("dev").data(), "AWS::RDS::DBParameterGroup").path("Properties");
        assertThat(parameters.path("Parameters").path("rds.force_ssl").asText()).isEqualTo("1");
        assertThat(instance("dev").path("DBParameterGroupName").path("Ref").asText()).contains("DatabaseParameters");
    }

    @Test
    void prodIsMultiAzProtectedAndBackedUpForAWeek() {
        JsonNode db = instance("prod");
        assertThat(db.path("MultiAZ").asBoolean()).isTrue();
        assertThat(db.path("DeletionProtection").asBoolean()).isTrue();
        assertThat(db.path("BackupRetentionPeriod").asInt()).isEqualTo(7);
    }

    @Test
    void devIsSingleAzUnprotectedAndBackedUpForADay() {
        JsonNode db = instance("dev");
        assertThat(db.path("MultiAZ").asBoolean()).isFalse();
        assertThat(db.path("DeletionProtection").asBoolean()).isFalse();
        assertThat(db.path("BackupRetentionPeriod").asInt()).isEqualTo(1);
    }

    @Test
    void deletionLeavesASnapshot() {
        JsonNode resource = single(Synthesized.shipped("dev").data(), "AWS::RDS::DBInstance");
        assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Snapshot");
        assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo("Snapshot");
    }

    @Test
    void performanceInsightsAndLogsExported() {
        JsonNode db = instance("prod");
        assertThat(db.path("EnablePerformanceInsights").asBoolean()).isTrue();
        assertThat(Synthesized.texts(db.path("EnableCloudwatchLogsExports"))).containsExactly("postgresql", "upgrade");
        assertThat(resources(Synthesized.shipped("prod").data(), "AWS::Logs::LogGroup").values())
                .extracting(group -> group.path("Properties").path("LogGroupName").asText())
                .containsExactlyInAnyOrder("/aws/rds/instance/notejam-prod/postgresql", "/aws/rds/instance/notejam-prod/upgrade");
        assertThat(resources(Synthesized.shipped("prod").data(), "AWS::Lambda::Function")).isEmpty();
    }

    @Test
    void environmentOverridesTheInstanceClass() {
        Synthesized prod = Synthesized.example("multi-service", "prod");
        JsonNode db = single(prod.data(), "AWS::RDS::DBInstance").path("Properties");
        assertThat(db.path("DBInstanceClass").asText()).isEqualTo("db.r6g.large");
        assertThat(db.path("AllocatedStorage").asText()).isEqualTo("100");
        assertThat(db.path("MaxAllocatedStorage").asInt()).isEqualTo(500);
        assertThat(db.path("BackupRetentionPeriod").asInt()).isEqualTo(14);
    }
}
