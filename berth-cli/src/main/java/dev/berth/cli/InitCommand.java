package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Writes a first berth.yaml from what the project says.",
                "It reads the Dockerfile (the port of EXPOSE, the path of HEALTHCHECK), the build file (Spring Boot"
                        + " Actuator, a PostgreSQL driver) and the Spring configuration, asks nothing, and writes a commented"
                        + " berth.yaml with one service and a dev environment that berth plan dev accepts. It never"
                        + " overwrites a berth.yaml."})
final class InitCommand implements Callable<Integer> {

    /** The region written when neither --region nor the AWS variables name one; the file says to change it. */
    static final String DEFAULT_REGION = "eu-central-1";

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "The project's directory, where berth.yaml is written (default: the current one).")
    Path directory;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The AWS region (default: AWS_REGION, else AWS_DEFAULT_REGION, else " + DEFAULT_REGION + ").")
    String region;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path file = directory.resolve("berth.yaml");
        if (Files.exists(file)) {
            throw new UsageFailure("berth: " + file + " exists, and berth init never overwrites one: edit it, or move it away"
                    + " and run berth init again");
        }
        ProjectInspection project = ProjectInspection.of(directory);
        Map<String, String> environment = System.getenv();
        String chosenRegion = region != null ? region : environment.getOrDefault("AWS_REGION",
                environment.getOrDefault("AWS_DEFAULT_REGION", DEFAULT_REGION));
        try {
            Files.writeString(file, yaml(project, chosenRegion, region != null || environment.containsKey("AWS_REGION")
                    || environment.containsKey("AWS_DEFAULT_REGION")), StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        spec.commandLine().getOut().println("berth: wrote " + file + " (service " + project.name() + " on port " + project.port()
                + ", health " + project.healthCheckPath().value() + (project.postgres() ? ", its own PostgreSQL database" : "")
                + "); next: berth plan dev --config " + file);
        return Berth.OK;
    }

    /** The file, each line saying where its value came from. */
    static String yaml(ProjectInspection project, String region, boolean regionGiven) {
        StringBuilder yaml = new StringBuilder("""
                # Written by berth init from what this directory says; every key is in docs/berth-yaml.md.
                # Plan it with `berth plan dev`; deploy it with `berth deploy dev` (AWS credentials needed).
                """);
        yaml.append("project: ").append(project.name()).append("                      # every stack and resource name starts with it\n");
        yaml.append("region: ").append(region).append(regionGiven ? "                # where every environment deploys\n"
                : "                # no AWS_REGION here: change it to yours\n");
        yaml.append("services:\n");
        yaml.append("  - name: ").append(project.name()).append('\n');
        yaml.append("    image: {build: ., dockerfile: ").append(project.dockerfile())
                .append("}   # berth push builds it into each environment's own ECR repository\n");
        yaml.append("    port: ").append(project.port()).append("                         # the port the container listens on (EXPOSE)\n");
        yaml.append("    health_check: ").append(project.healthCheckPath().value()).append("   # from ")
                .append(project.healthCheckPath().source()).append('\n');
        yaml.append("    size: small                        # 0.5 vCPU and 1 GB a task; micro, medium, large\n");
        if (project.postgres()) {
            yaml.append("    database: true                     # a PostgreSQL database and role of its own, as DB_SECRET (RDS's JSON)\n");
        }
        yaml.append("""
                environments:
                  dev: {}                              # one NAT, Fargate Spot, HTTP at CloudFront's address, asleep nights and weekends
                  # prod:                              # NAT per zone, Fargate, Multi-AZ database, deletion protection
                  #   domain: app.example.com          # HTTPS at your domain: its certificate is made and validated by DNS
                  #   cidr: 10.1.0.0/16                # its own range, so dev and prod can be peered
                """);
        return yaml.toString();
    }
}
