"""The store's tables, as DDL for SQLite. Migrations apply these in order."""

from __future__ import annotations

INITIAL = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    arguments TEXT NOT NULL,
    stored INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    copies INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running'
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    original_text TEXT NOT NULL,
    raw BLOB,
    encoding TEXT NOT NULL,
    clean_spans TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    url TEXT,
    language TEXT,
    original_outlet TEXT,
    original_url TEXT,
    provenance TEXT NOT NULL,
    boilerplate TEXT NOT NULL,
    metadata TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    minhash BLOB NOT NULL,
    canonical_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
    copy_kind TEXT CHECK (copy_kind IN ('exact', 'near')),
    similarity REAL,
    stage TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_canonical ON articles(canonical_id);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE lsh_bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX lsh_bands_key ON lsh_bands(band, key);
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

CREATE TABLE repeated_lines (
    scope TEXT NOT NULL,
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX repeated_lines_key ON repeated_lines(scope, hash);
CREATE INDEX repeated_lines_article ON repeated_lines(article_id);

CREATE TABLE furniture (
    scope TEXT NOT NULL,
    hash INTEGER NOT NULL,
    PRIMARY KEY (scope, hash)
) WITHOUT ROWID;

CREATE TABLE files (
    path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    records INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);

CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    stage TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    at TEXT NOT NULL
);
CREATE INDEX errors_path ON errors(path);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, clean_text, content='articles', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, clean_text)
        VALUES (new.rowid, new.title, new.clean_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
        VALUES ('delete', old.rowid, old.title, old.clean_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, clean_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
        VALUES ('delete', old.rowid, old.title, old.clean_text);
    INSERT INTO articles_fts(rowid, title, clean_text)
        VALUES (new.rowid, new.title, new.clean_text);
END;
"""

UNDERSTANDING = """
CREATE TABLE article_stages (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    version TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (article_id, stage)
);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX sentences_article ON sentences(article_id, start);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    canonical_name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    key TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX entities_name ON entities(canonical_name);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    refers_to TEXT,
    entity_id TEXT,
    stage TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id, start);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_text TEXT,
    speaker_name TEXT,
    speaker_entity_id TEXT,
    nested_in INTEGER,
    stage TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id, idx);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    attributed_to TEXT,
    attributed_entity_id TEXT,
    hedges TEXT NOT NULL,
    kind TEXT NOT NULL,
    quote_idx INTEGER,
    stage TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article_id, start);

CREATE TABLE time_exprs (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    granularity TEXT NOT NULL,
    resolved_from TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX time_exprs_article ON time_exprs(article_id, start);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    date TEXT NOT NULL,
    granularity TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_article ON events(article_id);
"""

STORIES = """
CREATE TABLE sentence_vectors (
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (text_hash, model)
) WITHOUT ROWID;

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    stage TEXT NOT NULL
);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    similarity REAL,
    vector BLOB NOT NULL,
    entities TEXT NOT NULL,
    event_dates TEXT NOT NULL,
    date TEXT,
    outlet TEXT,
    stage TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_keys (
    key TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX story_keys_article ON story_keys(article_id);

CREATE TABLE claim_groups (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('corroborated', 'single_source', 'contested')),
    summary TEXT NOT NULL,
    outlets TEXT NOT NULL,
    reasons TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX claim_groups_story ON claim_groups(story_id);

CREATE TABLE claim_group_members (
    group_id TEXT NOT NULL REFERENCES claim_groups(id) ON DELETE CASCADE,
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    polarity TEXT NOT NULL,
    PRIMARY KEY (group_id, claim_id)
);

CREATE TABLE timeline_events (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    granularity TEXT NOT NULL,
    summary TEXT NOT NULL,
    participants TEXT NOT NULL,
    reports TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX timeline_events_story ON timeline_events(story_id, date);
"""

FRAMING = """
CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'paragraph', 'span', 'entity')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    scheme TEXT NOT NULL,
    label TEXT NOT NULL,
    score REAL NOT NULL,
    entity_id TEXT,
    mention_start INTEGER,
    mention_end INTEGER,
    model TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX labels_article ON labels(article_id, scheme);
CREATE INDEX labels_scheme ON labels(scheme, label);
CREATE INDEX labels_entity ON labels(entity_id);
"""

READ_INDEXES = """
CREATE INDEX mentions_entity_article ON mentions(entity_id, article_id);
DROP INDEX mentions_entity;
CREATE INDEX entities_by_mentions ON entities(mentions DESC, canonical_name);
"""

CLAIM_STATUSES = """
DELETE FROM claim_group_members;
DELETE FROM claim_groups;
DROP TABLE claim_groups;
CREATE TABLE claim_groups (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (
        status IN ('contradicted', 'framed_differently', 'corroborated', 'single_source')
    ),
    summary TEXT NOT NULL,
    outlets TEXT NOT NULL,
    reasons TEXT NOT NULL,
    stage TEXT NOT NULL,
    omitted_by TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX claim_groups_story ON claim_groups(story_id);
"""
