package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.Alerts;
import dev.berth.model.Cidr;
import dev.berth.model.CostAssumptions;
import dev.berth.model.DeliveryModel;
import dev.berth.model.EdgeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ImageSource;
import dev.berth.model.LogRetention;
import dev.berth.model.NatMode;
import dev.berth.model.Runtime;
import dev.berth.model.Schedule;
import dev.berth.model.ServiceModel;
import dev.berth.model.Sites;
import dev.berth.model.SizeTier;
import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What berth.yaml resolves to: profiles' defaults, explicit values, per-environment overrides, derived values. */
class EnvironmentModelTest {

    private static final String MINIMAL = """
            project: notejam
            region: eu-central-1
            services:
              - name: web
                image: {repository: notejam}
                port: 8080
                health_check: /health
            environments:
              dev: {}
              prod:
                domain: notes.example.com
            """;

    private static BerthConfig parse(String yaml) {
        return BerthYaml.parse(Path.of("berth.yaml"), new StringReader(yaml));
    }

    private static EnvironmentModel environment(String yaml, String name) {
        return parse(yaml).environment(name).orElseThrow();
    }

    @Test
    void berthUpsEnvironmentIsTheFilesOwnSettingsUnderTheLocalProfileAndNeverACloudOne() {
        BerthConfig config = parse(MINIMAL);
        assertThat(config.environments()).containsOnlyKeys("dev", "prod");
        EnvironmentModel local = config.local();
        assertThat(local.name()).isEqualTo("local");
        assertThat(local.profile()).isEqualTo("local");
        assertThat(local.naming().prefix()).isEqualTo("notejam-local");
        // dev's defaults, but awake always and no Spot.
        assertThat(local.network().nat()).isEqualTo(NatMode.SINGLE);
        assertThat(local.part(Schedule.class).hours()).isEmpty();
        assertThat(local.services().named("web").orElseThrow().runtime()).isEqualTo(Runtime.Fargate.ON_DEMAND);
    }

    @Test
    void costAssumptionsComeFromBerthsDefaultsTheFileAndTheEnvironmentKeyByKey() {
        BerthConfig config = parse(MINIMAL.replace("environments:", """
                cost: {requests_per_month: 5000000, log_gb: 3}
                environments:""").replace("    domain: notes.example.com", "    domain: notes.example.com\n    cost: {log_gb: 20}"));
        assertThat(config.environment("dev").orElseThrow().part(CostAssumptions.class))
                .isEqualTo(new CostAssumptions(new CostAssumptions.Traffic(5_000_000, 10, 5), 3, 1, 60, 200));
        assertThat(config.environment("prod").orElseThrow().part(CostAssumptions.class))
                .isEqualTo(new CostAssumptions(new CostAssumptions.Traffic(5_000_000, 10, 5), 20, 1, 60, 200));
    }

    @Test
    void environmentsLocalSetsWhatOnlyBerthUpNeeds() {
        BerthConfig config = parse(MINIMAL + """
                  local:
                    services:
                      web: {env: {LOG_FORMAT: text, EMPTY: ""}}
                """);
        assertThat(config.environments()).containsOnlyKeys("dev", "prod");
        assertThat(config.local().services().named("web").orElseThrow().uses().variables().plain())
                .containsEntry("LOG_FORMAT", "text").containsEntry("EMPTY", "");
        assertThat(config.environment("dev").orElseThrow().services().named("web").orElseThrow().uses().variables().plain())
                .doesNotContainKey("LOG_FORMAT");
    }

