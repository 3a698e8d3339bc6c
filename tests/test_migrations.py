"""The schema comes only from the migrations, and the database keeps spans sane on its own."""

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect
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
