"""The built-in stages. Each is a thin adapter: the work lives in the module it names."""
from __future__ import annotations

from .pipeline import Analysis, Resources, stage


@stage("nlp")
def nlp_stage(analysis: Analysis, resources: Resources) -> None:
    """Tokens, sentences, tags, morphology, lemmas, entities from quellen's own German pipeline."""
    from .nlp import load_pipeline

    nlp = resources.get("nlp", load_pipeline)
    analysis.spacy_doc = nlp(analysis.document.text)


@stage("entities")
def entities_stage(analysis: Analysis, resources: Resources) -> None:
    """Named entities with all their mentions, aliases merged within the article."""
    from .link.entities import extract_entities

    analysis.document.entities = extract_entities(analysis)


@stage("attribution")
def attribution_stage(analysis: Analysis, resources: Resources) -> None:
    """Attributed statements: learned model plus rules (direct, indirect, according_to, denial)."""
    from .attribution import find_attributions

    find_attributions(analysis, resources)


@stage("speakers")
def speakers_stage(analysis: Analysis, resources: Resources) -> None:
    """Resolve each attribution's source to a canonical speaker and its kind."""
    from .link.speakers import resolve_speakers

    resolve_speakers(analysis)


@stage("denials")
def denials_stage(analysis: Analysis, resources: Resources) -> None:
    """Point every denial at the attribution whose claim it denies."""
    from .link.denials import link_denials

    link_denials(analysis)
