package dev.berth.cli.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Spring Boot service run as a plain Java process, from the jar its Maven module builds, where there is no container
 * engine: Notejam on a fresh clone. It listens on a free port given as {@code --server.port}; the entry point forwards
 * to it.
 */
public final class JarService implements RunningService {

    private final String name;
    private final LocalProcess process;
    private final int port;

    private JarService(String name, LocalProcess process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * The runnable jar of a service whose Dockerfile sits in a Maven module of this repository ({@code MODULE/target/MODULE.jar},
     * as Notejam's build names it), if it is built.
     */
    static Optional<Path> jarOf(Path dockerfile) {
        Path module = dockerfile.toAbsolutePath().normalize().getParent();
        if (module == null || !Files.isRegularFile(module.resolve("pom.xml"))) {
            return Optional.empty();
        }
        Path jar = module.resolve("target").resolve(module.getFileName() + ".jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /**
     * Starts the jar, extracted into {@code work} first.
     *
     * @param variables its environment: the task definition's variables, valued locally
     */
    static JarService start(String name, Path jar, Path work, Map<String, String> variables, LogSink log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = FreePort.any();
        List<String> command = new ArrayList<>(List.of(java, "-jar", extracted(java, jar, work).toString(), "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(variables);
        return new JarService(name, LocalProcess.start(builder, name, log, null), port);
    }

    /**
     * The jar as its image runs it, extracted into plain jars: run as one executable jar, Spring Boot's nested-jar class
     * loader can deadlock under virtual threads while classes still load (spring-projects/spring-boot#51463). The
     * extraction is made again when the jar is newer.
     */
    public static Path extracted(String java, Path jar, Path directory) throws IOException {
        Path launcher = directory.resolve(jar.getFileName());
        if (Files.isRegularFile(launcher) && !Files.getLastModifiedTime(jar).toInstant().isAfter(
                Files.getLastModifiedTime(launcher).toInstant())) {
            return launcher;
        }
        try {
            Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force",
                    "--destination", directory.toString()).redirectErrorStream(true).start();
            String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (extract.waitFor() != 0) {
                throw new IOException("could not extract " + jar + " into " + directory + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + jar, e);
        }
        return launcher;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI address() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public boolean alive() {
        return process.alive();
    }

    @Override
    public void stop(Duration grace) {
        process.stop(grace);
    }

    @Override
    public void kill() {
        process.kill();
    }
}
