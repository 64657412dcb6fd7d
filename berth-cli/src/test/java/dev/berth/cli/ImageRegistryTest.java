package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** What berth push and deploy ask ECR, asked of moto's ECR: repository addresses, the login, the newest tag. */
class ImageRegistryTest {

    static EcrClient ecr;

    @BeforeAll
    static void startMoto() throws Exception {
        CdkCliAgainstMotoTest.startMoto();
        ecr = client();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        ecr.close();
        CdkCliAgainstMotoTest.stopMoto();
    }

    static EcrClient client() {
        return EcrClient.builder().region(Region.EU_CENTRAL_1).endpointOverride(URI.create(CdkCliAgainstMotoTest.endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    /** A registry of its own client: closing it closes the client. */
    static ImageRegistry registry(String registryOverride) {
        return new ImageRegistry(client(), "eu-central-1", registryOverride);
    }

    static void pushManifest(String repository, String tag, int layer) {
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": "sha256:%064d"},
                 "layers": []}""".formatted(layer);
        ecr.putImage(request -> request.repositoryName(repository).imageTag(tag).imageManifest(manifest));
    }

    @Test
    void theNewestTagIsThePushedLast() throws Exception {
        ecr.createRepository(request -> request.repositoryName("shop/dev/api"));
        try (ImageRegistry registry = registry(null)) {
            assertThat(registry.newestTag("shop/dev/api")).isEmpty();
            pushManifest("shop/dev/api", "aaaaaaaaaaaa", 1);
            // ECR orders by push time, to the second.
            Thread.sleep(1100);
            pushManifest("shop/dev/api", "bbbbbbbbbbbb", 2);
            assertThat(registry.newestTag("shop/dev/api")).contains("bbbbbbbbbbbb");
            assertThat(registry.newestTag("shop/dev/none")).isEmpty();
        }
    }

    @Test
    void aMissingRepositoryIsAUsageErrorThatSaysHowToCreateIt() {
        try (ImageRegistry registry = registry(null)) {
            assertThatThrownBy(() -> registry.repositoryAddress("shop/dev/web")).isInstanceOf(UsageFailure.class)
                    .hasMessageContaining("no ECR repository shop/dev/web in eu-central-1").hasMessageContaining("berth release");
        }
    }

    @Test
    void theRegistryHostCanBeAnotherWhileECRAnswers() {
        ecr.createRepository(request -> request.repositoryName("shop/dev/worker"));
        try (ImageRegistry ecrItself = registry(null);
                ImageRegistry local = registry("127.0.0.1:5000")) {
            assertThat(ecrItself.repositoryAddress("shop/dev/worker")).matches("\\d{12}\\.dkr\\.ecr\\.eu-central-1\\.amazonaws\\.com/shop/dev/worker");
            assertThat(local.repositoryAddress("shop/dev/worker")).isEqualTo("127.0.0.1:5000/shop/dev/worker");
            ImageRegistry.Login login = local.login();
            assertThat(login.registry()).isEqualTo("127.0.0.1:5000");
            assertThat(login.username()).isEqualTo("AWS");
            assertThat(login.password()).isNotBlank();
            assertThat(ecrItself.login().registry()).contains(".dkr.ecr.");
        }
    }
}