    @Test
    void devProfileDefaults() {
        EnvironmentModel dev = environment(MINIMAL, "dev");
        assertThat(dev.profile()).isEqualTo("dev");
        assertThat(dev.network().nat()).isEqualTo(NatMode.SINGLE);
        assertThat(dev.network().natGateways()).isEqualTo(1);
        assertThat(dev.network().interfaceEndpoints()).isFalse();
        assertThat(dev.network().cidr()).hasToString("10.0.0.0/16");
        assertThat(dev.network().zones()).containsExactly("eu-central-1a", "eu-central-1b");
        assertThat(dev.edge().allowHttp()).isTrue();
        assertThat(dev.edge().https()).isFalse();
        // Behind CloudFront on both profiles: users reach 80 (redirected) and 443 at the CDN, the load balancer never.
        assertThat(dev.edge().publicPorts()).containsExactly(80, 443);
        assertThat(dev.edge().loadBalancerPublicPorts()).isEmpty();
        assertThat(dev.edge().originPort()).isEqualTo(80);
        assertThat(dev.edge().distribution()).contains(new EdgeModel.Cdn(EdgeModel.PriceClass.PRICE_CLASS_100));
        assertThat(dev.edge().firewall()).contains(new EdgeModel.Waf(1000));
        assertThat(dev.services().all().getFirst().runtime()).isEqualTo(Runtime.Fargate.SPOT);
        assertThat(dev.database().multiAz()).isFalse();
        assertThat(dev.database().backupRetentionDays()).isEqualTo(1);
        assertThat(dev.lifecycle().deletionProtection()).isFalse();
        assertThat(dev.lifecycle().logRetention()).isEqualTo(LogRetention.ONE_WEEK);
    }

    @Test
    void prodProfileDefaults() {
        EnvironmentModel prod = environment(MINIMAL, "prod");
        assertThat(prod.profile()).isEqualTo("prod");
        assertThat(prod.network().nat()).isEqualTo(NatMode.PER_AZ);
        assertThat(prod.network().natGateways()).isEqualTo(2);
        assertThat(prod.edge().allowHttp()).isFalse();
        assertThat(prod.edge().publicPorts()).containsExactly(80, 443);
        assertThat(prod.edge().originPort()).isEqualTo(443);
        assertThat(prod.services().all().getFirst().runtime()).isEqualTo(Runtime.Fargate.ON_DEMAND);
        assertThat(prod.database().multiAz()).isTrue();
        assertThat(prod.database().backupRetentionDays()).isEqualTo(7);
        assertThat(prod.lifecycle().deletionProtection()).isTrue();
        assertThat(prod.lifecycle().logRetention()).isEqualTo(LogRetention.THREE_MONTHS);
    }

    @Test
    void explicitValuesBeatTheProfile() {
        EnvironmentModel prod = environment(MINIMAL.replace("    domain: notes.example.com\n", """
                    domain: notes.example.com
                    nat: single
                    multi_az: false
                    backup_retention_days: 30
                    runtime: {fargate: 1, fargate_spot: 3}
                    database: {instance_class: db.r6g.large}
                """), "prod");
        assertThat(prod.network().nat()).isEqualTo(NatMode.SINGLE);
        assertThat(prod.database().multiAz()).isFalse();
        assertThat(prod.database().backupRetentionDays()).isEqualTo(30);
        assertThat(prod.services().all().getFirst().runtime()).isEqualTo(new Runtime.Fargate(1, 3));
        assertThat(((Runtime.Fargate) prod.services().all().getFirst().runtime()).onDemandBase()).isEqualTo(1);
        assertThat(prod.database().instanceClass()).isEqualTo("db.r6g.large");
        assertThat(prod.database().postgresMajor()).isEqualTo(16);
    }

    @Test
    void anEnvironmentOverridesAServiceAndKeepsTheRest() {
        BerthConfig config = parse(MINIMAL.replace("  dev: {}", """
                  dev:
                    services:
                      web: {min: 0, size: micro, scaling: {cpu: 40}}
                """.stripTrailing()));
        ServiceModel dev = config.environment("dev").orElseThrow().services().named("web").orElseThrow();
        assertThat(dev.capacity()).isEqualTo(new ServiceModel.Capacity(SizeTier.MICRO, 0, 4, new ServiceModel.Targets(40, 1000, 90), null));
        assertThat(dev.routing().port()).isEqualTo(8080);
        ServiceModel prod = config.environment("prod").orElseThrow().services().named("web").orElseThrow();
        assertThat(prod.capacity()).isEqualTo(new ServiceModel.Capacity(SizeTier.SMALL, 1, 4, new ServiceModel.Targets(60, 1000, 90), null));
    }

    @Test
    void namedAvailabilityZonesSetTheirCount() {
        EnvironmentModel dev = environment(MINIMAL.replace("  dev: {}", "  dev: {availability_zones: [eu-central-1b, eu-central-1c]}"), "dev");
        assertThat(dev.network().zones()).containsExactly("eu-central-1b", "eu-central-1c");
    }

