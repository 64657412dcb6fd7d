package dev.berth.notejam.note;

import dev.berth.notejam.system.Sorting;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Notes, always through their owner. */
@Repository
public class NoteRepository {

    /** A line of a note list. */
    public record Summary(long id, String name, Instant updatedAt, Long padId, String padName) {
    }

    /** A whole note. */
    public record Note(long id, String name, String text, Instant updatedAt, Long padId, String padName) {
    }

    /** One page of a sorted list, and how many notes the whole list has. */
    public record Page(List<Summary> notes, long total, int number, int size) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return number > 1;
        }

        public boolean hasNext() {
            return number < pages();
        }
    }

    private final JdbcClient jdbc;

    NoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A page of the user's notes, or of one pad's ({@code padId} not null; its ownership already checked). One
     * query: the total comes along with the rows ({@code count(*) OVER ()}); only a page past the end costs a
     * second one.
     */
    public Page page(long userId, Long padId, Sorting sorting, int page, int size) {
        int number = Math.max(1, page);
        String where = padId == null ? "n.user_id = :user" : "n.user_id = :user AND n.pad_id = :pad";
        long[] total = {0};
        List<Summary> rows = jdbc.sql("SELECT n.id, n.name, n.updated_at, p.id, p.name, count(*) OVER ()"
                        + " FROM notes n LEFT JOIN pads p ON p.id = n.pad_id WHERE " + where
                        + " ORDER BY " + sorting.orderBy() + " LIMIT :limit OFFSET :offset")
                .param("user", userId)
                .param("pad", padId)
                .param("limit", size)
                .param("offset", (long) (number - 1) * size)
                .query((rs, row) -> {
                    total[0] = rs.getLong(6);
                    long pad = rs.getLong(4);
                    Long notePad = rs.wasNull() ? null : pad;
                    return new Summary(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), notePad, rs.getString(5));
                })
                .list();
        if (rows.isEmpty() && number > 1) {
            total[0] = jdbc.sql("SELECT count(*) FROM notes n WHERE " + where)
                    .param("user", userId).param("pad", padId).query(Long.class).single();
        }
        return new Page(rows, total[0], number, size);
    }

    public Optional<Note> find(long id, long userId) {
        return jdbc.sql("SELECT n.id, n.name, n.text, n.updated_at, p.id, p.name FROM notes n"
                        + " LEFT JOIN pads p ON p.id = n.pad_id WHERE n.id = ? AND n.user_id = ?")
                .params(id, userId)
                .query((rs, row) -> {
                    long pad = rs.getLong(5);
                    boolean noPad = rs.wasNull();
                    return new Note(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            noPad ? null : pad, rs.getString(6));
                })
                .optional();
    }

    /**
     * Inserts a note; {@code padId}, when given, must already be known to be the user's. With a form token, a note
     * the same form already created is returned instead of a second one.
     */
    public long create(long userId, Long padId, String name, String text, UUID formToken) {
        Optional<Long> inserted = jdbc.sql("INSERT INTO notes (user_id, pad_id, name, text, form_token) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (user_id, form_token) WHERE form_token IS NOT NULL DO NOTHING RETURNING id")
                .params(userId, padId, name, text, formToken).query(Long.class).optional();
        // On a conflict the first post's note may have committed after this statement began: look in a new one.
        return inserted.orElseGet(() -> jdbc.sql("SELECT id FROM notes WHERE user_id = ? AND form_token = ?")
                .params(userId, formToken).query(Long.class).single());
    }

    public boolean update(long id, long userId, Long padId, String name, String text) {
        return jdbc.sql("UPDATE notes SET pad_id = ?, name = ?, text = ?, updated_at = now() WHERE id = ? AND user_id = ?")
                .params(padId, name, text, id, userId).update() == 1;
    }

    public boolean delete(long id, long userId) {
        return jdbc.sql("DELETE FROM notes WHERE id = ? AND user_id = ?").params(id, userId).update() == 1;
    }
}
