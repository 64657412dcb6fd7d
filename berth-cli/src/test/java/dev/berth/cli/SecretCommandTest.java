package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.BerthCliTest.Run;
import dev.berth.cli.BerthProcess.Finished;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * berth secret set and list, run as the command line runs them, against moto's Secrets Manager: the SDK in this JVM
 * finds moto and the test credentials through the system properties the SDK reads beside AWS_ENDPOINT_URL and
 * AWS_ACCESS_KEY_ID.
 */
class SecretCommandTest {

    /** What a deploy gives a declared secret: a random value no one has set. */
    static final String PLACEHOLDER = "Kq7deployGeneratedPlaceholder0123456789";
    static final String DESCRIPTION = "Declared in berth.yaml; set with: berth secret set";
    /** moto's account is 123456789012: prod is in it, staging in another. */
    static final String CONFIG = """
            project: shop
            region: eu-central-1
            secrets: [sentry-dsn]
            services:
              - name: web
                image: {repository: shop/web}
                secrets: [session-key]
              - name: api
                image: {repository: shop/api}
                path: /api/*
                secrets: [stripe-key, mail-password]
            environments:
              dev: {}
              prod: {account: "123456789012", cidr: 10.1.0.0/16}
              staging: {profile: prod, account: "111111111111", cidr: 10.2.0.0/16}
            """;