    @Test
    void tokyoSkipsTheZoneLetterItsAccountsLack() {
        EnvironmentModel dev = environment(MINIMAL.replace("eu-central-1", "ap-northeast-1").replace("  dev: {}", "  dev: {azs: 3}"), "dev");
        assertThat(dev.network().zones()).containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
        assertThat(dev.network().natGateways()).isEqualTo(1);
    }

    @Test
    void noNatTurnsInterfaceEndpointsOn() {
        EnvironmentModel dev = environment(MINIMAL.replace("  dev: {}", "  dev: {nat: none}"), "dev");
        assertThat(dev.network().nat()).isEqualTo(NatMode.NONE);
        assertThat(dev.network().natGateways()).isZero();
        assertThat(dev.network().interfaceEndpoints()).isTrue();
    }

    @Test
    void serviceDefaultsAndRoutes() {
        String yaml = MINIMAL.replace("environments:", """
                  - name: api
                    image: {repository: api}
                    path: /api/*
                  - name: admin
                    image: {repository: admin}
                    path: /admin/*
                environments:""");
        var services = environment(yaml, "dev").services();
        ServiceModel web = services.named("web").orElseThrow();
        assertThat(web.capacity()).isEqualTo(new ServiceModel.Capacity(SizeTier.SMALL, 1, 4, new ServiceModel.Targets(60, 1000, 90), null));
        assertThat(web.image()).isEqualTo(ImageSource.existing("notejam"));
        assertThat(web.image().repositoryName(environment(yaml, "dev").naming(), "web")).isEqualTo("notejam");
        assertThat(web.routing().isDefaultRoute()).isTrue();
        assertThat(services.named("api").orElseThrow().routing().priority()).isEqualTo(10);
        assertThat(services.named("admin").orElseThrow().routing().priority()).isEqualTo(20);
        assertThat(services.named("api").orElseThrow().routing().port()).isEqualTo(8080);
        assertThat(services.routed()).extracting(service -> service.routing().port()).containsExactly(8080, 8080, 8080);
    }

    @Test
    void namingIsDerivedOnce() {
        var naming = environment(MINIMAL.replace("project: notejam", "project: note-jam"), "prod").naming();
        assertThat(naming.stackName("data")).isEqualTo("note-jam-prod-data");
        assertThat(naming.secretName("database")).isEqualTo("note-jam/prod/database");
        assertThat(naming.databaseIdentifier()).isEqualTo("note-jam-prod");
        assertThat(naming.databaseName()).isEqualTo("note_jam");
        assertThat(dev.berth.model.Naming.imageTagParameter("api-gateway")).isEqualTo("ApiGatewayImageTag");
    }

