"""Who counts as the same speaker: one normalised name for the checks, the badges, corroboration and the registry.

`Col. Ryan Dillon` and `ryan dillon`, `the Pentagon` and `Pentagon` are one speaker; case, spacing,
punctuation, a leading `the` and courtesy or military titles make no difference. (Scoring against
references keeps the reference scorer's own rule, `annotator.evaluation.norm_name`, so its figures
stay those of shared/tools/score.py.)
"""

from __future__ import annotations

import re

_LEADING = re.compile(r"^(?:the|mr|mrs|ms|dr|prof|col|gen|lt|sgt|capt|sen|rep|gov|president)\b\.?\s*")
_NOT_WORD = re.compile(r"[^\w\s]|_")


def name_key(name: str | None) -> str | None:
    """The normalised form of a speaker's name, or None when no name is given."""
    key = _NOT_WORD.sub(" ", (name or "").casefold().replace("\u2019", "'").replace("'s ", " "))
    key = " ".join(key.split())
    previous = None
    while previous != key:
        previous, key = key, _LEADING.sub("", key)
    return key or None
