package dev.berth.cli;

import dev.berth.functions.database.DatabaseProvisioner;
import dev.berth.functions.database.ServiceDatabase;
import dev.berth.functions.database.ServiceSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * {@code berth up}'s PostgreSQL: an embedded server (real binaries, its data kept in a directory between runs) where each
 * service gets its own database and login role from the same provisioner the data layer runs on AWS, and a secret of
 * the same shape as there. Locally the server has no TLS: the secret's URLs say {@code sslmode=disable}.
 */
final class LocalDatabase implements AutoCloseable {

    static final String LOCAL_TLS = "disable";
    static final String HOST = "localhost";

    private final EmbeddedPostgres server;
    private final Path secrets;

    private LocalDatabase(EmbeddedPostgres server, Path secrets) {
        this.server = server;
        this.secrets = secrets;
    }

    /**
     * Starts the server on its data directory (made on the first run) and any free port.
     *
     * @param data where PostgreSQL keeps its files
     * @param secrets where each role's password is kept, readable by the user alone, so that it survives restarts
     */
    static LocalDatabase start(Path data, Path secrets) throws IOException {
        Files.createDirectories(data);
        Files.createDirectories(secrets);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // Stopped by berth up after the services it serves, not by a hook of its own racing their shutdown.
                .setRegisterShutdownHook(false)
                .start();
        return new LocalDatabase(server, secrets);
    }

    int port() {
        return server.getPort();
    }

    /**
     * Makes what is missing of a service's database and role, and answers its secret's JSON, as the cloud's secret but
     * for the host, the port and TLS.
     */
    String serviceSecret(String service, String database) throws SQLException {
        ServiceDatabase target = new ServiceDatabase(database, database);
        String password = password(service);
        try (Connection master = connect("postgres", "postgres", "")) {
            new DatabaseProvisioner(master, (name, role, rolePassword) -> connect(name, role, rolePassword)).ensure(target, password);
        }
        return new ServiceSecret(HOST, port(), target, password, HOST, LOCAL_TLS).json();
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port() + "/" + database, user, password);
    }

    /** The service's role password, made on the first run and kept in a file only the user may read. */
    private String password(String service) {
        Path file = secrets.resolve(service + "-database");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
            // Letters and digits, as CloudFormation generates the cloud's.
            String password = RandomText.lettersAndDigits(32);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local password of " + service + "'s database in " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
