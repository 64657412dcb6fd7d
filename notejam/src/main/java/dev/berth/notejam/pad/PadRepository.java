package dev.berth.notejam.pad;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pads, always through their owner: a pad of another user is as absent as one that never existed. */
@Repository
public class PadRepository {

    public record Pad(long id, String name) {
    }

    private final JdbcClient jdbc;

    PadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Pad> findAllByUser(long userId) {
        return jdbc.sql("SELECT id, name FROM pads WHERE user_id = ? ORDER BY name, id")
                .param(userId).query((rs, row) -> new Pad(rs.getLong(1), rs.getString(2))).list();
    }

    public Optional<Pad> find(long id, long userId) {
        return jdbc.sql("SELECT id, name FROM pads WHERE id = ? AND user_id = ?")
                .params(id, userId).query((rs, row) -> new Pad(rs.getLong(1), rs.getString(2))).optional();
    }

    /** Inserts a pad; with a form token, a pad the same form already created is returned instead of a second one. */
    public long create(long userId, String name, UUID formToken) {
        Optional<Long> inserted = jdbc.sql("INSERT INTO pads (user_id, name, form_token) VALUES (?, ?, ?)"
                        + " ON CONFLICT (user_id, form_token) WHERE form_token IS NOT NULL DO NOTHING RETURNING id")
                .params(userId, name, formToken).query(Long.class).optional();
        return inserted.orElseGet(() -> jdbc.sql("SELECT id FROM pads WHERE user_id = ? AND form_token = ?")
                .params(userId, formToken).query(Long.class).single());
    }

    public boolean rename(long id, long userId, String name) {
        return jdbc.sql("UPDATE pads SET name = ? WHERE id = ? AND user_id = ?").params(name, id, userId).update() == 1;
    }

    /** Deletes the pad; its notes go with it (ON DELETE CASCADE). */
    public boolean delete(long id, long userId) {
        return jdbc.sql("DELETE FROM pads WHERE id = ? AND user_id = ?").params(id, userId).update() == 1;
    }
}
