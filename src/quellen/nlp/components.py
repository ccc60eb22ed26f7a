"""Small rule components that sit after the statistical ones in the saved pipeline."""
from __future__ import annotations

from spacy.language import Language


def add_rule_components(nlp: Language) -> None:
    """Add the rule components to a freshly trained pipeline (called when shipping it)."""
    return None
