package dev.berth.functions.database;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The SQL function: the SQL part of a service's database, run inside the VPC, in the isolated data subnets, where it
 * reaches the instance and no AWS API. The database resources' function invokes it synchronously with a
 * {@link SqlRequest}'s payload; it connects to the instance's {@code postgres} database as the master user, runs
 * {@link DatabaseProvisioner#ensure}, and answers {@code {"made": ["role orders", "database orders"]}}. A failure is
 * thrown with a message that names the database and PostgreSQL's SQL state, never a password.
 *
 * <p>Connections take TLS ({@code sslmode=require}: RDS refuses any other) without verifying the instance's
 * certificate: the host comes from the master secret CloudFormation wrote, and is resolved and reached inside the
 * VPC's isolated subnets, which have no route out, so a party that could answer in the instance's place would
 * already control the VPC. Verifying ({@code verify-full}) would need RDS's CA bundle in the jar, kept current as RDS
 * rotates its authorities.
 */
public final class DatabaseSqlHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Seconds to open a connection; an instance out of reach fails with a message long before the function's timeout. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Seconds a statement's answer may take: CREATE DATABASE copies a template, seconds at most on RDS. */
    static final int READ_TIMEOUT_SECONDS = 60;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        return Map.of("made", ensure(SqlRequest.fromPayload(payload)));
    }

    /** Makes what is missing of the request's database and role; answers what it made. */
    List<String> ensure(SqlRequest request) {
        MasterConnection instance = request.master();
        try (Connection master = connect(instance, "postgres", instance.username(), instance.password())) {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(master,
                    (database, role, password) -> connect(instance, database, role, password));
            List<String> made = provisioner.ensure(request.target(), request.password()).describe(request.target());
            System.out.println("berth database sql: " + request + ": " + (made.isEmpty() ? "nothing to make" : "made " + String.join(", ", made)));
            return made;
        } catch (SQLException failure) {
            // The cause stays behind: the runtime would log its message, which PostgreSQL wrote and this one redacts.
            throw new IllegalStateException(request.redact("could not make database " + request.target().database()
                    + " (role " + request.target().role() + ") on " + instance.host() + ":" + instance.port()
                    + ": SQL state " + failure.getSQLState() + ": " + failure.getMessage()));
        }
    }

    private static Connection connect(MasterConnection instance, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "require");
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(READ_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "berth database sql");
        return DriverManager.getConnection("jdbc:postgresql://" + instance.host() + ":" + instance.port() + "/" + database, properties);
    }
}
