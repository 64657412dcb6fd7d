package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a repository says about the service it builds, read without running anything: its Dockerfile (the port it
 * exposes, the path its HEALTHCHECK probes), its build file (a Spring Boot app with Actuator, a PostgreSQL driver) and
 * its Spring configuration (the readiness probe). What {@code berth init} writes into a first berth.yaml.
 *
 * @param name the project's and the service's name, made DNS-safe from the directory's
 * @param dockerfile the Dockerfile, relative to the directory
 * @param port the port the container listens on
 * @param healthCheckPath the path a load balancer should probe, and where it was found
 * @param postgres whether the app talks to PostgreSQL (its driver is a dependency)
 */
record ProjectInspection(String name, String dockerfile, int port, Found healthCheckPath, boolean postgres) {

    /** A value and where it came from, for the comment beside it. */
    record Found(String value, String source) {
    }

    private static final Pattern EXPOSE = Pattern.compile("(?im)^\\s*EXPOSE\\s+(\\d{1,5})");
    private static final Pattern HEALTHCHECK_URL = Pattern.compile("(?im)^\\s*HEALTHCHECK\\b.*?https?://(?:localhost|127\\.0\\.0\\.1)(?::\\d+)?(/[^\\s\"'|;&]*)");
    private static final Pattern SERVER_PORT = Pattern.compile("(?m)^\\s*server\\.port\\s*[=:]\\s*(\\d{1,5})\\s*$");
    private static final int DEFAULT_PORT = 8080;
    private static final int MAX_NAME = 20;

    /**
     * @throws UsageFailure when the directory has no Dockerfile: Berth deploys containers
     */
    static ProjectInspection of(Path directory) {
        if (!Files.isRegularFile(directory.resolve("Dockerfile"))) {
            throw new UsageFailure("berth: no Dockerfile in " + directory + ": Berth runs the app as a container on AWS; add a"
                    + " Dockerfile (its EXPOSE line says the port), then run berth init again");
        }
        String dockerfile = read(directory.resolve("Dockerfile"));
        String build = read(directory.resolve("pom.xml")) + read(directory.resolve("build.gradle")) + read(directory.resolve("build.gradle.kts"));
        String springConfig = springConfiguration(directory);
        int port = firstNumber(EXPOSE, dockerfile).or(() -> firstNumber(SERVER_PORT, springConfig)).orElse(DEFAULT_PORT);
        return new ProjectInspection(name(directory), "Dockerfile", port, healthCheckPath(dockerfile, build, springConfig),
                build.contains("org.postgresql"));
    }

    /** The HEALTHCHECK's path; else Actuator's readiness group where the app turns probes on, else Actuator's health; else /. */
    private static Found healthCheckPath(String dockerfile, String build, String springConfig) {
        Matcher healthcheck = HEALTHCHECK_URL.matcher(dockerfile);
        if (healthcheck.find()) {
            return new Found(healthcheck.group(1), "the Dockerfile's HEALTHCHECK");
        }
        if (build.contains("spring-boot-starter-actuator")) {
            return springConfig.contains("probes")
                    ? new Found("/actuator/health/readiness", "Spring Boot Actuator's readiness group (the app turns probes on)")
                    : new Found("/actuator/health", "Spring Boot Actuator");
        }
        return new Found("/", "nothing found: any answer below 400 at / counts; set a real health path");
    }

    /** The directory's name as berth.yaml's project takes it: lowercase letters, digits and '-', a letter first. */
    static String name(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        String raw = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME).replaceAll("-+$", "");
        }
        return name.isEmpty() ? "app" : name;
    }

    private static String springConfiguration(Path directory) {
        StringBuilder text = new StringBuilder();
        for (String file : List.of("application.properties", "application.yaml", "application.yml")) {
            text.append(read(directory.resolve("src/main/resources").resolve(file)));
        }
        return text.toString();
    }

    private static Optional<Integer> firstNumber(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            int value = Integer.parseInt(matcher.group(1));
            if (value >= 1 && value <= 65535) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
