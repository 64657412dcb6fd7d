-- The statements a signed-in GET / issues, as the PostgreSQL log shows them (log_statement=all), in order:
-- Spring Session loads the session, the page lists a page of notes and the pads, Spring Session saves the
-- access time, and loads the session once more. Each pgbench client is one signed-in user: the first line
-- picks its session from bench_sessions (an extra primary-key lookup the app does not make).
SELECT sid, pid, uid FROM bench_sessions WHERE client = :client_id \gset
BEGIN;
SELECT S.PRIMARY_ID, S.SESSION_ID, S.CREATION_TIME, S.LAST_ACCESS_TIME, S.MAX_INACTIVE_INTERVAL, SA.ATTRIBUTE_NAME, SA.ATTRIBUTE_BYTES
FROM SPRING_SESSION S LEFT JOIN SPRING_SESSION_ATTRIBUTES SA ON S.PRIMARY_ID = SA.SESSION_PRIMARY_ID WHERE S.SESSION_ID = :sid;
COMMIT;
SELECT n.id, n.name, n.updated_at, p.id, p.name, count(*) OVER () FROM notes n LEFT JOIN pads p ON p.id = n.pad_id
WHERE n.user_id = :uid ORDER BY n.updated_at DESC, n.id DESC LIMIT 10 OFFSET 0;
SELECT id, name FROM pads WHERE user_id = :uid ORDER BY name, id;
BEGIN;
UPDATE SPRING_SESSION SET SESSION_ID = :sid, LAST_ACCESS_TIME = (extract(epoch FROM now()) * 1000)::bigint,
  MAX_INACTIVE_INTERVAL = 43200, EXPIRY_TIME = (extract(epoch FROM now()) * 1000)::bigint + 43200000,
  PRINCIPAL_NAME = PRINCIPAL_NAME WHERE PRIMARY_ID = :pid;
COMMIT;
BEGIN;
SELECT S.PRIMARY_ID, S.SESSION_ID, S.CREATION_TIME, S.LAST_ACCESS_TIME, S.MAX_INACTIVE_INTERVAL, SA.ATTRIBUTE_NAME, SA.ATTRIBUTE_BYTES
FROM SPRING_SESSION S LEFT JOIN SPRING_SESSION_ATTRIBUTES SA ON S.PRIMARY_ID = SA.SESSION_PRIMARY_ID WHERE S.SESSION_ID = :sid;
COMMIT;
