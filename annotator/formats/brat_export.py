"""brat standoff: our zip export (a `.txt`, `.ann` and `.json` per article) and reading it back,
together with PolNeAR-style folders or zips (`text/<stem>.txt`, `attributions/<stem>_<annotator>.ann`).

Each attribution is written the way PolNeAR lays it out: `Source`, `Cue` and `Content` text-bounds
(plus `AnonymityReason`), a trigger text-bound typed `Attribution` (`Attribution-no-source` when
there is no source) over the cue (the content when there is no cue), and an event
`E1<TAB>Attribution:T4 Source:T1 Cue:T2 Content:T3`. Enumerated tags are attributes of the event
(`A1<TAB>Status E1 on_record`: Kind, SpeakerType, Status, Credibility, Origin, State); the free-text
tags (speaker, affiliation, role, note, confidence, detector) are one AnnotatorNotes line holding a JSON
object. Spans that cross line breaks are split into fragments at the breaks, as brat requires;
reading takes the hull of the fragments (lowest start, highest end), so our spans come back exactly.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from ..vocab import ARTICLE_MAX_BYTES, CHOICES
from .brat import kind_of, parse_ann
from .records import (
    AttributionRecord,
    CorpusArticle,
    ImportLimits,
    Problem,
    RecordError,
    Source,
    article_from_dict,
    article_meta,
    attribution_from_dict,
    decode,
    open_tree,
)

ROLES = {"source": "Source", "cue": "Cue", "content": "Content", "anonymity_reason": "AnonymityReason"}
ATTRIBUTES = {
    "kind": "Kind",
    "speaker_type": "SpeakerType",
    "status": "Status",
    "credibility": "Credibility",
    "origin": "Origin",
    "state": "State",
}
NOTE_TAGS = ("speaker", "affiliation", "role", "note", "confidence", "detector")
_FIELD_OF_ATTRIBUTE = {v: k for k, v in ATTRIBUTES.items()}
_FIELD_OF_ROLE = {v: k for k, v in ROLES.items()}
_LINE_BREAK = re.compile(r"[\r\n\t]")
_NO_BREAK = re.compile(r"[^\r\n]+")

ANNOTATION_CONF = (
    "\n".join(
        [
            "[entities]",
            *ROLES.values(),
            "[relations]",
            "[events]",
            "Attribution\tSource:Source, Cue?:Cue, Content:Content, AnonymityReason?:AnonymityReason",
            "Attribution-no-source\tCue?:Cue, Content:Content, AnonymityReason?:AnonymityReason",
            "[attributes]",
            *(f"{name}\tArg:<EVENT>, Value:{'|'.join(CHOICES[field])}" for field, name in ATTRIBUTES.items()),
        ]
    )
    + "\n"
)


def _fragments(text: str, start: int, end: int) -> str:
    """`s e;s e` offsets of a span cut at line breaks, the first and last keeping the span's ends."""
    pieces = [[m.start(), m.end()] for m in _NO_BREAK.finditer(text, start, end)] or [[start, end]]
    pieces[0][0], pieces[-1][1] = start, end
    return ";".join(f"{s} {e}" for s, e in pieces)


def _text_bound(tid: int, typ: str, text: str, span: tuple[int, int]) -> str:
    # the text column is for people reading the file; offsets are what count
    return f"T{tid}\t{typ} {_fragments(text, *span)}\t{_LINE_BREAK.sub(' ', text[span[0] : span[1]])}"


def article_ann(article: CorpusArticle) -> str:
    """The `.ann` text of one article."""
    text, lines, t, a_n = article.text, [], 0, 0
    for e, att in enumerate(article.attributions, 1):
        args = []
        for field, role in ROLES.items():
            span = getattr(att, field)
            if span:
                t += 1
                lines.append(_text_bound(t, role, text, span))
                args.append(f"{role}:T{t}")
        typ = "Attribution" if att.source else "Attribution-no-source"
        t += 1
        lines.append(_text_bound(t, typ, text, att.cue or att.content))
        lines.append(f"E{e}\t{typ}:T{t} " + " ".join(args))
        for field, name in ATTRIBUTES.items():
            value = getattr(att, field)
            if value is not None:
                a_n += 1
                lines.append(f"A{a_n}\t{name} E{e} {value}")
        notes = {k: getattr(att, k) for k in NOTE_TAGS if getattr(att, k) is not None}
        if notes:
            lines.append(f"#{e}\tAnnotatorNotes E{e}\t{json.dumps(notes, ensure_ascii=False)}")
    return "\n".join(lines) + "\n" if lines else ""


class _Sink(io.RawIOBase):
    """A write-only, unseekable stream whose bytes are taken out as they come."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self._chunks.append(bytes(b))
        return len(b)

    def drain(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def _stem(number: int, title: str | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (title or "").lower()).strip("-")[:40].rstrip("-")
    return f"{number:05d}-{slug}" if slug else f"{number:05d}"


def iter_brat(articles: Iterable[CorpusArticle]) -> Iterator[bytes]:
    """The brat zip export as byte chunks, one article at a time (zip written without seeking)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("annotation.conf", ANNOTATION_CONF)
        for number, article in enumerate(articles, 1):
            stem = _stem(number, article.title)
            zf.writestr(f"{stem}.txt", article.text)
            zf.writestr(f"{stem}.ann", article_ann(article))
            zf.writestr(f"{stem}.json", json.dumps(article_meta(article), ensure_ascii=False))
            yield sink.drain()
    yield sink.drain()


