"""The schema comes only from the migrations, and the database keeps spans sane on its own."""

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from annotator.extensions import db
from annotator.models import Article, Attribution


def test_migrations_match_the_models(app):
    with app.app_context():
        check()  # `flask db check`: raises if autogenerate finds any drift between models and schema


def test_migrations_build_every_table(app):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"user", "article", "attribution", "speaker", "audit_event", "alembic_version"} <= tables


def test_downgrade_and_upgrade_again(app):
    with app.app_context():
        downgrade(revision="base")
        assert "attribution" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "attribution" in inspect(db.engine).get_table_names()


@pytest.mark.parametrize("span", [(5, 5), (6, 2), (-1, 3), (None, 3)])
def test_database_refuses_broken_spans(app, span):
    with app.app_context():
        article = Article(title="t", text="some text here", text_hash=Article.hash_text("some text here"))
        db.session.add(article)
        db.session.flush()
        db.session.add(
            Attribution(
                article_id=article.id,
                kind="direct",
                content_start=0,
                content_end=4,
                cue_start=span[0],
                cue_end=span[1],
                origin="editor",
                state="accepted",
            )
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_upgrading_keeps_the_rows_that_hang_on_a_rebuilt_table(app):
    """SQLite rebuilds a table it alters (0014 alters `article`, 0016 `attribution`): with foreign keys on,
    dropping the old copy would delete every claim and comment cascading from it."""
    with app.app_context():
        downgrade(revision="0012_collections_and_assignments")
        db.session.execute(
            text(
                "INSERT INTO article (id, title, text, text_hash, review_state, version, created_at) "
                "VALUES (1, 't', 'Ann said so.', 'h', 'draft', 1, CURRENT_TIMESTAMP)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO attribution (id, article_id, kind, content_start, content_end, credibility, origin, "
                "state, version, updated_at) VALUES (1, 1, 'direct', 0, 3, 'unverified', 'editor', 'accepted', 1, "
                "CURRENT_TIMESTAMP)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO comment (article_id, kind, text, created_at) "
                "VALUES (1, 'comment', 'hi', CURRENT_TIMESTAMP)"
            )
        )
        db.session.commit()
        upgrade()
        counts = [db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("article", "attribution", "comment")]
    assert counts == [1, 1, 1]
