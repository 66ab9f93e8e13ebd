-- The first schema: an identity for this installation. The chat, queue and rating tables
-- arrive with their own migrations; sqlx records which ones ran in _sqlx_migrations.
CREATE TABLE installation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO installation (id) VALUES (1);
