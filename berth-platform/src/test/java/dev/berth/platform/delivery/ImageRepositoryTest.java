package dev.berth.platform.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;

/** ImageRepository alone: one with the defaults (disposable), one kept with its stack. */
class ImageRepositoryTest {

    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Key key = new Key(stack, "Key");
        new ImageRepository(stack, "Disposable", ImageRepository.Props.builder().repositoryName("shop/dev/api").key(key).build());
        new ImageRepository(stack, "Kept", ImageRepository.Props.builder().repositoryName("shop/prod/api").key(key)
                .keptImages(50).untaggedDays(1).retain(true).build());
        template = Templates.template(stack);
    }

    static JsonNode repository(String name) {
        return Templates.single(template, "AWS::ECR::Repository", name);
    }

    @Test
    void scannedOnPushTagsImmutableEncryptedWithTheKey() {
        JsonNode properties = repository("Disposable").path("Properties");
        assertThat(properties.path("RepositoryName").asText()).isEqualTo("shop/dev/api");
        assertThat(properties.path("ImageScanningConfiguration").path("ScanOnPush").asBoolean()).isTrue();
        assertThat(properties.path("ImageTagMutability").asText()).isEqualTo("IMMUTABLE");
        assertThat(properties.path("EncryptionConfiguration").path("EncryptionType").asText()).isEqualTo("KMS");
        assertThat(properties.path("EncryptionConfiguration").path("KmsKey").toString()).contains("Key");
    }

    @Test
    void untaggedImagesExpireFirstThenAllButTheNewest() throws Exception {
        List<JsonNode> rules = lifecycleRules("Disposable");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).path("selection").path("tagStatus").asText()).isEqualTo("untagged");
        assertThat(rules.get(0).path("selection").path("countType").asText()).isEqualTo("sinceImagePushed");
        assertThat(rules.get(0).path("selection").path("countNumber").asInt()).isEqualTo(3);
        assertThat(rules.get(1).path("selection").path("tagStatus").asText()).isEqualTo("any");
        assertThat(rules.get(1).path("selection").path("countType").asText()).isEqualTo("imageCountMoreThan");
        assertThat(rules.get(1).path("selection").path("countNumber").asInt()).isEqualTo(30);
        assertThat(rules.get(1).path("rulePriority").asInt()).isGreaterThan(rules.get(0).path("rulePriority").asInt());
    }

    @Test
    void aDisposableRepositoryIsEmptiedWithItsStackAKeptOneStays() throws Exception {
        assertThat(repository("Disposable").path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(repository("Disposable").path("Properties").path("EmptyOnDelete").asBoolean()).isTrue();
        assertThat(repository("Kept").path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(repository("Kept").path("Properties").path("EmptyOnDelete").asBoolean(false)).isFalse();
        assertThat(lifecycleRules("Kept").get(1).path("selection").path("countNumber").asInt()).isEqualTo(50);
        assertThat(lifecycleRules("Kept").get(0).path("selection").path("countNumber").asInt()).isEqualTo(1);
    }

    static List<JsonNode> lifecycleRules(String name) throws Exception {
        JsonNode policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(repository(name).path("Properties")
                .path("LifecyclePolicy").path("LifecyclePolicyText").asText());
        List<JsonNode> rules = new ArrayList<>();
        policy.path("rules").forEach(rules::add);
        return rules;
    }

    @Test
    void keepsAtLeastOneImage() {
        assertThatThrownBy(() -> ImageRepository.Props.builder().repositoryName("x").key(new Key(Templates.bareStack(), "K"))
                .keptImages(0).build()).hasMessageContaining("at least 1");
    }
}
