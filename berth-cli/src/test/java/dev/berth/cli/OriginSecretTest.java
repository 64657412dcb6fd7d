package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A rotation of the origin secret against moto's Secrets Manager, and the two deploys it asks of the CDK CLI. */
class OriginSecretTest {

    static SecretsManagerClient secrets;

    @BeforeAll
    static void startMoto() throws Exception {
        CdkCliAgainstMotoTest.startMoto();
        secrets = SecretsManagerClient.builder().region(Region.EU_CENTRAL_1).endpointOverride(URI.create(CdkCliAgainstMotoTest.endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (secrets != null) {
            secrets.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
    }

    static String value(String secret, String version) throws Exception {
        String json = secrets.getSecretValue(request -> request.secretId(secret).versionId(version)).secretString();
        return new ObjectMapper().readTree(json).path("value").asText();
    }

    @Test
    void aRotationMakesANewCurrentVersionAndKeepsTheOldOneReadable() throws Exception {
        String first = secrets.createSecret(request -> request.name("notes/prod/origin-verify")
                .secretString("{\"value\":\"firstvalue\"}")).versionId();
        OriginSecret.Rotation rotation = new OriginSecret(secrets).rotate("notes/prod/origin-verify");

        assertThat(rotation.previousVersion()).isEqualTo(first);
        assertThat(rotation.version()).isNotEqualTo(first);
        assertThat(value("notes/prod/origin-verify", first)).isEqualTo("firstvalue");
        String fresh = value("notes/prod/origin-verify", rotation.version());
        assertThat(fresh).matches("[A-Za-z0-9]{" + OriginSecret.LENGTH + "}");
        assertThat(secrets.getSecretValue(request -> request.secretId("notes/prod/origin-verify")).versionId())
                .isEqualTo(rotation.version());

        // A second rotation starts from the version the first one made.
        assertThat(new OriginSecret(secrets).rotate("notes/prod/origin-verify").previousVersion()).isEqualTo(rotation.version());
    }

    @Test
    void aSecretThatDoesNotExistYetIsAUsageError() {
        assertThatThrownBy(() -> new OriginSecret(secrets).rotate("notes/staging/origin-verify")).isInstanceOf(UsageFailure.class)
                .hasMessage("berth: no secret notes/staging/origin-verify yet; the environment's first deploy creates it");
    }

    @Test
    void firstBothVersionsAreAcceptedThenOnlyTheNewOneAndOnlyVersionIdsAreOnTheCommandLine() {
        RotateOriginSecretCommand command = new RotateOriginSecretCommand();
        command.approval = new DeployCommand.Approval();
        command.approval.level = "never";
        OriginSecret.Rotation rotation = new OriginSecret.Rotation("v2-new", "v1-old");
        assertThat(command.arguments("notes-prod-app", rotation, true)).containsExactly("notes-prod-app", "--exclusively",
                "--require-approval", "never",
                "--parameters", "notes-prod-app:OriginVerifyVersion=v2-new",
                "--parameters", "notes-prod-app:OriginVerifyPreviousVersion=v1-old");
        assertThat(command.arguments("notes-prod-app", rotation, false)).containsExactly("notes-prod-app", "--exclusively",
                "--require-approval", "never",
                "--parameters", "notes-prod-app:OriginVerifyVersion=v2-new",
                "--parameters", "notes-prod-app:OriginVerifyPreviousVersion=");
        assertThat(List.of(rotation.version(), rotation.previousVersion())).noneMatch(version -> version.length() == OriginSecret.LENGTH);
    }
}
