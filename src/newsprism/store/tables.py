"""The store's tables, defined once for every statement and for PostgreSQL's DDL.

SQLite stores are created and upgraded by the migrations (store/migrations.py, DDL in
store/schema.py), which are the history old files are brought forward through; a test checks
that the tables they make are exactly these. PostgreSQL stores are created from these
definitions (``create_postgres_schema`` in store/database.py). Statements are built with
SQLAlchemy Core over these tables, so each dialect writes its own SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    text,
)

INT = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit on PostgreSQL (hashes and MinHash keys are 64-bit); SQLite's INTEGER is already,
and an INTEGER PRIMARY KEY stays SQLite's rowid."""
TEXT = Text().with_variant(Text(collation="C"), "postgresql")
"""Byte-wise comparison and order on PostgreSQL, as SQLite compares TEXT."""
BLOB = LargeBinary()
REAL_: Double[float] = Double()

metadata = MetaData()

entities = Table(
    "entities",
    metadata,
    Column("id", TEXT, primary_key=True),
    Column("canonical_name", TEXT, nullable=False),
    Column("type", TEXT, nullable=False),
    Column("aliases", TEXT, nullable=False),
    Column("key", TEXT, nullable=False),
    Column("mentions", INT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Index("entities_name", "canonical_name"),
    Index("entities_by_mentions", text("mentions DESC"), "canonical_name"),
)

furniture = Table(
    "furniture",
    metadata,
    Column("scope", TEXT, primary_key=True),
    Column("hash", INT, primary_key=True),
    sqlite_with_rowid=False,
)

runs = Table(
    "runs",
    metadata,
    Column("id", INT, primary_key=True),
    Column("started_at", TEXT, nullable=False),
    Column("finished_at", TEXT),
    Column("arguments", TEXT, nullable=False),
    Column("stored", INT, nullable=False, server_default=text("0")),
    Column("updated", INT, nullable=False, server_default=text("0")),
    Column("unchanged", INT, nullable=False, server_default=text("0")),
    Column("copies", INT, nullable=False, server_default=text("0")),
    Column("errors", INT, nullable=False, server_default=text("0")),
    Column("status", TEXT, nullable=False, server_default=text("'running'")),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", INT, primary_key=True),
    Column("name", TEXT, nullable=False),
    Column("applied_at", TEXT, nullable=False),
)

sentence_vectors = Table(
    "sentence_vectors",
    metadata,
    Column("text_hash", TEXT, primary_key=True),
    Column("model", TEXT, primary_key=True),
    Column("vector", BLOB, nullable=False),
    sqlite_with_rowid=False,
)

stories = Table(
    "stories",
    metadata,
    Column("id", TEXT, primary_key=True),
    Column("label", TEXT, nullable=False),
    Column("first_date", TEXT),
    Column("last_date", TEXT),
    Column("articles", INT, nullable=False),
    Column("outlets", INT, nullable=False),
    Column("updated_at", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", TEXT, primary_key=True),
    Column("source", TEXT, nullable=False, unique=True),
    Column("format", TEXT, nullable=False),
    Column("original_text", TEXT, nullable=False),
    Column("raw", BLOB),
    Column("encoding", TEXT, nullable=False),
    Column("clean_spans", TEXT, nullable=False),
    Column("clean_text", TEXT, nullable=False),
    Column("content_hash", TEXT, nullable=False),
    Column("title", TEXT),
    Column("outlet", TEXT),
    Column("author", TEXT),
    Column("published", TEXT),
    Column("url", TEXT),
    Column("language", TEXT),
    Column("original_outlet", TEXT),
    Column("original_url", TEXT),
    Column("provenance", TEXT, nullable=False),
    Column("boilerplate", TEXT, nullable=False),
    Column("metadata", TEXT, nullable=False),
    Column("fingerprint", TEXT, nullable=False),
    Column("minhash", BLOB, nullable=False),
    Column("canonical_id", TEXT, ForeignKey("articles.id", ondelete="SET NULL")),
    Column(
        "copy_kind",
        TEXT,
    ),
    Column("similarity", REAL_),
    Column("stage", TEXT, nullable=False),
    Column("run_id", INT, ForeignKey("runs.id")),
    Column("ingested_at", TEXT, nullable=False),
    Column("other_languages", TEXT, nullable=False, server_default="[]"),
    CheckConstraint("copy_kind IN ('exact', 'near')"),
    Index("articles_canonical", "canonical_id"),
    Index("articles_content_hash", "content_hash"),
    Index("articles_outlet", "outlet"),
    Index("articles_published", "published"),
)

claim_groups = Table(
    "claim_groups",
    metadata,
    Column("id", TEXT, primary_key=True),
    Column("story_id", TEXT, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column(
        "status",
        TEXT,
        nullable=False,
    ),
    Column("summary", TEXT, nullable=False),
    Column("outlets", TEXT, nullable=False),
    Column("reasons", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Column("omitted_by", TEXT, nullable=False, server_default="[]"),
    CheckConstraint(
        "status IN ('contradicted', 'framed_differently', 'corroborated', 'single_source')",
        name="claim_groups_status",
    ),
    Index("claim_groups_story", "story_id"),
)

errors = Table(
    "errors",
    metadata,
    Column("id", INT, primary_key=True),
    Column("path", TEXT, nullable=False),
    Column("reason", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Column("run_id", INT, ForeignKey("runs.id")),
    Column("at", TEXT, nullable=False),
    Column("level", TEXT, nullable=False, server_default=text("'error'")),
    Index("errors_path", "path"),
)

files = Table(
    "files",
    metadata,
    Column("path", TEXT, primary_key=True),
    Column("fingerprint", TEXT, nullable=False),
    Column("records", INT, nullable=False),
    Column("run_id", INT, ForeignKey("runs.id")),
)

timeline_events = Table(
    "timeline_events",
    metadata,
    Column("id", TEXT, primary_key=True),
    Column("story_id", TEXT, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("date", TEXT, nullable=False),
    Column("granularity", TEXT, nullable=False),
    Column("summary", TEXT, nullable=False),
    Column("participants", TEXT, nullable=False),
    Column("reports", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Column("dated_by", TEXT, nullable=False, server_default="text"),
    Index("timeline_events_story", "story_id", "date"),
)

article_stages = Table(
    "article_stages",
    metadata,
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", TEXT, primary_key=True),
    Column("version", TEXT, nullable=False),
    Column("at", TEXT, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", INT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Column("attributed_to", TEXT),
    Column("attributed_entity_id", TEXT),
    Column("hedges", TEXT, nullable=False),
    Column("kind", TEXT, nullable=False),
    Column("quote_idx", INT),
    Column("stage", TEXT, nullable=False),
    Index("claims_article", "article_id", "start"),
)

events = Table(
    "events",
    metadata,
    Column("id", INT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Column("date", TEXT, nullable=False),
    Column("granularity", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Column("dated_by", TEXT, nullable=False, server_default="text"),
    Index("events_article", "article_id"),
    Index("events_date", "date"),
)

labels = Table(
    "labels",
    metadata,
    Column("id", INT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column(
        "kind",
        TEXT,
        nullable=False,
    ),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Column("scheme", TEXT, nullable=False),
    Column("label", TEXT, nullable=False),
    Column("score", REAL_, nullable=False),
    Column("entity_id", TEXT),
    Column("mention_start", INT),
    Column("mention_end", INT),
    Column("model", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
    CheckConstraint("kind IN ('article', 'paragraph', 'span', 'entity')"),
    Index("labels_article", "article_id", "scheme"),
    Index("labels_entity", "entity_id"),
    Index("labels_scheme", "scheme", "label"),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", INT, nullable=False),
    Column("key", INT, nullable=False),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("lsh_bands_article", "article_id"),
    Index("lsh_bands_key", "band", "key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", INT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Column("text", TEXT, nullable=False),
    Column("type", TEXT, nullable=False),
    Column("refers_to", TEXT),
    Column("entity_id", TEXT),
    Column("stage", TEXT, nullable=False),
    Column("base", TEXT),
    Index("mentions_article", "article_id", "start"),
    Index("mentions_entity_article", "entity_id", "article_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", INT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("idx", INT, nullable=False),
    Column("kind", TEXT, nullable=False),
    Column("content_start", INT, nullable=False),
    Column("content_end", INT, nullable=False),
    Column("cue_start", INT),
    Column("cue_end", INT),
    Column("cue_text", TEXT),
    Column("speaker_start", INT),
    Column("speaker_end", INT),
    Column("speaker_text", TEXT),
    Column("speaker_name", TEXT),
    Column("speaker_entity_id", TEXT),
    Column("nested_in", INT),
    Column("stage", TEXT, nullable=False),
    Index("quotes_article", "article_id", "idx"),
    Index("quotes_speaker", "speaker_entity_id"),
)

repeated_lines = Table(
    "repeated_lines",
    metadata,
    Column("scope", TEXT, nullable=False),
    Column("hash", INT, nullable=False),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Index("repeated_lines_article", "article_id"),
    Index("repeated_lines_key", "scope", "hash"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Index("sentences_article", "article_id", "start"),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", TEXT, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("similarity", REAL_),
    Column("vector", BLOB, nullable=False),
    Column("entities", TEXT, nullable=False),
    Column("event_dates", TEXT, nullable=False),
    Column("date", TEXT),
    Column("outlet", TEXT),
    Column("stage", TEXT, nullable=False),
    Index("story_articles_story", "story_id"),
)

story_keys = Table(
    "story_keys",
    metadata,
    Column("key", TEXT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Index("story_keys_article", "article_id"),
    sqlite_with_rowid=False,
)

time_exprs = Table(
    "time_exprs",
    metadata,
    Column("id", INT, primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", INT, nullable=False),
    Column("end", INT, nullable=False),
    Column("text", TEXT, nullable=False),
    Column("value", TEXT),
    Column("granularity", TEXT, nullable=False),
    Column("resolved_from", TEXT, nullable=False),
    Column("stage", TEXT, nullable=False),
    Index("time_exprs_article", "article_id", "start"),
)

claim_group_members = Table(
    "claim_group_members",
    metadata,
    Column("group_id", TEXT, ForeignKey("claim_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", INT, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", TEXT, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("polarity", TEXT, nullable=False),
)
