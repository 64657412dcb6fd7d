package dev.berth.notejam.user;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

    /** A stored user: the password is the encoder's hash, never the password. */
    public record Account(long id, String email, String passwordHash) {
    }

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> findByEmail(String email) {
        return jdbc.sql("SELECT id, email, password FROM users WHERE lower(email) = lower(?)")
                .param(email)
                .query((rs, row) -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    public Optional<Account> findById(long id) {
        return jdbc.sql("SELECT id, email, password FROM users WHERE id = ?")
                .param(id)
                .query((rs, row) -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    public boolean emailTaken(String email) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(?))").param(email)
                .query(Boolean.class).single();
    }

    public long create(String email, String passwordHash) {
        return jdbc.sql("INSERT INTO users (email, password) VALUES (?, ?) RETURNING id")
                .params(email, passwordHash).query(Long.class).single();
    }

    public void updatePassword(long id, String passwordHash) {
        jdbc.sql("UPDATE users SET password = ? WHERE id = ?").params(passwordHash, id).update();
    }
}
