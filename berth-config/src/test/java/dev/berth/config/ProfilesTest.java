package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProfilesTest {

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

    @Test
    void devProfileDefaults() {
        Environment dev = parse(MINIMAL).environment("dev").orElseThrow();
        assertThat(dev.profile()).isEqualTo(Profile.DEV);
        assertThat(dev.nat()).isEqualTo(NatMode.SINGLE);
        assertThat(dev.allowHttp()).isTrue();
        assertThat(dev.compute()).isEqualTo(ComputeStrategy.FARGATE_SPOT);
        assertThat(dev.multiAz()).isFalse();
        assertThat(dev.deletionProtection()).isFalse();
        assertThat(dev.backupRetentionDays()).isEqualTo(1);
        assertThat(dev.logRetentionDays()).isEqualTo(7);
        assertThat(dev.interfaceEndpoints()).isFalse();
        assertThat(dev.cidr()).isEqualTo("10.0.0.0/16");
        assertThat(dev.azs()).isEqualTo(2);
    }

    @Test
    void prodProfileDefaults() {
        Environment prod = parse(MINIMAL).environment("prod").orElseThrow();
        assertThat(prod.profile()).isEqualTo(Profile.PROD);
        assertThat(prod.nat()).isEqualTo(NatMode.PER_AZ);
        assertThat(prod.allowHttp()).isFalse();
        assertThat(prod.compute()).isEqualTo(ComputeStrategy.FARGATE);
        assertThat(prod.multiAz()).isTrue();
        assertThat(prod.deletionProtection()).isTrue();
        assertThat(prod.backupRetentionDays()).isEqualTo(7);
        assertThat(prod.logRetentionDays()).isEqualTo(90);
        assertThat(prod.servesHttps()).isTrue();
    }

    @Test
    void explicitValuesBeatTheProfile() {
        Environment prod = parse(MINIMAL.replace("    domain: notes.example.com\n", """
                    domain: notes.example.com
                    nat: single
                    multi_az: false
                    backup_retention_days: 30
                    compute: {fargate: 1, fargate-spot: 3}
                    database: {instance_class: db.r6g.large}
                """)).environment("prod").orElseThrow();
        assertThat(prod.nat()).isEqualTo(NatMode.SINGLE);
        assertThat(prod.multiAz()).isFalse();
        assertThat(prod.backupRetentionDays()).isEqualTo(30);
        assertThat(prod.compute()).isEqualTo(new ComputeStrategy(1, 3));
        assertThat(prod.compute().fargateBase()).isEqualTo(1);
        assertThat(prod.database().instanceClass()).isEqualTo("db.r6g.large");
        assertThat(prod.database().postgresMajor()).isEqualTo(16);
    }

    @Test
    void namedAvailabilityZonesSetTheirCount() {
        Environment dev = parse(MINIMAL.replace("  dev: {}", "  dev: {availability_zones: [eu-central-1b, eu-central-1c]}"))
                .environment("dev").orElseThrow();
        assertThat(dev.availabilityZones()).containsExactly("eu-central-1b", "eu-central-1c");
        assertThat(dev.azs()).isEqualTo(2);
        assertThat(parse(MINIMAL).environment("dev").orElseThrow().availabilityZones()).isEmpty();
    }

    @Test
    void noNatTurnsInterfaceEndpointsOn() {
        Environment dev = parse(MINIMAL.replace("  dev: {}", "  dev: {nat: none}")).environment("dev").orElseThrow();
        assertThat(dev.nat()).isEqualTo(NatMode.NONE);
        assertThat(dev.interfaceEndpoints()).isTrue();
    }

    @Test
    void serviceDefaults() {
        ServiceSpec web = parse(MINIMAL).services().getFirst();
        assertThat(web.size()).isEqualTo(SizeTier.SMALL);
        assertThat(web.minTasks()).isEqualTo(1);
        assertThat(web.maxTasks()).isEqualTo(4);
        assertThat(web.scaling()).isEqualTo(ScalingTargets.DEFAULT);
        assertThat(web.image()).isEqualTo(new ImageSource.EcrRepository("notejam"));
        assertThat(web.isDefaultRoute()).isTrue();
    }

    @Test
    void sizeTiersMatchTheSeed() {
        assertThat(SizeTier.MICRO.cpuUnits()).isEqualTo(256);
        assertThat(SizeTier.MICRO.memoryMiB()).isEqualTo(512);
        assertThat(SizeTier.LARGE.cpuUnits()).isEqualTo(2048);
        assertThat(SizeTier.LARGE.memoryMiB()).isEqualTo(4096);
    }

    @Test
    void aCompleteDeploymentFitsInFifteenLines() {
        assertThat(MINIMAL.lines().count()).isLessThanOrEqualTo(15);
        assertThat(parse(MINIMAL).environments()).containsOnlyKeys("dev", "prod");
    }
}