    static SecretsManagerClient secrets;
    static final Map<String, String> propertiesBefore = new HashMap<>();

    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void startMoto() throws Exception {
        CdkCliAgainstMotoTest.startMoto();
        secrets = SecretsManagerClient.builder().region(Region.EU_CENTRAL_1).endpointOverride(URI.create(CdkCliAgainstMotoTest.endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        Map.of("aws.accessKeyId", "testing", "aws.secretAccessKey", "testing", "aws.endpointUrl", CdkCliAgainstMotoTest.endpoint)
                .forEach((name, value) -> propertiesBefore.put(name, System.setProperty(name, value)));
        config = dir.resolve("berth.yaml");
        Files.writeString(config, CONFIG);
    }

    @AfterAll
    static void stopMoto() throws Exception {
        propertiesBefore.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        if (secrets != null) {
            secrets.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
    }

    /** Each test starts with no secret (deleting them is quicker than a reset of moto, which each service then redoes). */
    @BeforeEach
    void noSecrets() {
        secrets.listSecretsPaginator(request -> request.includePlannedDeletion(true)).stream()
                .flatMap(page -> page.secretList().stream())
                .forEach(secret -> secrets.deleteSecret(request -> request.secretId(secret.name()).forceDeleteWithoutRecovery(true)));
    }

    /** {@code berth ARGS --config berth.yaml} with {@code stdin} piped to it. */
    static Run berth(String stdin, String... args) {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            List<String> withConfig = new ArrayList<>(List.of(args));
            withConfig.addAll(List.of("--config", config.toString()));
            return BerthCliTest.berth(withConfig.toArray(String[]::new));
        } finally {
            System.setIn(in);
        }
    }

    /** The secret as a deploy creates it: a random value, one version. */
    static String deployed(String name) {
        return secrets.createSecret(request -> request.name(name).description(DESCRIPTION).secretString(PLACEHOLDER)).versionId();
    }

    static String current(String name) {
        return secrets.getSecretValue(request -> request.secretId(name)).secretString();
    }

    static int versions(String name) {
        return secrets.listSecretVersionIds(request -> request.secretId(name)).versions().size();
    }

    static boolean exists(String name) {
        try {
            secrets.describeSecret(request -> request.secretId(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Test
    void anAwsFailureIsOneLineAndExitCode1() throws Exception {
        String endpoint = System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + BerthProcess.freePort());
        try {
            Run run = berth("", "secret", "list", "dev");
            assertThat(run.exit()).isEqualTo(Berth.FAILED);
            assertThat(run.err()).startsWith("berth: AWS failed: ").doesNotContain("\tat ");
            assertThat(run.err().strip().lines()).hasSize(1);
        } finally {
            System.setProperty("aws.endpointUrl", endpoint);
        }
    }

    @Test
    void setWritesStandardInputLessOneTrailingNewlineAndPrintsTheVersionNeverTheValue() {
        String placeholderVersion = deployed("shop/dev/api/stripe-key");

        Run first = berth("sk_live_first\n", "secret", "set", "dev", "api", "stripe-key");
        assertThat(first.exit()).as(first.err()).isZero();
        String firstVersion = secrets.getSecretValue(request -> request.secretId("shop/dev/api/stripe-key")).versionId();
        assertThat(first.out()).isEqualTo("set shop/dev/api/stripe-key (version " + firstVersion + ")\n");
        assertThat(firstVersion).isNotEqualTo(placeholderVersion);
        assertThat(current("shop/dev/api/stripe-key")).isEqualTo("sk_live_first");

        // A second value is a new version; a value of several lines keeps all but the last newline, and printf's has none.
        Run second = berth("-----BEGIN KEY-----\nAbC\n-----END KEY-----", "secret", "set", "dev", "api", "stripe-key");
        assertThat(second.exit()).as(second.err()).isZero();
        String secondVersion = secrets.getSecretValue(request -> request.secretId("shop/dev/api/stripe-key")).versionId();
        assertThat(secondVersion).isNotEqualTo(firstVersion);
        assertThat(second.out()).isEqualTo("set shop/dev/api/stripe-key (version " + secondVersion + ")\n");
        assertThat(current("shop/dev/api/stripe-key")).isEqualTo("-----BEGIN KEY-----\nAbC\n-----END KEY-----");
        assertThat(versions("shop/dev/api/stripe-key")).isEqualTo(3);

        for (Run run : List.of(first, second)) {
            assertThat(run.out() + run.err()).doesNotContain("sk_live_first").doesNotContain("AbC").doesNotContain(PLACEHOLDER);
        }
    }

    @Test
    void sharedNamesTheSecretsEveryServiceReceives() {
        deployed("shop/dev/shared/sentry-dsn");

        Run run = berth("https://key@sentry.example/1\r\n", "secret", "set", "dev", "shared", "sentry-dsn");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("set shop/dev/shared/sentry-dsn (version ");
        assertThat(current("shop/dev/shared/sentry-dsn")).isEqualTo("https://key@sentry.example/1");
    }

    @Test
    void aSecretBerthYamlDoesNotDeclareIsAUsageErrorThatSaysWhatItDeclares() {
        deployed("shop/dev/api/stripe-key");

        Run undeclared = berth("sk_live_x", "secret", "set", "dev", "api", "stripe");
        assertThat(undeclared.exit()).isEqualTo(2);
        assertThat(undeclared.err()).isEqualTo("berth: " + config + " declares no secret 'stripe' for api; api has: stripe-key,"
                + " mail-password; shared: sentry-dsn\n");

        Run sharedOfAService = berth("sk_live_x", "secret", "set", "dev", "shared", "stripe-key");
        assertThat(sharedOfAService.exit()).isEqualTo(2);
        assertThat(sharedOfAService.err()).isEqualTo("berth: " + config + " declares no secret 'stripe-key' for shared;"
                + " shared: sentry-dsn\n");

        Run noSuchService = berth("sk_live_x", "secret", "set", "dev", "billing", "stripe-key");
        assertThat(noSuchService.exit()).isEqualTo(2);
        assertThat(noSuchService.err()).isEqualTo("berth: no service 'billing' in " + config + "; it has web, api, and shared"
                + " for the secrets every service receives\n");

        assertThat(versions("shop/dev/api/stripe-key")).isEqualTo(1);
        assertThat(exists("shop/dev/api/stripe")).isFalse();
        assertThat(undeclared.out() + sharedOfAService.out() + noSuchService.out()).isEmpty();
    }

    @Test
    void aSecretNotDeployedYetOrScheduledForDeletionIsAUsageError() {
        Run notDeployed = berth("sk_live_x", "secret", "set", "dev", "api", "stripe-key");
        assertThat(notDeployed.exit()).isEqualTo(2);
        assertThat(notDeployed.err()).isEqualTo("berth: no secret shop/dev/api/stripe-key yet; berth deploy dev creates it\n");
        assertThat(exists("shop/dev/api/stripe-key")).isFalse();

        deployed("shop/dev/api/stripe-key");
        secrets.deleteSecret(request -> request.secretId("shop/dev/api/stripe-key"));
        Run deleted = berth("sk_live_x", "secret", "set", "dev", "api", "stripe-key");
        assertThat(deleted.exit()).isEqualTo(2);
        assertThat(deleted.err()).isEqualTo("berth: shop/dev/api/stripe-key is scheduled for deletion; restore it first:"
                + " aws secretsmanager restore-secret --secret-id shop/dev/api/stripe-key\n");
    }

    @Test
    void anEmptyValueIsRefusedAndNothingWritten() {
        deployed("shop/dev/api/stripe-key");

        for (String empty : List.of("", "\n")) {
            Run run = berth(empty, "secret", "set", "dev", "api", "stripe-key");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("berth: the value for shop/dev/api/stripe-key is empty; nothing was written\n");
        }
        assertThat(versions("shop/dev/api/stripe-key")).isEqualTo(1);
    }

    @Test
    void credentialsOfAnotherAccountThanBerthYamlNamesAreAUsageError() {
        deployed("shop/staging/api/stripe-key");

        Run otherAccount = berth("sk_live_x", "secret", "set", "staging", "api", "stripe-key");
        assertThat(otherAccount.exit()).isEqualTo(2);
        assertThat(otherAccount.err()).isEqualTo("berth: the AWS credentials are of account 123456789012; berth.yaml puts"
                + " staging in account 111111111111\n");
        assertThat(versions("shop/staging/api/stripe-key")).isEqualTo(1);

        deployed("shop/prod/api/stripe-key");
        Run sameAccount = berth("sk_live_x", "secret", "set", "prod", "api", "stripe-key");
        assertThat(sameAccount.exit()).as(sameAccount.err()).isZero();
    }

    @Test
    void listShowsEachDeclaredSecretsStateAndTheUndeclaredOnesKeptButNeverAValue() {
        deployed("shop/dev/api/stripe-key");
        assertThat(berth("sk_live_listed", "secret", "set", "dev", "api", "stripe-key").exit()).isZero();
        deployed("shop/dev/shared/sentry-dsn");
        deployed("shop/dev/web/session-key");
        secrets.deleteSecret(request -> request.secretId("shop/dev/web/session-key"));
        // Removed from berth.yaml since it was deployed: kept, and listed so.
        deployed("shop/dev/api/old-key");
        deployed("shop/dev/web/old-token");
        // Berth's own secrets, another environment's, and a name berth.yaml could not declare: none is listed.
        for (String own : List.of("shop/dev/database", "shop/dev/api/database", "shop/dev/cache", "shop/dev/origin-verify",
                "shop/prod/api/stripe-key", "shop/dev/api/nested/name")) {
            secrets.createSecret(request -> request.name(own).secretString(PLACEHOLDER));
        }

        Run all = berth("", "secret", "list", "dev");

        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).startsWith("Secrets of shop dev\n\n").containsSubsequence(
                "secret", "variable", "received by", "state\n",
                "shop/dev/web/session-key", "SESSION_KEY", "web", "scheduled for deletion\n",
                "shop/dev/api/stripe-key", "STRIPE_KEY", "api", "set ",
                "shop/dev/api/mail-password", "MAIL_PASSWORD", "api", "not deployed\n",
                "shop/dev/shared/sentry-dsn", "SENTRY_DSN", "web, api", "never set\n",
                "shop/dev/api/old-key", SecretListCommand.NOT_DECLARED + "\n",
                "shop/dev/web/old-token", SecretListCommand.NOT_DECLARED + "\n");
        assertThat(all.out())
                .containsPattern("shop/dev/api/stripe-key +STRIPE_KEY +api +set \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\n")
                .containsPattern("shop/dev/api/old-key +- +- +not declared")
                .doesNotContain("database").doesNotContain("cache").doesNotContain("origin-verify")
                .doesNotContain("shop/prod").doesNotContain("nested");
        assertThat(all.out().lines()).hasSize(9);

        Run api = berth("", "secret", "list", "dev", "api");
        assertThat(api.exit()).as(api.err()).isZero();
        assertThat(api.out()).contains("shop/dev/api/stripe-key", "shop/dev/api/mail-password", "shop/dev/shared/sentry-dsn",
                "shop/dev/api/old-key").doesNotContain("shop/dev/web/");

        for (Run run : List.of(all, api)) {
            assertThat(run.out() + run.err()).doesNotContain("sk_live_listed").doesNotContain(PLACEHOLDER);
        }
    }

    /**
     * As a user runs it: a JVM of its own, which finds moto through AWS_ENDPOINT_URL, and whose table reaches standard
     * output before the JVM exits.
     */
    @Test
    void listInAProcessOfItsOwn(@TempDir Path home) throws Exception {
        deployed("shop/dev/api/stripe-key");

        Finished list = BerthProcess.run(CdkCliAgainstMotoTest.againstMoto(home, "secret", "list", "dev", "api",
                "--config", config.toString()), Duration.ofMinutes(2));

        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).containsPattern("shop/dev/api/stripe-key +STRIPE_KEY +api +never set\n");
    }

    @Test
    void listOfAServiceBerthYamlDoesNotHaveIsAUsageError() {
        Run run = berth("", "secret", "list", "dev", "billing");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("berth: no service 'billing' in " + config);
    }
}
