package dev.berth.platform.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Where the built {@code berth-functions.jar} is: the system property {@value #PROPERTY} when set; else under the
 * Berth home the {@code berth} script passes ({@code berth.home}); else under the working directory or one of its
 * parents (a module's tests run in the module's directory).
 */
public final class FunctionsJar {

    public static final String PROPERTY = "berth.functions.jar";
    static final Path IN_REPOSITORY = Path.of("berth-functions", "target", "berth-functions.jar");

    private FunctionsJar() {
    }

    /** The jar; fails naming the places looked in when it is not built. */
    public static Path locate() {
        List<Path> candidates = candidates();
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "the scale-to-zero functions are not built (looked for " + candidates + "): run ./mvnw -pl berth-functions package"));
    }

    /**
     * A function of the jar with a role and a log group of its own (encrypted, with retention): no managed policy, so it
     * writes to its own log group alone. The caller adds what else the function needs and builds it.
     *
     * @param scope where the role, log group and function are made, under ids {@code ID}Role, {@code ID}Logs, {@code ID}Function
     */
    public static Function.Builder function(Construct scope, String id, Path jar, String handler, String description,
            Resources resources) {
        Role role = Role.Builder.create(scope, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
                .retention(resources.logRetention())
                .encryptionKey(resources.key())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logs.grantWrite(role);
        return Function.Builder.create(scope, id + "Function")
                .description(description)
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(Code.fromAsset(jar.toString()))
                .memorySize(resources.memoryMiB())
                .timeout(resources.timeout())
                .role(role)
                .logGroup(logs);
    }

    /**
     * @param memoryMiB the function's memory
     * @param timeout how long an invocation may run
     * @param key encrypts its log group
     * @param logRetention how long its logs are kept
     */
    public record Resources(int memoryMiB, Duration timeout, IKey key, RetentionDays logRetention) {
    }

    private static List<Path> candidates() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null) {
            return List.of(Path.of(explicit).toAbsolutePath());
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("berth.home")).map(home -> Path.of(home).toAbsolutePath().resolve(IN_REPOSITORY))
                .ifPresent(candidates::add);
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            candidates.add(directory.resolve(IN_REPOSITORY));
        }
        return candidates;
    }
}
