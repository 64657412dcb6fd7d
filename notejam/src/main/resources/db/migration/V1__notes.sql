-- Notejam's data: users own pads and notes; a note may sit in one of its owner's pads.
CREATE TABLE users (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      VARCHAR(254) NOT NULL,
    password   VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE pads (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX pads_user_name ON pads (user_id, name);

CREATE TABLE notes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pad_id     BIGINT       REFERENCES pads (id) ON DELETE CASCADE,
    name       VARCHAR(100) NOT NULL,
    text       TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- The list pages sort one user's (or one pad's) notes by name or by last change.
CREATE INDEX notes_user_updated ON notes (user_id, updated_at, id);
CREATE INDEX notes_user_name ON notes (user_id, name, id);
CREATE INDEX notes_pad_updated ON notes (pad_id, updated_at, id);
CREATE INDEX notes_pad_name ON notes (pad_id, name, id);

-- Only a hash of each reset token is kept: a copy of the table opens no account.
CREATE TABLE password_reset_tokens (
    token_hash CHAR(64)    PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);
