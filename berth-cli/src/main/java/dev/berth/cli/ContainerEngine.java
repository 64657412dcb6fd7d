package dev.berth.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine's container engine, docker or podman, driven through its command line. An engine counts only if it
 * answers: a docker client without a daemon does not.
 */
public final class ContainerEngine {

    /** Names the engine to use instead of looking for one. */
    public static final String ENGINE_VARIABLE = "BERTH_CONTAINER_ENGINE";
    /** Fargate's platform, which pushed images are built for. */
    static final String FARGATE_PLATFORM = "linux/amd64";

    private final String executable;
    private final PrintWriter log;

    private ContainerEngine(String executable, PrintWriter log) {
        this.executable = executable;
        this.log = log;
    }

    static ContainerEngine find(Map<String, String> environment, PrintWriter log) {
        return available(environment, log).orElseThrow(() -> new UsageFailure("berth: no container engine to build images with:"
                + " install docker (with its daemon running) or podman" + unanswered(environment)));
    }

    /** The engine {@link #ENGINE_VARIABLE} names, else docker or podman, whichever answers first; empty when none does. */
    public static Optional<ContainerEngine> available(Map<String, String> environment, PrintWriter log) {
        String chosen = environment.get(ENGINE_VARIABLE);
        List<String> candidates = chosen != null && !chosen.isBlank() ? List.of(chosen) : List.of("docker", "podman");
        return candidates.stream().filter(ContainerEngine::answers).findFirst().map(candidate -> new ContainerEngine(candidate, log));
    }

    /** Why the engine {@link #ENGINE_VARIABLE} chose is not used, for a message; empty when it names none. */
    public static String unanswered(Map<String, String> environment) {
        String chosen = environment.get(ENGINE_VARIABLE);
        return chosen != null && !chosen.isBlank() ? "; " + ENGINE_VARIABLE + "=" + chosen + " does not answer" : "";
    }

    public String name() {
        return executable;
    }

    public boolean isPodman() {
        return executable.endsWith("podman");
    }

    private static boolean answers(String executable) {
        try {
            Process info = new ProcessBuilder(executable, "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!info.waitFor(30, TimeUnit.SECONDS)) {
                info.destroyForcibly();
                return false;
            }
            return info.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Builds {@code image} from a Dockerfile in its context, for the platform Fargate runs. */
    void build(Path context, String dockerfile, String image, List<String> buildArguments, List<String> engineOptions) {
        buildHere(context, dockerfile, image, buildArguments, withPlatform(engineOptions, FARGATE_PLATFORM));
    }

    /** Builds {@code image} from a Dockerfile in its context, for this machine unless the options name a platform. */
    public void buildHere(Path context, String dockerfile, String image, List<String> buildArguments, List<String> engineOptions) {
        List<String> command = new ArrayList<>(List.of(executable, "build",
                "--file", context.resolve(dockerfile).toString(), "--tag", image));
        if (isPodman()) {
            // Docker's manifest format keeps HEALTHCHECK and is what every registry takes.
            command.addAll(List.of("--format", "docker"));
        }
        for (String argument : buildArguments) {
            command.addAll(List.of("--build-arg", argument));
        }
        command.addAll(engineOptions);
        command.add(context.toString());
        run(command, null, "build " + image);
    }

    private static List<String> withPlatform(List<String> engineOptions, String platform) {
        List<String> options = new ArrayList<>(List.of("--platform", platform));
        options.addAll(engineOptions);
        return options;
    }

    /**
     * Runs the engine with {@code arguments} and answers what it printed, trimmed.
     *
     * @throws EngineFailure when it fails, with what it printed
     */
    public String output(String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new EngineFailure("berth: " + executable + " " + String.join(" ", arguments) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new EngineFailure("berth: " + executable + " " + arguments[0] + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineFailure("berth: interrupted while " + executable + " " + arguments[0] + " ran");
        }
    }

    /** Logs in to a registry; the password goes through standard input, never the command line. */
    void login(String registry, String username, String password) {
        run(List.of(executable, "login", "--username", username, "--password-stdin", registry), password, "log in to " + registry);
    }

    void push(String image) {
        run(List.of(executable, "push", image), null, "push " + image);
    }

    private void run(List<String> command, String input, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            process.inputReader(StandardCharsets.UTF_8).lines().forEach(line -> {
                log.println(line);
                log.flush();
            });
            int exit = process.waitFor();
            if (exit != 0) {
                throw new EngineFailure("berth: " + executable + " could not " + what + " (exit " + exit + ")");
            }
        } catch (IOException e) {
            throw new EngineFailure("berth: " + executable + " could not " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineFailure("berth: interrupted while " + executable + " was to " + what);
        }
    }

    /** The engine ran and failed: a build error, a refused push. Not a usage error. */
    public static final class EngineFailure extends RuntimeException {
        EngineFailure(String message) {
            super(message);
        }
    }
}
