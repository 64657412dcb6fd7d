-- The statements a signed-in GET / needs for its page, as PostgreSQL's statement log shows them
-- (log_statement=all): a page of the user's notes with their total, and the user's pads. Spring Session's
-- bookkeeping (loading the session, saving its access time) is left out: this is the database's ceiling
-- for the page itself. Each transaction is one of the seeded users, picked at random as wrk spreads its
-- requests over the signed-in users.
\set uid random(:first_uid, :last_uid)
SELECT n.id, n.name, n.updated_at, p.id, p.name, count(*) OVER () FROM notes n LEFT JOIN pads p ON p.id = n.pad_id
WHERE n.user_id = :uid ORDER BY n.updated_at DESC, n.id DESC LIMIT 10 OFFSET 0;
SELECT id, name FROM pads WHERE user_id = :uid ORDER BY name, id;
