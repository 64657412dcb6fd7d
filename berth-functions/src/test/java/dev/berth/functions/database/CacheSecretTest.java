package dev.berth.functions.database;

import static dev.berth.functions.database.DatabaseResourceHandler.CACHE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.functions.Moto;
import dev.berth.functions.MotoServer;
import dev.berth.functions.TestClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/** Custom::CacheSecret from the CDK Provider's events, the secret in moto's Secrets Manager as CloudFormation makes it. */
@ExtendWith(Moto.class)
class CacheSecretTest {

    static final String HOST = "master.notejam-dev-cache.x1y2z3.euc1.cache.amazonaws.com";

    SecretsManagerClient secrets;
    DatabaseResourceHandler handler;

    @BeforeEach
    void clients(MotoServer moto) {
        secrets = new TestClients(moto).secrets();
        handler = new DatabaseResourceHandler(secrets, request -> {
            throw new AssertionError("a cache needs no SQL");
        });
    }

    @Test
    void theGeneratedTokenIsCompletedOnceAndAgainWhenTheCacheChanges() {
        String arn = tokenSecret("Tk4Gq8Lm2Xz7Rw5Vb9Nc3");
        Map<String, String> properties = properties(arn, "true");

        assertThat(handler.handleRequest(ProviderEvents.create(CACHE_SECRET, "CacheSecret", properties), null))
                .isEqualTo(Map.of("PhysicalResourceId", arn));
        assertThat(text(arn)).isEqualTo("{\"host\":\"" + HOST + "\",\"port\":6379,\"token\":\"Tk4Gq8Lm2Xz7Rw5Vb9Nc3\",\"tls\":true,"
                + "\"url\":\"rediss://:Tk4Gq8Lm2Xz7Rw5Vb9Nc3@" + HOST + ":6379\"}");
        List<String> versions = versions(arn);

        handler.handleRequest(ProviderEvents.create(CACHE_SECRET, "CacheSecret", properties), null);
        handler.handleRequest(ProviderEvents.update(CACHE_SECRET, "CacheSecret", arn, properties, properties), null);

        assertThat(versions(arn)).as("a second run writes no version").isEqualTo(versions);

        Map<String, String> plain = properties(arn, "false");
        handler.handleRequest(ProviderEvents.update(CACHE_SECRET, "CacheSecret", arn, plain, properties), null);

        assertThat(text(arn)).isEqualTo("{\"host\":\"" + HOST + "\",\"port\":6379,\"token\":\"Tk4Gq8Lm2Xz7Rw5Vb9Nc3\",\"tls\":false,"
                + "\"url\":\"redis://:Tk4Gq8Lm2Xz7Rw5Vb9Nc3@" + HOST + ":6379\"}");
        assertThat(versions(arn)).hasSize(versions.size() + 1);
    }

    @Test
    void aTokenOutsideLettersAndDigitsIsPercentEncodedInTheUrl() {
        String arn = tokenSecret("p@ss:w/rd é%");

        handler.handleRequest(ProviderEvents.create(CACHE_SECRET, "CacheSecret", properties(arn, "true")), null);

        assertThat(text(arn)).endsWith("\"token\":\"p@ss:w/rd é%\",\"tls\":true,\"url\":\"rediss://:p%40ss%3Aw%2Frd%20%C3%A9%25@" + HOST + ":6379\"}");
    }

    @Test
    void deleteLeavesTheSecretAndABadPropertyIsRefusedNamingIt() {
        String arn = tokenSecret("Tk4Gq8Lm2Xz7Rw5Vb9Nc3");

        assertThat(handler.handleRequest(ProviderEvents.delete(CACHE_SECRET, "CacheSecret", arn, properties(arn, "true")), null))
                .isEqualTo(Map.of("PhysicalResourceId", arn));
        assertThat(versions(arn)).hasSize(1);

        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create(CACHE_SECRET, "CacheSecret", properties(arn, "yes")), null))
                .hasMessage("CacheSecret (Custom::CacheSecret): property Tls is yes; expected true or false");
        Map<String, String> badPort = properties(arn, "true");
        badPort.put("Port", "70000");
        assertThatThrownBy(() -> handler.handleRequest(ProviderEvents.create(CACHE_SECRET, "CacheSecret", badPort), null))
                .hasMessage("CacheSecret (Custom::CacheSecret): port 70000 is no TCP port (1-65535)");
        assertThat(versions(arn)).hasSize(1);
    }

    /** The cache's secret as CloudFormation generates it. */
    private String tokenSecret(String token) {
        return secrets.createSecret(request -> request.name("notejam-dev-cache").secretString("{\"token\":\"" + token + "\"}")).arn();
    }

    private static Map<String, String> properties(String secretArn, String tls) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("SecretArn", secretArn);
        properties.put("Host", HOST);
        properties.put("Port", "6379");
        properties.put("Tls", tls);
        return properties;
    }

    private String text(String arn) {
        return secrets.getSecretValue(request -> request.secretId(arn)).secretString();
    }

    private List<String> versions(String arn) {
        return secrets.listSecretVersionIds(request -> request.secretId(arn)).versions().stream()
                .map(SecretVersionsListEntry::versionId).sorted().toList();
    }
}
