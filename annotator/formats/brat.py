"""Reading brat standoff annotation (`.ann` next to a text), as PolNeAR ships it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Ranges = list[tuple[int, int]]
_QUOTE_MARKS = re.compile("[\"\u201c\u201d]|''")


@dataclass
class TextBound:
    """A `T` line: a typed span, possibly discontinuous (`0 5;9 12`)."""

    id: str
    type: str
    ranges: Ranges
    text: str


@dataclass
class Event:
    """An `E` line: a trigger and role -> text-bound id arguments, with its line number."""

    id: str
    type: str
    trigger: str
    args: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class BratDocument:
    """The text-bounds, events, attributes and notes of one `.ann` file, and its malformed lines."""

    spans: dict[str, TextBound]
    events: list[Event]
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)  # target id -> name -> value
    notes: dict[str, str] = field(default_factory=dict)  # target id -> AnnotatorNotes text
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line number, the line)
    # (line number, id, line of its first use): a second T1 or E1 would silently stand for the first
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)

    def attributions(self) -> list[dict]:
        """One record per event with a Content argument: content, cue and source as range lists."""
        out = []
        for ev in self.events:
            if "Content" not in ev.args:
                continue
            out.append(
                {
                    "content": self._argument(ev, "Content"),
                    "cue": self._argument(ev, "Cue"),
                    "source": self._argument(ev, "Source"),
                    "event": (ev.trigger, ev.id),
                }
            )
        return out

    def _argument(self, ev: Event, role: str) -> Ranges | None:
        """The ranges of an event's argument in this role, None when it has none."""
        tb = self.spans.get(ev.args.get(role, ""))
        return list(tb.ranges) if tb else None


def _ranges(spec: str) -> Ranges:
    ranges = []
    for piece in spec.split(";"):
        start, end = piece.split()
        ranges.append((int(start), int(end)))
    return ranges


def parse_ann(lines: str) -> BratDocument:
    """Parse the text of an `.ann` file; relations are skipped, malformed lines and reused ids are
    listed, not raised (a line reusing an id is left out)."""
    doc = BratDocument({}, [])
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines.splitlines(), 1):
        parts = line.split("\t")
        if parts[0] in first_line:
            doc.duplicates.append((number, parts[0], first_line[parts[0]]))
            continue
        if parts[0].strip():
            first_line[parts[0]] = number
        try:
            if line.startswith("T"):
                typ, spec = parts[1].split(" ", 1)
                doc.spans[parts[0]] = TextBound(parts[0], typ, _ranges(spec), parts[2] if len(parts) > 2 else "")
            elif line.startswith("E"):
                items = parts[1].split()
                typ, trigger = items[0].split(":", 1)
                args = dict(item.split(":", 1) for item in items[1:])
                doc.events.append(Event(parts[0], typ, trigger, args, number))
            elif line.startswith(("A", "M")):
                name, target, *value = parts[1].split()
                doc.attributes.setdefault(target, {})[name] = value[0] if value else "true"
            elif line.startswith("#") and parts[1].startswith("AnnotatorNotes"):
                doc.notes[parts[1].split()[1]] = parts[2]
        except (IndexError, ValueError):
            doc.malformed.append((number, line))
    return doc


def read_pair(text_path: Path, ann_path: Path) -> tuple[str, BratDocument]:
    """The text and parsed annotation of one document."""
    return text_path.read_text(encoding="utf-8"), parse_ann(ann_path.read_text(encoding="utf-8"))


def read_folder(folder: Path, with_ann_names: bool = False) -> list[tuple]:
    """(file name, text, annotation) for each `text/*.txt` with a first `attributions/<stem>_*.ann`.

    `with_ann_names` adds the `.ann` file's name after the text's: (file name, ann name, text, annotation).
    """
    folder = Path(folder)
    out = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            names = (txt.name, anns[0].name) if with_ann_names else (txt.name,)
            out.append((*names, *read_pair(txt, anns[0])))
    return out


def ranges(value) -> list[tuple[int, int]] | None:
    """A span as a list of ranges: accepts [s, e], (s, e) or [[s, e], ...]; None stays None."""
    if not value:
        return None
    if isinstance(value[0], int):
        return [(value[0], value[1])]
    return [(r[0], r[1]) for r in value]


def kind_of(text: str, att: dict) -> str:
    """The attribution's kind, or one read from its content when the reference has none (brat)."""
    if att.get("kind"):
        return att["kind"]
    parts = [text[s:e].strip() for s, e in ranges(att["content"]) or []]
    if not any(_QUOTE_MARKS.search(p) for p in parts):
        return "indirect"
    whole = all(_QUOTE_MARKS.match(p) and _QUOTE_MARKS.search(p[-2:]) for p in parts if p)
    return "direct" if whole else "mixed"
