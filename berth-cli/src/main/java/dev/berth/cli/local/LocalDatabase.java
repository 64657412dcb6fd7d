package dev.berth.cli.local;

import dev.berth.functions.database.DatabaseProvisioner;
import dev.berth.functions.database.ServiceDatabase;
import dev.berth.functions.database.ServiceSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code berth up}'s PostgreSQL: an embedded server (real binaries, its data kept in a directory between runs) where each
 * service gets its own database and login role from the same provisioner the data layer runs on AWS, and a secret of
 * the same shape as there. Locally the server has no TLS: the secret's URLs say {@code sslmode=disable}.
 */
public final class LocalDatabase implements AutoCloseable {

    public static final String LOCAL_TLS = "disable";
    private static final String LOOPBACK = "localhost";

    private final EmbeddedPostgres server;
    private final Passwords passwords;

    private LocalDatabase(EmbeddedPostgres server, Passwords passwords) {
        this.server = server;
        this.passwords = passwords;
    }

    /**
     * Starts the server on its data directory (made on the first run) and any free port, on this machine's loopback
     * alone.
     */
    public static LocalDatabase start(Path data, Passwords passwords) throws IOException {
        return start(data, passwords, Reach.LOOPBACK);
    }

    /**
     * Starts the server where {@code reach} says: the loopback, where initdb trusts the machine's own users as the
     * embedded server always has, and the containers' network, where every role must give its password (SCRAM). The
     * master role has none, so it logs in from the machine alone.
     */
    public static LocalDatabase start(Path data, Passwords passwords, Reach reach) throws IOException {
        Files.createDirectories(data);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", String.join(",", reach.addresses()))
                // Stopped by berth up after the services it serves, not by a hook of its own racing their shutdown.
                .setRegisterShutdownHook(false)
                .start();
        LocalDatabase database = new LocalDatabase(server, passwords);
        if (reach.network() != null) {
            database.admitWithPassword(data.resolve("pg_hba.conf"), reach.network());
        }
        return database;
    }

    /**
     * Where the server listens and whom it admits with a password.
     *
     * @param addresses the addresses it listens on
     * @param network the containers' network (CIDR) admitted with a password, or null
     */
    public record Reach(List<String> addresses, String network) {

        static final Reach LOOPBACK = new Reach(List.of(LocalDatabase.LOOPBACK), null);

        public Reach {
            addresses = List.copyOf(addresses);
        }
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Makes what is missing of a service's database and role, and answers its secret's JSON, as the cloud's secret but
     * for the host, the port and TLS.
     *
     * @param host the name the service reaches this machine by
     */
    public String serviceSecret(String service, String database, String host) throws SQLException {
        ServiceDatabase target = new ServiceDatabase(database, database);
        String password = passwords.of(service + "-database");
        try (Connection master = connect("postgres", "postgres", "")) {
            new DatabaseProvisioner(master, (name, role, rolePassword) -> connect(name, role, rolePassword)).ensure(target, password);
        }
        return new ServiceSecret(host, port(), target, password, host, LOCAL_TLS).json();
    }

    /** The service's database secret when it runs on this machine itself. */
    public String serviceSecret(String service, String database) throws SQLException {
        return serviceSecret(service, database, LOOPBACK);
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + LOOPBACK + ":" + port() + "/" + database, user, password);
    }

    /** One line of pg_hba.conf for the network, written once, then the server told to read the file again. */
    private void admitWithPassword(Path hba, String network) throws IOException {
        String line = "host all all " + network + " scram-sha-256";
        if (Files.readAllLines(hba).stream().noneMatch(line::equals)) {
            Files.writeString(hba, Files.readString(hba) + "# berth up: the containers' network, every role with its password\n"
                    + line + "\n");
        }
        try (Connection master = connect("postgres", "postgres", "")) {
            master.createStatement().execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("PostgreSQL did not reread " + hba + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
