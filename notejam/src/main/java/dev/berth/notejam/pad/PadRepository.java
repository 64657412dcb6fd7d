package dev.berth.notejam.pad;

import java.util.List;
import java.util.Optional;
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

    public long create(long userId, String name) {
        return jdbc.sql("INSERT INTO pads (user_id, name) VALUES (?, ?) RETURNING id")
                .params(userId, name).query(Long.class).single();
    }

    public boolean rename(long id, long userId, String name) {
        return jdbc.sql("UPDATE pads SET name = ? WHERE id = ? AND user_id = ?").params(name, id, userId).update() == 1;
    }

    /** Deletes the pad; its notes go with it (ON DELETE CASCADE). */
    public boolean delete(long id, long userId) {
        return jdbc.sql("DELETE FROM pads WHERE id = ? AND user_id = ?").params(id, userId).update() == 1;
    }
}
