package dev.berth.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A project's local state: {@code .berth/} beside its berth.yaml. PostgreSQL's and Redis's data, the buckets' objects,
 * the passwords made for them and the local secrets' values live there between runs; the directory ignores itself in
 * git, whatever the project's .gitignore says.
 *
 * @param directory the {@code .berth} directory
 */
public record LocalState(Path directory) {

    /** What {@code --fresh} empties: the data, not the secrets a person typed. */
    private static final List<String> DATA = List.of("postgres", "redis", "buckets", "passwords");

    public static LocalState of(Path config) {
        return new LocalState(config.toAbsolutePath().normalize().resolveSibling(".berth"));
    }

    /** Makes the directory, with the .gitignore that keeps it out of commits. */
    static void prepare(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path ignore = directory.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            Files.writeString(ignore, "# berth up's local state: data, passwords, secrets. Never committed.\n*\n");
        }
    }

    public LocalState prepared() throws IOException {
        prepare(directory);
        adoptEarlierLayout();
        return this;
    }

    /** Notejam's data where berth up kept it before it ran any berth.yaml (.berth/notejam/), moved, not lost. */
    private void adoptEarlierLayout() throws IOException {
        Path earlier = directory.resolve("notejam");
        if (Files.isDirectory(earlier.resolve("postgres")) && !Files.exists(postgres())) {
            Files.move(earlier.resolve("postgres"), postgres());
            if (Files.isDirectory(earlier.resolve("secrets")) && !Files.exists(passwords().directory())) {
                Files.move(earlier.resolve("secrets"), passwords().directory());
            }
        }
    }

    Path postgres() {
        return directory.resolve("postgres");
    }

    Path redis() {
        return directory.resolve("redis");
    }

    Path buckets() {
        return directory.resolve("buckets");
    }

    /** The declared secrets' local values. */
    LocalSecrets secrets() {
        return new LocalSecrets(directory.resolve("secrets.json"));
    }

    Passwords passwords() {
        return new Passwords(directory.resolve("passwords"));
    }

    /** Where jars are extracted before they run. */
    Path work() {
        return directory.resolve("app");
    }

    /** Deletes the data kept between runs; the local secrets' values stay. */
    public void clearData() throws IOException {
        for (String name : DATA) {
            Path data = directory.resolve(name);
            if (Files.exists(data)) {
                try (Stream<Path> files = Files.walk(data)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }
}
