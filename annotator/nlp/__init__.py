"""Detection engine: article text in, attributions out (spaCy only, no Flask)."""
from .types import Attribution, Span
from .pipeline import detect, detect_many, get_nlp

__all__ = ["Attribution", "Span", "detect", "detect_many", "get_nlp"]
