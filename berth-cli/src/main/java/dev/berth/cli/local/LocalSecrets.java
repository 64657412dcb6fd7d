package dev.berth.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The declared secrets' local values: what {@code berth secret set local SERVICE NAME} writes and {@code berth up} gives
 * the services, by the secret's name as Secrets Manager has it in the cloud ({@code PROJECT/local/SERVICE/NAME}). One
 * JSON file under {@code .berth/}, readable by the user alone and never committed ({@code .berth/} ignores itself).
 *
 * @param file the file
 */
public record LocalSecrets(Path file) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The secrets file of the project whose berth.yaml is {@code config}. */
    public static LocalSecrets of(Path config) {
        return LocalState.of(config).secrets();
    }

    public Optional<String> value(String secretName) {
        return Optional.ofNullable(read().get(secretName)).map(node -> node.asText());
    }

    /** Sets one value; the file is replaced whole, so a reader never sees half of it. */
    public void set(String secretName, String value) {
        ObjectNode secrets = read();
        secrets.put(secretName, value);
        try {
            LocalState.prepare(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.deleteIfExists(next);
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(next, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(secrets));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException(new IOException(file + " is not the JSON object berth secret set local writes", e));
        }
    }
}
