-- The first schema: an identity for this installation (PostgreSQL's spelling of the SQLite one).
CREATE TABLE installation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    created_at  TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);
INSERT INTO installation (id) VALUES (1);
