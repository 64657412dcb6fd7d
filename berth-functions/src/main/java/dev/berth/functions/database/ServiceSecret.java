package dev.berth.functions.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a service reads from its own secret once its database is made: the fields of RDS's secrets ({@code engine},
 * {@code host}, {@code port}, {@code dbname}, {@code username}, {@code password}), the URLs most drivers take, and the
 * same for the host it reads from (a read replica, or the writer when there is none). The postgres:// URLs carry the
 * credentials, percent-encoded; the JDBC URLs carry none, since JDBC takes the user and password apart. Every URL says
 * the TLS mode: {@link #TLS_REQUIRED} on RDS, which requires it; {@code disable} for {@code berth up}'s local
 * PostgreSQL. Its text never shows the password.
 *
 * @param host the writer's endpoint
 * @param port the instance's port
 * @param database the service's database and role
 * @param password the role's password
 * @param readerHost the endpoint the service reads from
 * @param sslMode the URLs' {@code sslmode}
 */
public record ServiceSecret(String host, int port, ServiceDatabase database, String password, String readerHost, String sslMode) {

    /** What RDS requires (its parameter group forces TLS). */
    public static final String TLS_REQUIRED = "require";

    /** The secret's JSON, its fields always in the same order, so that a secret already complete is left as it is. */
    public String json() {
        String userinfo = Userinfo.encode(database.role()) + ":" + Userinfo.encode(password);
        String path = ":" + port + "/" + database.database() + "?sslmode=" + sslMode;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("engine", "postgres");
        fields.put("host", host);
        fields.put("port", port);
        fields.put("dbname", database.database());
        fields.put("username", database.role());
        fields.put("password", password);
        fields.put("url", "postgres://" + userinfo + "@" + host + path);
        fields.put("jdbc_url", "jdbc:postgresql://" + host + path);
        fields.put("reader_host", readerHost);
        fields.put("reader_url", "postgres://" + userinfo + "@" + readerHost + path);
        fields.put("reader_jdbc_url", "jdbc:postgresql://" + readerHost + path);
        return Json.object(fields);
    }

    @Override
    public String toString() {
        return database.role() + "@" + host + ":" + port + "/" + database.database() + " (reader " + readerHost + ")";
    }
}
