"""full-text search: indexes of article texts and titles and of claims, kept by triggers

Revision ID: 0017_full_text_search
Revises: 0016_annotator_layers
Create Date: 2026-12-07 15:00:00

`article_fts` indexes an article's title and text; `claim_fts` a claim's content (the slice of its
article's text), speaker, affiliation, role and note. SQLite: FTS5 tables (the article one reads its
text from `article`; the claim one keeps its own copy of the slice, which no column holds). PostgreSQL:
tsvector tables with GIN indexes. Triggers write them in the statement that changes the row, so every
write, the importer's bulk inserts among them, is searchable when its transaction commits. The models
do not describe these tables: `annotator.models.FULLTEXT_TABLES` names them for the drift check.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_full_text_search"
down_revision = "0016_annotator_layers"
branch_labels = None
depends_on = None

# Porter stems English words as PostgreSQL's `english` configuration does; accents fold away.
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
_SQLITE_CLAIM_ROW = """
    SELECT new.id, substr(article.text, new.content_start + 1, new.content_end - new.content_start),
           new.speaker, new.affiliation, new.role, new.note
    FROM article WHERE article.id = new.article_id"""

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='article', content_rowid='id',
        tokenize='{SQLITE_TOKENIZER}')""",
    """CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END""",
    """CREATE TRIGGER article_fts_update AFTER UPDATE OF title, text ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    f"CREATE VIRTUAL TABLE claim_fts USING fts5(body, speaker, affiliation, role, note, tokenize='{SQLITE_TOKENIZER}')",
    f"""CREATE TRIGGER claim_fts_insert AFTER INSERT ON attribution BEGIN
        INSERT INTO claim_fts(rowid, body, speaker, affiliation, role, note) {_SQLITE_CLAIM_ROW}; END""",
    """CREATE TRIGGER claim_fts_delete AFTER DELETE ON attribution BEGIN
        DELETE FROM claim_fts WHERE rowid = old.id; END""",
    f"""CREATE TRIGGER claim_fts_update
        AFTER UPDATE OF content_start, content_end, speaker, affiliation, role, note ON attribution BEGIN
        DELETE FROM claim_fts WHERE rowid = old.id;
        INSERT INTO claim_fts(rowid, body, speaker, affiliation, role, note) {_SQLITE_CLAIM_ROW}; END""",
    """INSERT INTO claim_fts(rowid, body, speaker, affiliation, role, note)
        SELECT attribution.id, substr(article.text, content_start + 1, content_end - content_start),
               speaker, affiliation, role, note
        FROM attribution JOIN article ON article.id = attribution.article_id""",
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER {name}_{event}" for name in ("article_fts", "claim_fts") for event in ("insert", "delete", "update")),
    "DROP TABLE claim_fts",
    "DROP TABLE article_fts",
]

# A tsvector holds at most 1 MB: a text whose words would overflow it is indexed on its first 100,000
# characters (an article's text may reach ARTICLE_MAX_BYTES; real ones stay far below).
PG_UP = [
    # the GIN indexes are built in memory this large (the default, 64 MB, spills a large corpus to disk)
    "SET LOCAL maintenance_work_mem = '256MB'",
    """CREATE FUNCTION fts_document(body text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
        RETURN to_tsvector('english', body);
    EXCEPTION WHEN program_limit_exceeded THEN
        RETURN to_tsvector('english', left(body, 100000));
    END $$""",
    """CREATE TABLE article_fts (
        article_id integer PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    """CREATE FUNCTION article_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO article_fts VALUES (NEW.id, fts_document(NEW.title || ' ' || NEW.text))
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER article_fts_sync AFTER INSERT OR UPDATE OF title, text ON article
        FOR EACH ROW EXECUTE FUNCTION article_fts_sync()""",
    "INSERT INTO article_fts SELECT id, fts_document(title || ' ' || text) FROM article",
    # built after the backfill: one bulk build is many times faster than a GIN insertion a row
    "CREATE INDEX ix_article_fts_document ON article_fts USING gin (document)",
    # `document` is everything a claim says (content, speaker, affiliation, role, note); `speaker` and
    # `affiliation` alone serve the filters of those names
    """CREATE TABLE claim_fts (
        attribution_id integer PRIMARY KEY REFERENCES attribution(id) ON DELETE CASCADE,
        document tsvector NOT NULL,
        speaker tsvector NOT NULL,
        affiliation tsvector NOT NULL)""",
    # a claim's own words stay far below the tsvector's limit: its content is cut at 100,000 characters (a
    # plain expression, without fts_document's exception block, which costs a subtransaction a row)
    """CREATE FUNCTION claim_fts_row(a attribution) RETURNS claim_fts LANGUAGE sql STABLE AS $$
        SELECT a.id,
               to_tsvector('english', concat_ws(' ', left(substr(article.text, a.content_start + 1,
                                                                 a.content_end - a.content_start), 100000),
                                                a.speaker, a.affiliation, a.role, a.note)),
               to_tsvector('english', coalesce(a.speaker, '')),
               to_tsvector('english', coalesce(a.affiliation, ''))
        FROM article WHERE article.id = a.article_id
    $$""",
    """CREATE FUNCTION claim_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claim_fts SELECT (claim_fts_row(NEW)).*
        ON CONFLICT (attribution_id) DO UPDATE
            SET document = EXCLUDED.document, speaker = EXCLUDED.speaker, affiliation = EXCLUDED.affiliation;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claim_fts_sync
        AFTER INSERT OR UPDATE OF content_start, content_end, speaker, affiliation, role, note ON attribution
        FOR EACH ROW EXECUTE FUNCTION claim_fts_sync()""",
    """INSERT INTO claim_fts SELECT attribution.id,
        to_tsvector('english', concat_ws(' ', left(substr(article.text, content_start + 1, content_end - content_start),
                                                   100000), speaker, affiliation, role, note)),
        to_tsvector('english', coalesce(speaker, '')), to_tsvector('english', coalesce(affiliation, ''))
        FROM attribution JOIN article ON article.id = attribution.article_id""",
    "CREATE INDEX ix_claim_fts_document ON claim_fts USING gin (document, speaker, affiliation)",
    # a finer sample of the words (the default keeps the commonest hundreds): the planner then knows a rare
    # word for rare and reads it from the index instead of walking the claims
    """ALTER TABLE claim_fts ALTER COLUMN document SET STATISTICS 1000,
        ALTER COLUMN speaker SET STATISTICS 1000, ALTER COLUMN affiliation SET STATISTICS 1000""",
    "ALTER TABLE article_fts ALTER COLUMN document SET STATISTICS 1000",
    "ANALYZE article_fts",
    "ANALYZE claim_fts",
]
PG_DOWN = [
    "DROP TRIGGER claim_fts_sync ON attribution",
    "DROP FUNCTION claim_fts_sync()",
    "DROP FUNCTION claim_fts_row(attribution)",
    "DROP TABLE claim_fts",
    "DROP TRIGGER article_fts_sync ON article",
    "DROP FUNCTION article_fts_sync()",
    "DROP TABLE article_fts",
    "DROP FUNCTION fts_document(text)",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade():
    _run(PG_UP if op.get_bind().dialect.name == "postgresql" else SQLITE_UP)


def downgrade():
    _run(PG_DOWN if op.get_bind().dialect.name == "postgresql" else SQLITE_DOWN)