def _pairs(names: list[str]) -> list[tuple[str, str | None, str | None]]:
    """(text, annotation or None, metadata or None) for each `.txt`: a `.ann` beside it, else
    PolNeAR's first annotator file (sorted first `attributions/<stem>_*.ann` next to `text/`)."""
    present = set(names)
    out = []
    for name in names:
        path = PurePosixPath(name)
        if path.suffix != ".txt":
            continue
        ann = str(path.with_suffix(".ann"))
        meta = str(path.with_suffix(".json"))
        if ann not in present and path.parent.name == "text":
            prefix = str(path.parent.parent / "attributions" / f"{path.stem}_")
            anns = [n for n in names if n.startswith(prefix) and n.endswith(".ann")]
            ann = anns[0] if anns else ann
        out.append((name, ann if ann in present else None, meta if meta in present else None))
    return out


def parse_events(ann: str, label: str) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """(line number, parsed event) for each event of an `.ann` text, and a Problem per bad line.

    A parsed event maps each role to its ranges, plus `_attributes` and `_note` (the event's
    attributes and AnnotatorNotes text)."""
    doc = parse_ann(ann)
    problems = [Problem(label, number, f"malformed brat line: {line[:80]!r}") for number, line in doc.malformed]
    problems += [
        Problem(label, number, f"the id {ann_id} is used again (first on line {first})")
        for number, ann_id, first in doc.duplicates
    ]
    out = []
    for ev in doc.events:
        event: dict[str, Any] = {"_attributes": doc.attributes.get(ev.id, {}), "_note": doc.notes.get(ev.id)}
        for role, ref in ev.args.items():
            if ref not in doc.spans:
                problems.append(Problem(label, ev.line, f"event {ev.id} refers to {ref!r}, which is undefined"))
            else:
                event[role] = doc.spans[ref].ranges
        out.append((ev.line, event))
    return out, problems


def _attribution(text: str, event: dict[str, Any]) -> AttributionRecord:
    """An attribution from a parsed event; raises ValueError for a bad note or tag."""
    # PolNeAR lists some fragments out of order, hence min and max rather than first and last
    hull = {
        field: (min(s for s, _ in event[role]), max(e for _, e in event[role])) if event.get(role) else None
        for role, field in _FIELD_OF_ROLE.items()
    }
    tags: dict[str, Any] = {
        _FIELD_OF_ATTRIBUTE[k]: v for k, v in event["_attributes"].items() if k in _FIELD_OF_ATTRIBUTE
    }
    note = event["_note"]
    if note is not None and note.lstrip().startswith("{"):
        try:
            values = json.loads(note)
        except json.JSONDecodeError as err:
            raise ValueError(f"AnnotatorNotes is not a JSON object: {err.msg}") from None
        tags.update((k, values[k]) for k in NOTE_TAGS if k in values)
    elif note is not None:
        tags["note"] = note  # a plain note from brat's own editor
    # the hull, not the fragments: a quote cut at a line break is still one quote
    tags.setdefault("kind", kind_of(text, {"content": hull["content"]}))
    return attribution_from_dict({**hull, **tags}, len(text))


def _read_article(
    tree, txt: str, ann: str | None, meta: str | None, max_bytes: int
) -> Iterator[CorpusArticle | Problem]:
    label = tree.label(txt)
    raw = tree.read(txt)
    text = raw if isinstance(raw, Problem) else decode(raw, label, keep_bom=True)
    if isinstance(text, Problem):
        yield text
        return
    fields: Any = {}
    if meta:
        raw = tree.read(meta)
        fields = raw if isinstance(raw, Problem) else decode(raw, tree.label(meta))
        if isinstance(fields, Problem):
            yield fields
            return
        try:
            fields = json.loads(fields)
        except json.JSONDecodeError as err:
            yield Problem(tree.label(meta), err.lineno, f"broken JSON: {err.msg}")
            return
        if not isinstance(fields, dict):
            yield Problem(tree.label(meta), None, "the metadata must be a JSON object")
            return
    try:
        article = article_from_dict({**fields, "text": text, "attributions": []}, label, max_bytes)
    except RecordError as err:
        yield from (Problem(tree.label(meta or txt), None, msg) for msg in err.problems)
        return
    if not ann:
        yield article
        return
    ann_label = tree.label(ann)
    raw = tree.read(ann)
    # an empty .ann is a text nobody annotated yet, not a bad file
    content = raw if isinstance(raw, Problem) else decode(raw, ann_label) if raw.strip() else ""
    if isinstance(content, Problem):
        yield content
        return
    events, problems = parse_events(content, ann_label)
    for lineno, event in events:
        if not event.get("Content"):
            continue  # PolNeAR's events without a content are not attributions
        try:
            article.attributions.append(_attribution(text, event))
        except RecordError as err:
            problems += [Problem(ann_label, lineno, msg) for msg in err.problems]
        except ValueError as err:
            problems.append(Problem(ann_label, lineno, str(err)))
    if problems:
        yield from problems
    else:
        yield article


def read_brat(
    source: Source,
    name: str | None = None,
    *,
    max_bytes: int = ARTICLE_MAX_BYTES,
    limits: ImportLimits | None = None,
) -> Iterator[CorpusArticle | Problem]:
    """Articles of a brat folder or zip (ours or PolNeAR's layout) within `limits`; a Problem per bad file or line."""
    tree = open_tree(source, name, limits)
    if isinstance(tree, Problem):
        yield tree
        return
    with tree:
        yield from tree.problems
        pairs = _pairs(tree.names)
        if not pairs:
            yield Problem(tree.name, None, "no .txt files found for brat")
        for txt, ann, meta in pairs:
            yield from _read_article(tree, txt, ann, meta, max_bytes)
