package dev.berth.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link FirstInvocation} in a new JVM on target/berth-functions.jar alone (and the test classes), with the
 * environment Lambda would give it: AWS_REGION, credentials, BERTH_SERVICES, and AWS_ENDPOINT_URL to reach moto.
 */
public final class PackagedJar {

    public static final Path JAR = Path.of("target", "berth-functions.jar");
    static final Path TEST_CLASSES = Path.of("target", "test-classes");

    /** A finished run: exit code, everything it printed, and how long the process took from start to exit. */
    public record Run(int exit, String output, long processMillis) {

        /** The JVM's own measure: from its start to the first invocation's end. */
        public long firstInvocationMillis() {
            return output.lines().filter(line -> line.startsWith("first-invocation-ms: "))
                    .mapToLong(line -> Long.parseLong(line.substring("first-invocation-ms: ".length())))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no timing in:\n" + output));
        }
    }

    private PackagedJar() {}

    public static Run run(Map<String, String> environment, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: package the module first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(JAR + java.io.File.pathSeparator + TEST_CLASSES);
        command.add(FirstInvocation.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("BERTH_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the function's JVM did not end within 60 s:\n" + output);
            }
            return new Run(process.exitValue(), output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } finally {
            process.destroyForcibly();
        }
    }

    /** What Lambda sets for a scale-to-zero function, for moto in the given environment. */
    public static Map<String, String> lambdaEnvironment(MotoServer moto, String services) {
        Map<String, String> environment = new HashMap<>(awsEnvironment(moto));
        environment.put("BERTH_SERVICES", services);
        return Map.copyOf(environment);
    }

    /** What Lambda sets for any function: the region and credentials, and here the endpoint of moto. */
    public static Map<String, String> awsEnvironment(MotoServer moto) {
        return Map.of("AWS_REGION", TestClients.REGION.id(),
                "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_SESSION_TOKEN", "testing");
    }
}
