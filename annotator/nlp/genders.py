"""Grammatical gender of people in a text, from courtesy titles and resolved pronouns only (no name lists)."""

from __future__ import annotations

from spacy.tokens import Doc

MALE, FEMALE = "male", "female"
_PRONOUNS = {
    **dict.fromkeys(("he", "him", "his", "himself"), MALE),
    **dict.fromkeys(("she", "her", "hers", "herself"), FEMALE),
}
_TITLES = {**dict.fromkeys(("mr", "mr."), MALE), **dict.fromkeys(("mrs", "mrs.", "ms", "ms.", "miss"), FEMALE)}


def pronoun_gender(word: str) -> str | None:
    """The gender a pronoun marks (`she` -> female), None for any other word."""
    return _PRONOUNS.get(word.lower())


def opposite(gender: str) -> str:
    """The other gender."""
    return FEMALE if gender == MALE else MALE


class Genders:
    """Gender by surname, from `Mr. Brown`-style titles, then from pronouns resolved to a person."""

    def __init__(self, doc: Doc):
        self.known: dict[str, str | None] = {}
        for tok in doc:
            gender = _TITLES.get(tok.lower_)
            end = tok.i + 1
            while gender is not None and end < len(doc) and doc[end].pos_ == "PROPN":
                end += 1
            if gender is not None and end > tok.i + 1:
                self._learn(doc[end - 1].lower_, gender, overrule=True)

    def _learn(self, surname: str, gender: str, overrule: bool) -> None:
        if surname not in self.known:
            self.known[surname] = gender
        elif overrule and self.known[surname] not in (gender, None):
            self.known[surname] = None  # `Mr. Smith` and `Mrs. Smith`: two people, no gender to go by

    def of(self, name: str | None) -> str | None:
        """The known gender of a person's name (by surname), else None."""
        return self.known.get(name.split()[-1].lower()) if name and name.split() else None

    def learn(self, name: str, pronoun: str) -> None:
        """Remember that a gendered pronoun was resolved to name (titles already known win)."""
        gender = pronoun_gender(pronoun)
        if gender is not None and name.split():
            self._learn(name.split()[-1].lower(), gender, overrule=False)
