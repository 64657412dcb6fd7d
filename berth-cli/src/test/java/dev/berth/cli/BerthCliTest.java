package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.BerthProcess.Finished;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BerthCliTest {

    static final Path HOME = Path.of(System.getProperty("berth.home", "..")).toAbsolutePath().normalize();
    static final Path OUT = Path.of(System.getProperty("berth.test.synthRoot", "target/synth")).resolve("cli");

    record Run(int exit, String out, String err) {
    }

    static Run berth(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Berth.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void planOfTheShippedDeploymentWritesTheAssemblyAndSummarizesIt(String environment) {
        Run run = berth("plan", environment, "--config", HOME.resolve("berth.yaml").toString(), "--out", OUT.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        for (String layer : List.of("foundation", "data", "app")) {
            assertThat(OUT.resolve(environment).resolve("notejam-" + environment + "-" + layer + ".template.json")).isRegularFile();
            assertThat(run.out()).contains("notejam-" + environment + "-" + layer);
        }
        int origin = environment.equals("prod") ? 443 : 80;
        // The month's estimate, printed and written beside the templates.
        assertThat(run.out()).containsPattern("Cost: about \\$\\d+\\.\\d\\d a month \\(eu-central-1 list prices; ")
                .containsPattern("database\\s+RDS PostgreSQL db\\.t4g\\.micro" + (environment.equals("prod") ? " Multi-AZ" : ""));
        assertThat(OUT.resolve(environment).resolve("cost.md")).content().contains("| **total** |");
        assertThat(OUT.resolve(environment).resolve("cost.json")).content().contains("\"currency\" : \"USD\"");
        assertThat(run.out())
                .contains("AWS::RDS::DBInstance")
                .contains("AWS::ECS::Service")
                .contains("AWS::CloudFront::Distribution")
                .contains("→ CloudFront (HTTP/2 and 3, price class 100) → load balancer on " + origin + " with X-Origin-Verify")
                .contains("/static/* → assets bucket, cached (web)")
                .contains("firewall  on CloudFront: rate-limit-per-ip (1000 per 5 min), block-instance-metadata-address")
                // dev's web sleeps after 30 idle minutes: its functions' errors and dead letters are alarmed too.
                .contains("alerts    " + (environment.equals("dev") ? 14 : 11) + " alarms to topic notejam-" + environment
                        + "-alerts (no e-mail yet: alerts.email), dashboard notejam-" + environment)
                .contains(environment.equals("dev") ? "default route, sleeps after 30 min without a request (the next wakes it, 503 meanwhile)"
                        : "default route\n")
                .containsPattern("internet\\s+→ cloudfront\\s+tcp 443")
                .containsPattern("cloudfront\\s+→ LoadBalancer\\s+tcp " + origin)
                .containsPattern("LoadBalancer\\s+→ WebTasks\\s+tcp 8080")
                .containsPattern("WebTasks\\s+→ Database\\s+tcp 5432\\s+web to PostgreSQL \\(database web\\)")
                .containsPattern("DatabaseProvisioner\\s+→ Database\\s+tcp 5432")
                .containsPattern("WebTasks\\s+→ internet\\s+tcp 443\\s+web: HTTPS to AWS APIs and the internet")
                .contains("data      web: database and role web (notejam/" + environment + "/web/database, kept if the service is removed)")
                .contains("Url")
                .contains("Policy: AwsSolutions passed")
                // each acknowledged rule with its reason, not just its code
                .contains("AwsSolutions-RDS11: A non-default port hides nothing from a scan inside the VPC");
        assertThat(run.out()).contains(environment.equals("dev")
                ? "schedule  awake Mon,Tue,Wed,Thu,Fri 07:00-20:00 UTC; outside, the services at 0 tasks and the database stopped"
                : "schedule  always awake");
        // Behind CloudFront the internet never reaches the load balancer.
        assertThat(run.out()).doesNotContainPattern("internet\\s+→ LoadBalancer");
        // Without a domain there is no DNS record to point anywhere; with one and no zone, deploy waits for validation.
        assertThat(run.out().contains("DistributionDns")).isEqualTo(environment.equals("prod"));
        assertThat(run.out().contains("deploy waits for the DNS validation record ACM asks for (notes.example.com)"))
                .isEqualTo(environment.equals("prod"));
    }

    @Test
    void planWarnsOfOverlappingRangesWithoutAccounts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                environments:
                  dev: {}
                  prod: {domain: notes.example.com}
                """);
        Run run = berth("plan", "dev", "--config", file.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: " + file + ":8: environments.prod.cidr: overlaps environments.dev.cidr");
    }

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> arguments = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(HOME.resolve("examples"))) {
            for (Path file : dirs.map(d -> d.resolve("berth.yaml")).filter(Files::isRegularFile).sorted().toList()) {
                for (String environment : dev.berth.config.BerthYaml.load(file).environments().keySet()) {
                    arguments.add(Arguments.of(HOME.relativize(file).toString(), environment));
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("examples")
    void everyExamplePlansCleanly(String file, String environment) {
        Path out = OUT.resolve(file.replace('/', '-'));
        Run run = berth("plan", environment, "--config", HOME.resolve(file).toString(), "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Policy: AwsSolutions passed");
    }

    @Test
    void invalidConfigurationExitsTwoListsEveryProblemAndWritesNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, """
                project: notejam
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notejam}
                    size: huge
                environments:
                  prod:
                    nat: two
                """);
        Path out = dir.resolve("cdk.out");

        Run run = berth("plan", "prod", "--config", file.toString(), "--out", out.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains(file + ":6: services.web.size: expected one of micro, small, medium, large; got 'huge'")
                .contains(file + ":9: environments.prod.nat: expected one of none, single, per-az; got 'two'")
                .contains("berth: 2 problem(s) in " + file + "; nothing was synthesized");
        assertThat(out).doesNotExist();
    }

    @Test
    void yamlSyntaxErrorExitsTwo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, "project: [notejam\n");
        Run run = berth("plan", "dev", "--config", file.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":2: YAML syntax error");
    }

    @Test
    void unknownEnvironmentExitsTwo() {
        Run run = berth("plan", "qa", "--config", HOME.resolve("berth.yaml").toString(), "--out", OUT.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("berth: no environment 'qa' in").contains("it has dev, prod");
    }

    @Test
    void costComparesTwoEnvironmentsGroupByGroup() {
        Run run = berth("cost", "dev", "--compare", "prod", "--config", HOME.resolve("berth.yaml").toString(), "--out", OUT.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("group\\s+dev\\s+prod\\s+difference")
                .containsPattern("database\\s+\\$\\d+\\.\\d\\d\\s+\\$\\d+\\.\\d\\d\\s+\\+\\$")
                .containsPattern("total\\s+\\$");
        assertThat(OUT.resolve("dev").resolve("cost.json")).exists();
        assertThat(OUT.resolve("prod").resolve("cost.json")).exists();
    }

    @Test
    void berthUpsEnvironmentIsNeverPlanned() {
        Run run = berth("plan", "local", "--config", HOME.resolve("berth.yaml").toString(), "--out", OUT.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("berth: no environment 'local' in").contains("it has dev, prod")
                .contains("(local is the environment berth up runs, on this machine)");
    }

    @Test
    void missingConfigFileExitsTwo(@TempDir Path dir) {
        Run run = berth("plan", "dev", "--config", dir.resolve("missing.yaml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("missing.yaml: cannot read the file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(berth("plan").exit()).isEqualTo(2);
        assertThat(berth("launch", "dev").exit()).isEqualTo(2);
        assertThat(berth("plan", "dev", "--colour").exit()).isEqualTo(2);
    }

    @Test
    void aUsageErrorIsOneLineThenWhereToReadMoreNotTheWholeHelp() {
        Run run = berth("plan", "dev", "--colour");
        assertThat(run.err()).startsWith("berth: Unknown option: '--colour'\n")
                .endsWith("\nTry 'berth plan --help' for more information.\n").doesNotContain("Usage:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "bootstrap", "push", "deploy", "release", "diff", "destroy"})
    void everyCommandHasHelp(String command) {
        Run run = berth(command, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: berth " + command).contains("--config=FILE").contains("ENV");
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitCodes() {
        Run run = berth("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("plan").contains("deploy").contains("diff").contains("destroy")
                .contains("2   usage or configuration error");
    }

    @Test
    void imageTagForAnUnknownServiceExitsTwoBeforeAnythingElse() {
        Run run = berth("deploy", "dev", "--config", HOME.resolve("berth.yaml").toString(), "--image-tag", "api=1.0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("berth: --image-tag api=1.0: no service 'api'");
    }

    @Test
    void codeDeployRevisionsOfARollingEnvironmentExitTwoBeforeAnythingElse() {
        Run run = berth("release", "dev", "--config", HOME.resolve("examples/codepipeline/berth.yaml").toString(),
                "--codedeploy-out", "revisions");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("berth: --codedeploy-out: dev releases rolling; it applies to an environment with deployment: blue-green");
    }

    @Test
    void rotatingTheOriginSecretOfAnEnvironmentWithoutACdnExitsTwo() {
        Run run = berth("rotate-origin", "prod", "--config", HOME.resolve("examples/private-no-nat/berth.yaml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("berth: prod has no CDN (edge.cdn: false), so no origin secret to rotate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "=1.4.2", "web="})
    void malformedImageTagSaysInOneLineWhatIsExpectedAndExitsTwo(String value) {
        Run run = berth("deploy", "dev", "--config", HOME.resolve("berth.yaml").toString(), "--image-tag", value);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("berth: --image-tag " + value + ": expected SERVICE=TAG, e.g. --image-tag web=1.4.2\n"
                + "Try 'berth deploy --help' for more information.\n").doesNotContain("option option");
    }

    @Test
    void imageTagDockerWouldRefuseExitsTwo() {
        Run run = berth("deploy", "dev", "--config", HOME.resolve("berth.yaml").toString(), "--image-tag", "web=1.0 beta");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("berth: --image-tag web=1.0 beta: not a valid image tag (up to 128 letters,");
    }

    @Test
    void pushingAServiceWithoutABuildExitsTwo() {
        String config = HOME.resolve("examples/minimal/berth.yaml").toString();
        Run all = berth("push", "dev", "--config", config);
        assertThat(all.exit()).isEqualTo(2);
        assertThat(all.err()).contains("berth: no service of " + config + " has a build (image: {build: DIR}) to push");
        Run named = berth("push", "dev", "web", "--config", config);
        assertThat(named.exit()).isEqualTo(2);
        assertThat(named.err()).contains("berth: web has no build in " + config);
    }

    /** docker's client answers without a daemon; what counts is an engine that runs. */
    @Test
    void pushWithoutAContainerEngineSaysSoInOneLineAndExitsTwo(@TempDir Path home) throws Exception {
        ProcessBuilder builder = BerthProcess.of("push", "dev", "--allow-dirty", "--config", HOME.resolve("berth.yaml").toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put(ContainerEngine.ENGINE_VARIABLE, home.resolve("no-such-engine").toString());
        Finished run = BerthProcess.run(builder, Duration.ofMinutes(2));
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output().strip()).startsWith("berth: no container engine to build images with: install docker"
                + " (with its daemon running) or podman").doesNotContain("\n");
    }

    /** Run as a separate process with an environment that holds no AWS credentials anywhere. */
    @ParameterizedTest
    @ValueSource(strings = {"bootstrap", "push", "deploy", "release", "diff", "destroy"})
    void withoutAwsCredentialsOneClearLineAndExitTwo(String command, @TempDir Path emptyHome) throws Exception {
        ProcessBuilder builder = BerthProcess.of(command, "dev",
                "--config", HOME.resolve("berth.yaml").toString(), "--out", emptyHome.resolve("cdk.out").toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("HOME", emptyHome.toString());
        builder.environment().put("AWS_CONFIG_FILE", emptyHome.resolve("config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", emptyHome.resolve("credentials").toString());
        Finished run = BerthProcess.run(builder, Duration.ofMinutes(2));
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output().strip()).isEqualTo("berth: no AWS credentials found: set AWS_PROFILE (or run aws sso login), or"
                + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run the command again");
        assertThat(emptyHome.resolve("cdk.out")).doesNotExist();
    }
}
