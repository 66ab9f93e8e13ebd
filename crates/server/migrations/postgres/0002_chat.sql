-- Chat: visitors, conversations and their messages, agents and their sessions, tickets and
-- attachments. The same text runs on SQLite and PostgreSQL (migrations/postgres has a copy):
-- ids are TEXT made by the server, times are BIGINT milliseconds since the Unix epoch, flags
-- are BIGINT 0/1.

CREATE TABLE agents (
    username       TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    teams          TEXT NOT NULL,              -- comma-separated team ids
    disabled       BIGINT NOT NULL DEFAULT 0,
    presence       TEXT NOT NULL DEFAULT 'offline',  -- online | away | offline
    last_seen      BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);

CREATE TABLE agent_sessions (
    token_hash  TEXT PRIMARY KEY,              -- SHA-256 of the cookie; the cookie is never stored
    username    TEXT NOT NULL REFERENCES agents (username),
    csrf        TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE visitors (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,          -- SHA-256 of the token in the visitor's localStorage
    created_at  BIGINT NOT NULL
);

CREATE TABLE conversations (
    id             TEXT PRIMARY KEY,
    visitor_id     TEXT NOT NULL REFERENCES visitors (id),
    status         TEXT NOT NULL,              -- waiting | active | closed
    team           TEXT NOT NULL,
    category       TEXT NOT NULL,
    customer_kind  TEXT NOT NULL,              -- personal | merchant
    order_number   TEXT NOT NULL,
    description    TEXT NOT NULL,
    contact        TEXT NOT NULL,
    locale         TEXT NOT NULL,
    page           TEXT NOT NULL,
    trail          TEXT NOT NULL,              -- the widget's trail, JSON
    agent          TEXT REFERENCES agents (username),
    last_seq       BIGINT NOT NULL DEFAULT 0,
    visitor_read   BIGINT NOT NULL DEFAULT 0,
    agent_read     BIGINT NOT NULL DEFAULT 0,
    resolution     TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    queued_at      BIGINT NOT NULL,
    accepted_at    BIGINT,
    closed_at      BIGINT
);
CREATE INDEX conversations_queue ON conversations (status, team, queued_at);
CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at);
CREATE INDEX conversations_agent ON conversations (agent, status);

CREATE TABLE messages (
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    seq              BIGINT NOT NULL,
    client_id        TEXT NOT NULL,
    author           TEXT NOT NULL,            -- visitor | agent | system
    author_name      TEXT,
    kind             TEXT NOT NULL,            -- text | image
    body             TEXT NOT NULL,            -- masked text, or an attachment id
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

CREATE TABLE tickets (
    id             TEXT PRIMARY KEY,
    visitor_id     TEXT NOT NULL REFERENCES visitors (id),
    status         TEXT NOT NULL DEFAULT 'open',  -- open | done
    category       TEXT NOT NULL,
    customer_kind  TEXT NOT NULL,
    order_number   TEXT NOT NULL,
    description    TEXT NOT NULL,
    contact        TEXT NOT NULL,
    locale         TEXT NOT NULL,
    page           TEXT NOT NULL,
    trail          TEXT NOT NULL,
    handled_by     TEXT REFERENCES agents (username),
    created_at     BIGINT NOT NULL,
    done_at        BIGINT
);
CREATE INDEX tickets_status ON tickets (status, created_at);

CREATE TABLE attachments (
    id               TEXT PRIMARY KEY,         -- also the file name under <data>/attachments
    visitor_id       TEXT NOT NULL REFERENCES visitors (id),
    conversation_id  TEXT REFERENCES conversations (id),
    ticket_id        TEXT REFERENCES tickets (id),
    content_type     TEXT NOT NULL,            -- image/png | image/jpeg, sniffed from the bytes
    size             BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id);
