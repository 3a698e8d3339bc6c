"""Reading brat standoff annotation (`.ann` next to a text), as PolNeAR ships it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Ranges = list[tuple[int, int]]


@dataclass
class TextBound:
    """A `T` line: a typed span, possibly discontinuous (`0 5;9 12`)."""

    id: str
    type: str
    ranges: Ranges
    text: str


@dataclass
class Event:
    """An `E` line: a trigger and role -> text-bound id arguments."""

    id: str
    type: str
    trigger: str
    args: dict[str, str] = field(default_factory=dict)


@dataclass
class BratDocument:
    """The text-bounds and events of one `.ann` file."""

    spans: dict[str, TextBound]
    events: list[Event]

    def attributions(self) -> list[dict]:
        """One record per event with a Content argument: content, cue and source as range lists."""
        out = []
        for ev in self.events:
            if "Content" not in ev.args:
                continue

            def ranges(role: str) -> Ranges | None:
                tb = self.spans.get(ev.args.get(role, ""))
                return list(tb.ranges) if tb else None

            out.append({"content": ranges("Content"), "cue": ranges("Cue"), "source": ranges("Source"),
                        "event": (ev.type, ev.id)})
        return out


def parse_ann(lines: str) -> BratDocument:
    """Parse the text of an `.ann` file (notes, relations and attributes are skipped)."""
    spans: dict[str, TextBound] = {}
    events: list[Event] = []
    for line in lines.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if line.startswith("T"):
            typ, _, offsets = parts[1].partition(" ")
            ranges = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
            spans[parts[0]] = TextBound(parts[0], typ, [r for r in ranges if len(r) == 2],
                                        parts[2] if len(parts) > 2 else "")
        elif line.startswith("E"):
            items = parts[1].split()
            if not items or ":" not in items[0]:
                continue
            typ, trigger = items[0].split(":", 1)
            args = dict(item.split(":", 1) for item in items[1:] if ":" in item)
            events.append(Event(parts[0], typ, trigger, args))
    return BratDocument(spans, events)


def read_pair(text_path: Path, ann_path: Path) -> tuple[str, BratDocument]:
    """The text and parsed annotation of one document."""
    return text_path.read_text(encoding="utf-8"), parse_ann(ann_path.read_text(encoding="utf-8"))


def read_folder(folder: Path) -> list[tuple[str, str, BratDocument]]:
    """(file name, text, annotation) for each `text/*.txt` with a first `attributions/<stem>_*.ann`."""
    folder = Path(folder)
    out = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            out.append((txt.name, *read_pair(txt, anns[0])))
    return out
