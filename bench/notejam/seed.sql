-- 100 users with 10 pads and 500 notes each (50,000 notes), all with the password hash of the user the
-- benchmark signed up through the app (psql variable :hash), so any of them can sign in.
INSERT INTO users (email, password)
SELECT 'user' || g || '@bench.example', :'hash' FROM generate_series(1, 100) g;

INSERT INTO pads (user_id, name)
SELECT u.id, 'Pad ' || p FROM users u CROSS JOIN generate_series(1, 10) p WHERE u.email LIKE '%@bench.example';

WITH numbered AS (
    SELECT id, user_id, row_number() OVER (PARTITION BY user_id ORDER BY id) - 1 AS k FROM pads
)
INSERT INTO notes (user_id, pad_id, name, text, created_at, updated_at)
SELECT u.id, np.id, 'Note ' || n, repeat('Some words of note ' || n || '. ', 20),
       now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval
FROM users u
CROSS JOIN generate_series(1, 500) n
JOIN numbered np ON np.user_id = u.id AND np.k = n % 10
WHERE u.email LIKE '%@bench.example';

VACUUM ANALYZE;
