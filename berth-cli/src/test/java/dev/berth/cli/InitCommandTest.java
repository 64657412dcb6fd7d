package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth init in a copy of Notejam's module, which has no berth.yaml of its own: a file berth plan dev accepts. */
class InitCommandTest {

    static final Path NOTEJAM = BerthCliTest.HOME.resolve("notejam");

    /** Notejam's Dockerfile, build file and configuration: what init reads, in a directory named like the module. */
    static Path copyOfNotejam(Path temp) throws IOException {
        Path copy = temp.resolve("notejam");
        Files.createDirectories(copy.resolve("src/main/resources"));
        Files.copy(NOTEJAM.resolve("Dockerfile"), copy.resolve("Dockerfile"));
        Files.copy(NOTEJAM.resolve("pom.xml"), copy.resolve("pom.xml"));
        try (Stream<Path> resources = Files.list(NOTEJAM.resolve("src/main/resources"))) {
            for (Path file : resources.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve("src/main/resources").resolve(file.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void writesWhatNotejamSaysAndPlanAcceptsIt(@TempDir Path temp) throws IOException {
        Path project = copyOfNotejam(temp);
        BerthCliTest.Run init = BerthCliTest.berth("init", "--dir", project.toString(), "--region", "eu-central-1");
        assertThat(init.exit()).as(init.err()).isZero();
        Path file = project.resolve("berth.yaml");
        assertThat(init.out()).contains("berth: wrote " + file).contains("next: berth plan dev --config " + file);
        String yaml = Files.readString(file);
        assertThat(yaml).contains("project: notejam").contains("port: 8080").contains("# the port the container listens on (EXPOSE)")
                .contains("health_check: /actuator/health/readiness").contains("database: true");
        EnvironmentModel dev = BerthYaml.load(file).environment("dev").orElseThrow();
        ServiceModel service = dev.services().all().getFirst();
        assertThat(service.routing().port()).isEqualTo(8080);
        assertThat(service.routing().healthCheckPath()).isEqualTo("/actuator/health/readiness");
        assertThat(service.database()).isPresent();

        BerthCliTest.Run plan = BerthCliTest.berth("plan", "dev", "--config", file.toString(), "--out", temp.resolve("cdk.out").toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan of notejam dev").contains("service   notejam: small");
    }

    @Test
    void neverOverwritesABerthYaml(@TempDir Path temp) throws IOException {
        Path project = copyOfNotejam(temp);
        Files.writeString(project.resolve("berth.yaml"), "# mine\n");
        BerthCliTest.Run init = BerthCliTest.berth("init", "--dir", project.toString());
        assertThat(init.exit()).isEqualTo(2);
        assertThat(init.err().strip()).isEqualTo("berth: " + project.resolve("berth.yaml") + " exists, and berth init never overwrites"
                + " one: edit it, or move it away and run berth init again");
        assertThat(Files.readString(project.resolve("berth.yaml"))).isEqualTo("# mine\n");
    }

    @Test
    void withoutADockerfileSaysWhatToAdd(@TempDir Path temp) {
        BerthCliTest.Run init = BerthCliTest.berth("init", "--dir", temp.toString());
        assertThat(init.exit()).isEqualTo(2);
        assertThat(init.err()).startsWith("berth: no Dockerfile in " + temp);
        assertThat(temp.resolve("berth.yaml")).doesNotExist();
    }

    @Test
    void aHealthCheckAndPortFromTheDockerfileAndANameMadeDnsSafe(@TempDir Path temp) throws IOException {
        Path project = Files.createDirectories(temp.resolve("2_My Shop.API"));
        Files.writeString(project.resolve("Dockerfile"), """
                FROM node:22
                EXPOSE 3000
                HEALTHCHECK CMD curl -fsS http://localhost:3000/healthz || exit 1
                """);
        ProjectInspection inspection = ProjectInspection.of(project);
        assertThat(inspection.name()).isEqualTo("my-shop-api");
        assertThat(inspection.port()).isEqualTo(3000);
        assertThat(inspection.healthCheckPath().value()).isEqualTo("/healthz");
        assertThat(inspection.postgres()).isFalse();
        assertThat(InitCommand.yaml(inspection, "eu-central-1", false)).contains("region: eu-central-1")
                .contains("# no AWS_REGION here: change it to yours").doesNotContain("database:");
    }
}
