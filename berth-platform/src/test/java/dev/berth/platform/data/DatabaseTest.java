package dev.berth.platform.data;

import static dev.berth.platform.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Database alone: one with the defaults (Multi-AZ, protected), one disposable. */
class DatabaseTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
        SecurityGroup group = SecurityGroup.Builder.create(stack, "Group").vpc(vpc).build();
        Key key = new Key(stack, "Key");
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        new Database(stack, "Guarded", DatabaseProps.builder().vpc(vpc).subnets(isolated).securityGroup(group).encryptionKey(key)
                .instanceIdentifier("shop-prod").databaseName("shop").secretName("shop/prod/database")
                .logRetention(RetentionDays.THREE_MONTHS).build());
        new Database(stack, "Disposable", DatabaseProps.builder().vpc(vpc).subnets(isolated).securityGroup(group).encryptionKey(key)
                .instanceIdentifier("shop-dev").databaseName("shop").secretName("shop/dev/database")
                .multiAz(false).deletionProtection(false).backupRetentionDays(1).storage(50, 200).build());
        template = Templates.template(stack);
    }

    static JsonNode instance(String name) {
        return Templates.single(template, "AWS::RDS::DBInstance", name);
    }

    @Test
    void postgres16NeverPublicBehindItsGroup() {
        JsonNode db = instance("Guarded").path("Properties");
        assertThat(db.path("Engine").asText()).isEqualTo("postgres");
        assertThat(db.path("EngineVersion").asText()).startsWith("16.");
        assertThat(db.path("PubliclyAccessible").asBoolean(true)).isFalse();
        assertThat(db.path("VPCSecurityGroups").toString()).contains("Group");
        assertThat(db.path("DBInstanceIdentifier").asText()).isEqualTo("shop-prod");
    }

    @Test
    void storageSecretAndInsightsEncryptedWithTheKey() {
        JsonNode db = instance("Guarded").path("Properties");
        assertThat(db.path("StorageEncrypted").asBoolean()).isTrue();
        assertThat(db.path("StorageType").asText()).isEqualTo("gp3");
        assertThat(db.path("KmsKeyId").toString()).contains("Key");
        assertThat(db.path("PerformanceInsightsKMSKeyId").toString()).contains("Key");
        JsonNode secret = Templates.single(template, "AWS::SecretsManager::Secret", "Guarded").path("Properties");
        assertThat(secret.path("KmsKeyId").toString()).contains("Key");
        assertThat(secret.path("Name").asText()).isEqualTo("shop/prod/database");
    }

    @Test
    void sslIsForcedAndSlowStatementsLogged() {
        JsonNode parameters = Templates.single(template, "AWS::RDS::DBParameterGroup", "Guarded").path("Properties");
        assertThat(parameters.path("Parameters").path("rds.force_ssl").asText()).isEqualTo("1");
        assertThat(parameters.path("Parameters").path("log_min_duration_statement").asText()).isEqualTo("1000");
    }

    @Test
    void byDefaultMultiAzProtectedAndBackedUpForAWeek() {
        JsonNode db = instance("Guarded").path("Properties");
        assertThat(db.path("MultiAZ").asBoolean()).isTrue();
        assertThat(db.path("DeletionProtection").asBoolean()).isTrue();
        assertThat(db.path("BackupRetentionPeriod").asInt()).isEqualTo(7);
        assertThat(db.path("AllocatedStorage").asText()).isEqualTo("20");
        assertThat(db.path("MaxAllocatedStorage").asInt()).isEqualTo(100);
    }

    @Test
    void aDisposableOneAsAsked() {
        JsonNode db = instance("Disposable").path("Properties");
        assertThat(db.path("MultiAZ").asBoolean()).isFalse();
        assertThat(db.path("DeletionProtection").asBoolean()).isFalse();
        assertThat(db.path("BackupRetentionPeriod").asInt()).isEqualTo(1);
        assertThat(db.path("AllocatedStorage").asText()).isEqualTo("50");
        assertThat(db.path("MaxAllocatedStorage").asInt()).isEqualTo(200);
    }

    @Test
    void deletionLeavesASnapshot() {
        assertThat(instance("Disposable").path("DeletionPolicy").asText()).isEqualTo("Snapshot");
        assertThat(instance("Disposable").path("UpdateReplacePolicy").asText()).isEqualTo("Snapshot");
    }

    @Test
    void logsExportedToGroupsWithRetentionAndNoRetentionLambda() {
        assertThat(Templates.texts(instance("Guarded").path("Properties").path("EnableCloudwatchLogsExports")))
                .containsExactly("postgresql", "upgrade");
        assertThat(resources(template, "AWS::Logs::LogGroup").values())
                .filteredOn(group -> group.path("Properties").path("LogGroupName").asText().contains("shop-prod"))
                .extracting(group -> group.path("Properties").path("LogGroupName").asText() + " "
                        + group.path("Properties").path("RetentionInDays").asInt())
                .containsExactlyInAnyOrder("/aws/rds/instance/shop-prod/postgresql 90", "/aws/rds/instance/shop-prod/upgrade 90");
        assertThat(resources(template, "AWS::Lambda::Function")).isEmpty();
    }
}