    @Test
    void aBuiltImageGoesToEachEnvironmentsOwnRepositoryUnlessOneIsNamed(@org.junit.jupiter.api.io.TempDir Path project)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(project.resolve("app"));
        java.nio.file.Files.writeString(project.resolve("app/Containerfile"), "FROM scratch\n");
        String yaml = MINIMAL.replace("{repository: notejam}", "{build: app, dockerfile: Containerfile}")
                .replace("environments:", """
                  - name: api
                    image: {build: app, dockerfile: Containerfile, repository: shared/api}
                    path: /api/*
                environments:""");
        BerthConfig config = BerthYaml.parse(project.resolve("berth.yaml"), new StringReader(yaml));
        for (String environment : List.of("dev", "prod")) {
            EnvironmentModel model = config.environment(environment).orElseThrow();
            ServiceModel web = model.services().named("web").orElseThrow();
            assertThat(web.image().ownRepository()).isTrue();
            assertThat(web.image().repositoryName(model.naming(), "web")).isEqualTo("notejam/" + environment + "/web");
            assertThat(web.image().buildSource()).contains(new ImageSource.Build(project.resolve("app"), "Containerfile"));
            ServiceModel api = model.services().named("api").orElseThrow();
            assertThat(api.image().ownRepository()).isFalse();
            assertThat(api.image().repositoryName(model.naming(), "api")).isEqualTo("shared/api");
        }
    }

    @Test
    void eachEnvironmentTrustsTheGitHubJobThatDeploysIt() {
        BerthConfig config = parse(MINIMAL + "delivery: {github: acme/notes, branch: trunk, test: make test}\n");
        assertThat(config.environment("dev").orElseThrow().delivery().oidcSubject("dev")).contains("repo:acme/notes:ref:refs/heads/trunk");
        assertThat(config.environment("prod").orElseThrow().delivery().oidcSubject("prod")).contains("repo:acme/notes:environment:prod");
        assertThat(config.environment("prod").orElseThrow().delivery().gitHub().orElseThrow().testCommand()).isEqualTo("make test");
        assertThat(environment(MINIMAL, "dev").delivery().oidcSubject("dev")).isEmpty();
    }

    @Test
    void anEnvironmentDeploysBlueGreenOnlyWhereItAsks() {
        BerthConfig config = parse(MINIMAL.replace("    domain: notes.example.com\n", "    domain: notes.example.com\n    deployment: blue-green\n")
                + "delivery: {github: acme/notes, pipeline: codepipeline, connection:"
                + " 'arn:aws:codeconnections:eu-central-1:123456789012:connection/abc-123'}\n");
        assertThat(config.environment("prod").orElseThrow().delivery().blueGreen()).isTrue();
        assertThat(config.environment("dev").orElseThrow().delivery().deployment()).isEqualTo(DeliveryModel.Deployment.ROLLING);
    }

    @Test
    void theEdgeAsWrittenOverTheDefaults() {
        EnvironmentModel direct = environment(MINIMAL.replace("  dev: {}", "  dev: {edge: {cdn: false, waf: false}}"), "dev");
        assertThat(direct.edge().distribution()).isEmpty();
        assertThat(direct.edge().firewall()).isEmpty();
        assertThat(direct.edge().loadBalancerPublicPorts()).containsExactly(80);
        EnvironmentModel prod = environment(MINIMAL.replace("    domain: notes.example.com\n",
                "    domain: notes.example.com\n    edge: {price_class: all, rate_limit: 500, hosted_zone: Z0123456789ABC}\n"), "prod");
        assertThat(prod.edge().distribution()).contains(new EdgeModel.Cdn(EdgeModel.PriceClass.PRICE_CLASS_ALL));
        assertThat(prod.edge().firewall()).contains(new EdgeModel.Waf(500));
        assertThat(prod.edge().hostedZone()).contains("Z0123456789ABC");
    }

    @Test
    void staticFilesAndSitesWithEachEnvironmentsDomain(@TempDir Path project) {
        String yaml = MINIMAL.replace("    health_check: /health\n", "    health_check: /health\n    static: {directory: app/target/public}\n")
                .replace("  dev: {}", "  dev:\n    sites:\n      docs: {domain: docs.dev.example.com}")
                + "sites:\n  - {name: docs, directory: site/dist, domain: docs.example.com}\n  - {name: shop, directory: shop}\n";
        BerthConfig config = BerthYaml.parse(project.resolve("berth.yaml"), new StringReader(yaml));
        ServiceModel web = config.environment("dev").orElseThrow().services().named("web").orElseThrow();
        assertThat(web.assets()).contains(new ServiceModel.StaticFiles(project.resolve("app/target/public"), "/static/*"));
        assertThat(web.assets().orElseThrow().keyPrefix()).isEqualTo("static/");
        assertThat(config.environment("dev").orElseThrow().part(Sites.class).all()).containsExactly(
                new Sites.Site("docs", project.resolve("site/dist"), "docs.dev.example.com"),
                new Sites.Site("shop", project.resolve("shop"), null));
        assertThat(config.environment("prod").orElseThrow().part(Sites.class).all().getFirst().domain()).isEqualTo("docs.example.com");
    }

    @Test
    void alertsGoToTheFilesAddressesUnlessAnEnvironmentHasItsOwn() {
        BerthConfig config = parse(MINIMAL.replace("    domain: notes.example.com\n", "    domain: notes.example.com\n"
                + "    alerts: {email: [oncall@example.com]}\n") + "alerts: {email: [team@example.com]}\n");
        assertThat(config.environment("dev").orElseThrow().part(Alerts.class).emails()).containsExactly("team@example.com");
        assertThat(config.environment("prod").orElseThrow().part(Alerts.class).emails()).containsExactly("oncall@example.com");
        assertThat(environment(MINIMAL, "dev").part(Alerts.class).emails()).isEmpty();
        assertThat(environment(MINIMAL, "dev").services().all().getFirst().capacity().targets().memoryPercent()).isEqualTo(90);
    }

    @Test
    void aServiceScalesToZeroOnlyWhereAnIdleTimeIsGiven() {
        String yaml = MINIMAL.replace("    health_check: /health\n", "    health_check: /health\n    idle_after: 2h\n")
                .replace("  dev: {}\n", "  dev:\n    services:\n      web: {idle_after: 30m}\n");
        assertThat(environment(yaml, "dev").services().all().getFirst().capacity().scaleToZero()).contains(Duration.ofMinutes(30));
        assertThat(environment(yaml, "prod").services().all().getFirst().capacity().scaleToZero()).contains(Duration.ofHours(2));
        assertThat(environment(MINIMAL, "dev").services().all().getFirst().capacity().scaleToZero()).as("off by default").isEmpty();
    }

    @Test
    void devSleepsNightsAndWeekendsProdNeverUnlessToldOtherwise() {
        Schedule.Awake dev = environment(MINIMAL, "dev").part(Schedule.class).hours().orElseThrow();
        assertThat(dev.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(dev.wake()).isEqualTo(LocalTime.of(7, 0));
        assertThat(dev.sleep()).isEqualTo(LocalTime.of(20, 0));
        assertThat(dev.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(environment(MINIMAL, "prod").part(Schedule.class).hours()).isEmpty();
        Schedule.Awake berlin = environment(MINIMAL.replace("  dev: {}",
                "  dev: {schedule: {awake: 'Mon-Wed,Fri 06:30-18:15', timezone: Europe/Berlin}}"), "dev").part(Schedule.class).hours().orElseThrow();
        assertThat(berlin.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
        assertThat(berlin.wake()).isEqualTo(LocalTime.of(6, 30));
        assertThat(berlin.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(environment(MINIMAL.replace("  dev: {}", "  dev: {schedule: {awake: always}}"), "dev").part(Schedule.class).hours()).isEmpty();
    }

    @Test
    void overlappingRangesWithoutAccountsAreAWarning() {
        BerthConfig config = parse(MINIMAL.replace("    domain: notes.example.com\n", "    domain: notes.example.com\n    cidr: 10.0.0.0/17\n"));
        assertThat(config.warnings()).extracting(Problem::toString).containsExactly(
                "berth.yaml:12: environments.prod.cidr: overlaps environments.dev.cidr (10.0.0.0/16 and 10.0.0.0/17); if both"
                        + " deploy to one account their VPCs can never be peered: give each its own range, or name each one's account");
    }

    @Test
    void overlappingRangesInDifferentAccountsAreFine() {
        BerthConfig config = parse(MINIMAL.replace("  dev: {}", "  dev: {account: \"111122223333\"}")
                .replace("    domain: notes.example.com\n", "    domain: notes.example.com\n    account: \"444455556666\"\n"));
        assertThat(config.environments()).containsOnlyKeys("dev", "prod");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void sizeTiersMatchTheSeed() {
        assertThat(SizeTier.MICRO.milliVcpu()).isEqualTo(250);
        assertThat(SizeTier.MICRO.memoryMiB()).isEqualTo(512);
        assertThat(SizeTier.LARGE.milliVcpu()).isEqualTo(2000);
        assertThat(SizeTier.LARGE.memoryMiB()).isEqualTo(4096);
    }

    @Test
    void cidrOverlap() {
        Cidr wide = Cidr.parse("10.0.0.0/16", new String[1]).orElseThrow();
        assertThat(wide.overlaps(Cidr.parse("10.0.128.0/17", new String[1]).orElseThrow())).isTrue();
        assertThat(wide.overlaps(Cidr.parse("10.1.0.0/16", new String[1]).orElseThrow())).isFalse();
    }

    @Test
    void aCompleteDeploymentFitsInFifteenLines() {
        assertThat(MINIMAL.lines().count()).isLessThanOrEqualTo(15);
        assertThat(parse(MINIMAL).environments()).containsOnlyKeys("dev", "prod");
    }
}
