package dev.berth.platform.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
