package dev.berth.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/** EnvironmentKey alone: rotated, usable by this account's CloudWatch Logs, kept or not with its stack. */
class EnvironmentKeyTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        new EnvironmentKey(stack, "Kept", EnvironmentKey.Props.builder().alias("shop-prod").retain(true).build());
        new EnvironmentKey(stack, "Disposable", EnvironmentKey.Props.builder().alias("shop-dev").build());
        template = Templates.template(stack);
    }

    @Test
    void rotatedYearlyWithItsAlias() {
        JsonNode key = Templates.single(template, "AWS::KMS::Key", "Kept").path("Properties");
        assertThat(key.path("EnableKeyRotation").asBoolean()).isTrue();
        assertThat(Templates.single(template, "AWS::KMS::Alias", "Kept").path("Properties").path("AliasName").asText())
                .isEqualTo("alias/shop-prod");
    }

    @Test
    void cloudWatchLogsOfThisAccountMayUseIt() {
        String policy = Templates.single(template, "AWS::KMS::Key", "Kept").path("Properties").path("KeyPolicy").toString();
        assertThat(policy).contains("AllowCloudWatchLogsOfThisAccount").contains("logs.eu-central-1.amazonaws.com")
                .contains("kms:EncryptionContext:aws:logs:arn").contains(":111122223333:log-group:*");
    }

    @Test
    void keptWithProtectionScheduledForDeletionWithout() {
        JsonNode kept = Templates.single(template, "AWS::KMS::Key", "Kept");
        assertThat(kept.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(kept.path("Properties").path("PendingWindowInDays").asInt()).isEqualTo(30);
        JsonNode disposable = Templates.single(template, "AWS::KMS::Key", "Disposable");
        assertThat(disposable.path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(disposable.path("Properties").path("PendingWindowInDays").asInt()).isEqualTo(7);
    }
}
