"""A collection's independent annotation in one zip: the final version, every annotator's layer, the agreement.

`agreement.json` (the collection's figures and each article's) sits beside the records; `final.jsonl` is the
final version, as the ordinary export writes it; `layers/<id>-<annotator>.jsonl` and `brat/<id>-<annotator>/` hold
each annotator's submitted layer, one line or one `.txt`/`.ann` pair per article (files named by article id,
so one article's versions sit side by side across annotators).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from sqlalchemy import select

from annotator.extensions import db
from annotator.formats.brat_export import ANNOTATION_CONF, article_ann
from annotator.formats.jsonl import article_to_json
from annotator.formats.records import AttributionRecord, CorpusArticle
from annotator.models import Article, Assignment, Attribution, Collection, User
from annotator.services import corpus
from annotator.services.access import not_deleted
from annotator.services.agreement_figures import article_agreement, collection_agreement
from annotator.services.layers import layer_rows
from annotator.vocab import RECORD_TAGS, SPAN_FIELDS


def _record(article: Article, rows: list[Attribution]) -> CorpusArticle:
    return CorpusArticle(
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        byline=article.byline,
        url=article.url,
        published=article.published,
        collection=article.collection,
        review_state=article.review_state,
        attributions=[
            AttributionRecord(
                **{f: getattr(a, f) for f in RECORD_TAGS},
                **{f: (tuple(a.span(f)) if a.span(f) else None) for f in SPAN_FIELDS},  # type: ignore[arg-type]
            )
            for a in rows
        ],
    )


def submitted(collection: Collection) -> list[tuple[Article, list[tuple[int, str]]]]:
    """The collection's articles with at least one submitted layer, each with its annotators (id, name)."""
    found = db.session.execute(
        select(Article, User.id, User.username)
        .join(Assignment, Assignment.article_id == Article.id)
        .join(User, User.id == Assignment.user_id)
        .where(
            Article.collection == collection.name,
            not_deleted(),
            Assignment.role == "annotator",
            Assignment.submitted_at.is_not(None),
        )
        .order_by(Article.id, User.username)
    ).all()
    out: dict[int, tuple[Article, list[tuple[int, str]]]] = {}
    for article, uid, name in found:
        out.setdefault(article.id, (article, []))[1].append((uid, name))
    return list(out.values())


def _folder(uid: int, name: str) -> str:
    # a username may hold any character; a path in the zip must not climb out of its folder
    return f"{uid}-{re.sub(r'[^A-Za-z0-9_-]+', '_', name)}"


def layers_zip(collection: Collection) -> bytes:
    """The zip of the collection's final version, submitted layers and agreement."""
    buffer = io.BytesIO()
    articles = submitted(collection)
    figures = {
        "collection": collection_agreement(collection),
        "articles": [article_agreement(article) for article, names in articles if len(names) >= 2],
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("agreement.json", json.dumps(figures, ensure_ascii=False, indent=2))
        zf.writestr("final.jsonl", "".join(article_to_json(r) + "\n" for r in corpus.export_records(collection.name)))
        lines: dict[str, list[str]] = {}
        for article, names in articles:
            for uid, name in names:
                record = _record(article, layer_rows(article, uid))
                folder = _folder(uid, name)
                lines.setdefault(folder, []).append(article_to_json(record) + "\n")
                zf.writestr(f"brat/{folder}/{article.id:06d}.txt", article.text)
                zf.writestr(f"brat/{folder}/{article.id:06d}.ann", article_ann(record))
        for name, found in lines.items():
            zf.writestr(f"layers/{name}.jsonl", "".join(found))
            zf.writestr(f"brat/{name}/annotation.conf", ANNOTATION_CONF)
    return buffer.getvalue()
