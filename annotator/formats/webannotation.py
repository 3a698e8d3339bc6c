"""W3C Web Annotation Data Model export (JSON-LD, `http://www.w3.org/ns/anno.jsonld`).

Layout, all within the model's own vocabulary:
- the file is one `AnnotationCollection` whose `first` page (an `AnnotationPage`) holds every
  annotation in `items`; `total` comes last so the file can be streamed;
- an attribution is an `Annotation` (`motivation: "tagging"`) with one `SpecificResource` target
  per span; the part is the target's `styleClass` (`attribution-content`, `attribution-cue`,
  `attribution-source`, `attribution-anonymity-reason`); each target has a
  `TextPositionSelector` (code-point start/end) and a `TextQuoteSelector` (exact, 32-character
  prefix and suffix);
- the target `source` names the exact text the offsets count in: `ni:///sha-256;<digest>`
  (RFC 6920), so two exports of the same text agree; ids are random `urn:uuid:`s (the same text may
  be two articles, a wire story in two outlets, so nothing stable would keep them apart);
- every tag is a `TextualBody` with `purpose: "tagging"` and value `<tag>:<value>` (`kind:direct`,
  `status:on_record`, `speaker:Jennifer Cafarella`, `confidence:0.8`); the editor's note is a
  `TextualBody` with `purpose: "commenting"`.
Article metadata and text are not carried, so this export does not re-import (use JSONL).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from ..vocab import RECORD_TAGS, SPAN_FIELDS
from .records import AttributionRecord, CorpusArticle

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32
# The note is a comment of its own, not a tag.
TAGS = tuple(tag for tag in RECORD_TAGS if tag != "note")
STYLE_CLASSES = {name: "attribution-" + name.replace("_", "-") for name in SPAN_FIELDS}


def text_iri(text: str) -> str:
    """The RFC 6920 name of a text: `ni:///sha-256;` and its base64url digest."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def annotation(text: str, source: str, att: AttributionRecord) -> dict[str, Any]:
    """The Annotation of one attribution over `text`, whose IRI is `source`."""
    targets = []
    for name in SPAN_FIELDS:
        span = getattr(att, name)
        if span is None:
            continue
        start, end = span
        targets.append(
            {
                "type": "SpecificResource",
                "source": source,
                "styleClass": STYLE_CLASSES[name],
                "selector": [
                    {"type": "TextPositionSelector", "start": start, "end": end},
                    {
                        "type": "TextQuoteSelector",
                        "exact": text[start:end],
                        "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
                        "suffix": text[end : end + QUOTE_CONTEXT],
                    },
                ],
            }
        )
    body = [
        {"type": "TextualBody", "purpose": "tagging", "value": f"{tag}:{getattr(att, tag)}"}
        for tag in TAGS
        if getattr(att, tag) is not None
    ]
    if att.note is not None:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": att.note})
    return {"id": uuid.uuid4().urn, "type": "Annotation", "motivation": "tagging", "body": body, "target": targets}


def iter_webannotation(articles: Iterable[CorpusArticle], label: str = "Sourcing annotator export") -> Iterator[str]:
    """The AnnotationCollection as text chunks, one article's annotations at a time."""
    head = {"@context": CONTEXT, "id": uuid.uuid4().urn, "type": "AnnotationCollection", "label": label}
    page = {"id": uuid.uuid4().urn, "type": "AnnotationPage", "startIndex": 0}
    # the dicts are written open-ended so items stream in; json.dumps()[:-1] drops the closing brace
    yield json.dumps(head)[:-1] + ', "first": ' + json.dumps(page)[:-1] + ', "items": [\n'
    total = 0
    for article in articles:
        source = text_iri(article.text)
        for att in article.attributions:
            yield ("" if total == 0 else ",\n") + json.dumps(annotation(article.text, source, att), ensure_ascii=False)
            total += 1
    yield f'\n]}}, "total": {total}}}\n'
