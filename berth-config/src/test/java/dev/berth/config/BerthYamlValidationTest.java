package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per validation rule: each asserts the message and the line it points at. */
class BerthYamlValidationTest {

    private static final String SERVICES = """
            services:
              - name: web
                image: {repository: notejam}
            """;

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> BerthYaml.parse(Path.of("berth.yaml"), new StringReader(yaml)));
        assertThat(e).as("expected berth.yaml to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String valid(String environments) {
        return "project: notejam\nregion: eu-central-1\n" + SERVICES + "environments:\n" + environments;
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        assertThat(problems(valid("  dev:\n    natt: single\n")))
                .containsExactly("berth.yaml:8: environments.dev.natt: unknown key (did you mean 'nat'?); expected one of "
                        + String.join(", ", BerthYaml.ENVIRONMENT_KEYS));
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(problems("project: notejam\nregoin: eu-central-1\n" + SERVICES + "environments: {dev: {}}\n"))
                .contains("berth.yaml:2: regoin: unknown key (did you mean 'region'?); expected one of "
                        + String.join(", ", BerthYaml.TOP_KEYS));
    }

    @Test
    void wrongTypeForAnInteger() {
        assertThat(problems(valid("  dev:\n    azs: two\n")))
                .containsExactly("berth.yaml:8: environments.dev.azs: expected an integer from 2 to 3; got 'two'");
    }

    @Test
    void wrongTypeForABoolean() {
        assertThat(problems(valid("  dev:\n    allow_http: maybe\n")))
                .containsExactly("berth.yaml:8: environments.dev.allow_http: expected true or false; got 'maybe'");
    }

    @Test
    void wrongTypeForAMapping() {
        assertThat(problems(valid("  dev: [a, b]\n")))
                .containsExactly("berth.yaml:7: environments.dev: expected a mapping of "
                        + String.join(", ", BerthYaml.ENVIRONMENT_KEYS) + "; got a list");
    }

    @Test
    void natModeOutsideTheChoices() {
        assertThat(problems(valid("  prod:\n    domain: notes.example.com\n    nat: two\n")))
                .containsExactly("berth.yaml:9: environments.prod.nat: expected one of none, single, per-az; got 'two'");
    }

    @Test
    void malformedCidr() {
        assertThat(problems(valid("  dev:\n    cidr: 10.0.0/16\n")))
                .containsExactly("berth.yaml:8: environments.dev.cidr: expected an IPv4 CIDR like 10.0.0.0/16; got '10.0.0/16'");
    }

    @Test
    void cidrWithHostBitsSet() {
        assertThat(problems(valid("  dev:\n    cidr: 10.0.3.0/16\n")))
                .containsExactly("berth.yaml:8: environments.dev.cidr: host bits are set in '10.0.3.0/16'; did you mean 10.0.0.0/16?");
    }

    @Test
    void cidrTooSmallForTheSubnets() {
        assertThat(problems(valid("  dev:\n    cidr: 10.0.0.0/26\n")))
                .containsExactly("berth.yaml:8: environments.dev.cidr: expected a prefix from /16 to /24 (a VPC holds /16"
                        + " to /28, and its nine subnets are 1/16 of it each); got /26");
    }

    @Test
    void publicCidr() {
        assertThat(problems(valid("  dev:\n    cidr: 8.8.0.0/16\n")))
                .containsExactly("berth.yaml:8: environments.dev.cidr: expected a private range (10.0.0.0/8,"
                        + " 172.16.0.0/12 or 192.168.0.0/16); got '8.8.0.0/16'");
    }

    @Test
    void overlappingCidrsInOneAccount() {
        assertThat(problems(valid("""
                  dev:
                    account: "111122223333"
                    cidr: 10.0.0.0/16
                  prod:
                    account: "111122223333"
                    domain: notes.example.com
                    cidr: 10.0.128.0/17
                """)))
                .containsExactly("berth.yaml:13: environments.prod.cidr: overlaps environments.dev.cidr (10.0.0.0/16"
                        + " and 10.0.128.0/17) in the same account 111122223333; give each environment its own range");
    }

    @Test
    void sameCidrInDifferentAccountsIsFine() {
        BerthConfig config = BerthYaml.parse(Path.of("berth.yaml"), new StringReader(valid("""
                  dev:
                    account: "111122223333"
                  prod:
                    account: "444455556666"
                    domain: notes.example.com
                """)));
        assertThat(config.environments()).containsOnlyKeys("dev", "prod");
    }

    @Test
    void unknownSizeTier() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                    size: huge
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly(
                "berth.yaml:6: services.web.size: expected one of micro, small, medium, large; got 'huge'");
    }

    @Test
    void minAboveMax() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                    min: 5
                    max: 2
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly("berth.yaml:6: services.web.min: expected min <= max; got min 5 > max 2");
    }

    @Test
    void environmentThatServesNothing() {
        assertThat(problems(valid("  dev:\n    allow_http: false\n")))
                .containsExactly("berth.yaml:8: environments.dev: serves nothing: without a domain there is no HTTPS"
                        + " listener and allow_http is false; set domain (with an optional certificate) or allow_http: true");
    }

    @Test
    void prodWithoutDomainServesNothing() {
        assertThat(problems(valid("  prod: {}\n")))
                .containsExactly("berth.yaml:7: environments.prod: serves nothing: without a domain there is no HTTPS"
                        + " listener and allow_http is false; set domain (with an optional certificate) or allow_http: true");
    }

    @Test
    void noNatWithoutInterfaceEndpoints() {
        assertThat(problems(valid("  dev:\n    nat: none\n    interface_endpoints: false\n")))
                .containsExactly("berth.yaml:9: environments.dev.interface_endpoints: must be true with nat: none:"
                        + " without NAT, tasks reach ECR, CloudWatch Logs and Secrets Manager only through interface endpoints");
    }

    @Test
    void duplicateServiceNames() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                  - name: web
                    image: {repository: other}
                    path: /api/*
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly("berth.yaml:6: services[1].name: duplicate service name 'web' (first at line 4)");
    }

    @Test
    void portOutOfRange() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                    port: 70000
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly("berth.yaml:6: services.web.port: expected an integer from 1 to 65535; got 70000");
    }

    @Test
    void yamlSyntaxError() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("berth.yaml:6: YAML syntax error: ");
    }

    @Test
    void duplicateKey() {
        assertThat(problems(valid("  dev:\n    nat: single\n    nat: none\n")))
                .containsExactly("berth.yaml:9: environments.dev.nat: duplicate key (first at line 8)");
    }

    @Test
    void missingRequiredFields() {
        assertThat(problems("project: notejam\n")).containsExactly(
                "berth.yaml:1: region: is required",
                "berth.yaml:1: services: is required",
                "berth.yaml:1: environments: is required");
    }

    @Test
    void environmentWithAnyOtherNameNeedsAProfile() {
        assertThat(problems(valid("  staging: {allow_http: true}\n")))
                .containsExactly("berth.yaml:7: environments.staging.profile: is required for an environment not named"
                        + " dev or prod; expected one of dev, prod");
    }

    @Test
    void imageNeedsExactlyOneSource() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {build: ., repository: notejam}
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly("berth.yaml:5: services.web.image: expected exactly one of build"
                + " (a Docker context directory) or repository (an ECR repository name)");
    }

    @Test
    void buildContextMustExist() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {build: no-such-directory}
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly("berth.yaml:5: services.web.image.build: expected a directory"
                + " (relative to berth.yaml); 'no-such-directory' does not exist");
    }

    @Test
    void twoServicesOnTheDefaultRoute() {
        String yaml = """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                  - name: api
                    image: {repository: api}
                environments: {dev: {}}
                """;
        assertThat(problems(yaml)).containsExactly("berth.yaml:6: services.api: only one service can take the default"
                + " route; give this one a path (such as /api/*) or give one to the service at line 4");
    }

    @Test
    void logRetentionMustBeAPeriodCloudWatchAccepts() {
        assertThat(problems(valid("  dev:\n    log_retention_days: 10\n"))).singleElement().asString()
                .startsWith("berth.yaml:8: environments.dev.log_retention_days: expected a period CloudWatch Logs accepts (1, 3, 5, 7, 14,")
                .endsWith("; got 10");
    }

    @Test
    void certificateWithoutDomain() {
        assertThat(problems(valid("  dev:\n    certificate: arn:aws:acm:eu-central-1:111122223333:certificate/abc-123\n")))
                .containsExactly("berth.yaml:8: environments.dev.certificate: needs a domain: the certificate is served"
                        + " for the environment's domain");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                project: Notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                    port: 0
                environments:
                  dev:
                    nat: two
                    azs: 4
                """;
        assertThat(problems(yaml)).containsExactly(
                "berth.yaml:1: project: expected a lowercase name of letters, digits and '-', starting with a letter,"
                        + " at most 20 characters; got 'Notejam'",
                "berth.yaml:6: services.web.port: expected an integer from 1 to 65535; got 0",
                "berth.yaml:9: environments.dev.nat: expected one of none, single, per-az; got 'two'",
                "berth.yaml:10: environments.dev.azs: expected an integer from 2 to 3; got 4");
    }

    @Test
    void availabilityZonesMustBeOfTheRegion() {
        assertThat(problems(valid("  dev:\n    availability_zones: [eu-central-1a, eu-west-1b]\n")))
                .containsExactly("berth.yaml:8: environments.dev.availability_zones: expected a zone of eu-central-1"
                        + " such as eu-central-1a; got 'eu-west-1b'");
    }

    @Test
    void availabilityZonesMustMatchTheirCount() {
        assertThat(problems(valid("  dev:\n    azs: 3\n    availability_zones: [eu-central-1a, eu-central-1b]\n")))
                .containsExactly("berth.yaml:9: environments.dev.availability_zones: names 2 zones but azs is 3;"
                        + " give as many zones as azs, or leave azs out");
        assertThat(problems(valid("  dev:\n    availability_zones: [eu-central-1a, eu-central-1a]\n")))
                .containsExactly("berth.yaml:8: environments.dev.availability_zones: names eu-central-1a twice");
    }

    @Test
    void emptyFile() {
        assertThat(problems("# nothing here\n")).containsExactly(
                "berth.yaml: the file is empty; expected a mapping with project, region, services, database, environments");
    }
}
