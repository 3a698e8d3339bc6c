"""The trained span model inside the detection pipeline: its spans go to doc.spans, never doc.ents.

The model is a spaCy `ner` with a tok2vec of its own (features: word forms and part-of-speech tags),
trained on content, cue and source spans. It runs after the tagger and before the parser
and the entity recognizer; `span_model_handoff` then moves its predictions to doc.spans[PARTS_KEY] and leaves
doc.ents unset, so the pretrained recognizer still finds the people and organisations.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from ..vocab import DETECTOR_SPAN_MODEL

# Attribution part -> entity label the model predicts.
LABELS = {"content": "CONTENT", "cue": "CUE", "source": "SOURCE"}
PARTS_KEY = "attribution_parts"
# also the name a trained pipeline records, which the detector of its suggestions is named after (version_of)
COMPONENT = DETECTOR_SPAN_MODEL
HANDOFF = "span_model_handoff"


@Language.component(HANDOFF)
def span_model_handoff(doc: Doc) -> Doc:
    """Move the span model's predictions from doc.ents to doc.spans, leaving the entities unset."""
    doc.spans[PARTS_KEY] = SpanGroup(doc, name=PARTS_KEY, spans=list(doc.ents))
    doc.set_ents([], default="missing")
    return doc


def version_of(path: Path) -> str:
    """The version a trained pipeline directory records in its meta.json."""
    meta = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))
    return f"{meta.get('name', 'spans')}-{meta.get('version', '0')}"


def add_span_model(nlp: Language, path: Path) -> None:
    """Put the trained component of the pipeline at `path` into nlp, before its entity recognizer."""
    import spacy

    trained = spacy.load(path)
    # before the parser: a content often runs over several sentences, and the parser sets them
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe(COMPONENT, source=trained, before=before)
    nlp.add_pipe(HANDOFF, after=COMPONENT)
    nlp.meta["span_model"] = version_of(path)
