package dev.berth.cli.local;

import dev.berth.cli.RandomText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The passwords {@code berth up} makes for its PostgreSQL roles and its Redis, each made on the first run and kept in a
 * file of its own that only the user may read, so that data kept between runs stays reachable.
 *
 * @param directory where the files are
 */
public record Passwords(Path directory) {

    /** The password named {@code name}, made now when there is none yet. */
    public String of(String name) {
        Path file = directory.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(directory);
            // Letters and digits, as CloudFormation generates the cloud's.
            String password = RandomText.lettersAndDigits(32);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local password " + name + " in " + file, e);
        }
    }
}
