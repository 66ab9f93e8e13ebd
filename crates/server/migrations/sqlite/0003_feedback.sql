-- What site owners read in the console: how visitors rated their chats, and what they
-- searched for and did not find.
CREATE TABLE ratings (
    conversation_id  TEXT PRIMARY KEY REFERENCES conversations (id),
    score            INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment          TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX ratings_time ON ratings (created_at);

-- One row per query and locale (queries folded to lower case and trimmed by the server).
CREATE TABLE search_gaps (
    query    TEXT NOT NULL,
    locale   TEXT NOT NULL,
    count    BIGINT NOT NULL,
    last_at  BIGINT NOT NULL,
    PRIMARY KEY (query, locale)
);
CREATE INDEX search_gaps_count ON search_gaps (count, last_at);
-- Each report prunes the rows older than 90 days: by this index, not a scan.
CREATE INDEX search_gaps_age ON search_gaps (last_at);
