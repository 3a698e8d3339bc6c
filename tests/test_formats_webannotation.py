"""W3C Web Annotation export: the model's required properties on every object."""

from __future__ import annotations

import json

from annotator.formats.records import CorpusArticle
from annotator.formats.webannotation import CONTEXT, iter_webannotation, text_iri


def _export(articles) -> dict:
    return json.loads("".join(iter_webannotation(articles)))


def _is_iri(value: str) -> bool:
    return isinstance(value, str) and value.split(":", 1)[0] in ("urn", "ni", "http", "https")


def test_collection_page_and_annotations_have_the_required_properties(mayadeen):
    art = mayadeen
    doc = _export([art, CorpusArticle(text="Nothing attributed.")])
    assert doc["@context"] == CONTEXT and doc["type"] == "AnnotationCollection" and _is_iri(doc["id"])
    page = doc["first"]
    assert page["type"] == "AnnotationPage" and _is_iri(page["id"]) and page["startIndex"] == 0
    items = page["items"]
    assert len(items) == doc["total"] == len(art.attributions)
    assert len({a["id"] for a in items}) == len(items)
    for anno, att in zip(items, art.attributions):
        assert anno["type"] == "Annotation" and _is_iri(anno["id"]) and anno["target"]
        parts = {}
        for target in anno["target"]:
            assert target["type"] == "SpecificResource" and target["source"] == text_iri(art.text)
            position, quote = target["selector"]
            assert position["type"] == "TextPositionSelector" and {"start", "end"} <= set(position)
            assert quote["type"] == "TextQuoteSelector" and {"exact", "prefix", "suffix"} <= set(quote)
            s, e = position["start"], position["end"]
            assert quote["exact"] == art.text[s:e]
            assert art.text[s - len(quote["prefix"]) : s] == quote["prefix"] and art.text[e:].startswith(
                quote["suffix"]
            )
            parts[target["styleClass"]] = (s, e)
        assert parts["attribution-content"] == att.content
        assert parts.get("attribution-cue") == att.cue and parts.get("attribution-source") == att.source
        assert parts.get("attribution-anonymity-reason") == att.anonymity_reason
        tags = dict(b["value"].split(":", 1) for b in anno["body"] if b["purpose"] == "tagging")
        assert all(b["type"] == "TextualBody" for b in anno["body"])
        assert tags["kind"] == att.kind and tags["state"] == att.state and tags.get("status") == att.status
    first_body = items[0]["body"]
    assert {"type": "TextualBody", "purpose": "commenting", "value": art.attributions[0].note} in first_body
    assert {"type": "TextualBody", "purpose": "tagging", "value": "confidence:0.73"} in first_body


def test_empty_export_is_a_valid_empty_collection():
    doc = _export([])
    assert doc["total"] == 0 and doc["first"]["items"] == [] and doc["@context"] == CONTEXT
