"""Themes: group a question's statements by content and label each group in its own words.

Statements become vectors in one of two ways (measured in docs/benchmarks.md):

- "tfidf": character 3-5-gram TF-IDF of the cleaned statements (stop words out, n-grams
  of a single statement dropped), reduced with a truncated SVD to about a quarter as many
  dimensions as statements;
- "e5": multilingual-e5-small sentence embeddings from the optional extra `embeddings`
  (wijkdialoog/analysis/embeddings.py), with their common direction taken out.

"auto" takes e5 when it is installed and the question has at most E5_MAX_STATEMENTS
statements, TF-IDF otherwise. The vectors are clustered with k-means; the number of
themes follows the number of statements (silhouette picked the wrong number on
labelled Dutch data, see docs/decisions.md). Statements far from every theme, and
themes too small to stand, go to "Other". A theme's label is its most distinctive words.

ONE_THREAD: the numeric libraries run on one thread here. On 2 cores shared with other
work, two OpenMP or BLAS threads made k-means and the SVD 5-15 times slower (each
thread spins waiting for the other); on an idle machine one thread loses at most the
second core (docs/benchmarks.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from wijkdialoog.analysis import embeddings
from wijkdialoog.analysis.text import clean, lemma, stopwords, words

MIN_THEMES, MAX_THEMES = 3, 7
MIN_THEME_SIZE = 3  # a smaller group goes to Other
# SVD keeps about one dimension per four statements: enough for 7 themes, and fewer
# than the statements, so it drops the noise instead of merely rotating it.
MIN_SVD_DIMENSIONS, MAX_SVD_DIMENSIONS = 10, 50
# SVD and k-means learn from a seeded sample of this many statements, then place them
# all: 7 themes stand out as clearly in 10,000 statements as in 40,000, at a quarter
# of the time.
FIT_SAMPLE = 10_000
LOOSE_SHARE = 0.25  # closer to its theme than this share of the median: still in it
OTHER_LABEL = {"nl": "Overig", "en": "Other", "de": "Sonstiges"}

Method = Literal["auto", "tfidf", "e5"]


@dataclass(frozen=True, slots=True)
class Theme:
    label: str
    members: tuple[int, ...]  # positions in the statements given, most typical first
    is_other: bool = False


def theme_count(n: int) -> int:
    """How many themes for n statements: about the square root, between 3 and 7.

    Readers found 6-8 themes in questions of 24 to 100 statements (data/themes/); one
    theme per eight statements gave only 3-4 for the smaller ones.
    """
    return max(MIN_THEMES, min(MAX_THEMES, round(math.sqrt(n))))


def theme_method(count: int, method: Method = "auto") -> Literal["tfidf", "e5"]:
    """The method find_themes uses for `count` statements when asked for `method`."""
    if method == "auto":
        is_small = count <= embeddings.E5_MAX_STATEMENTS
        return "e5" if is_small and embeddings.is_available() else "tfidf"
    if method == "e5" and not embeddings.is_available():
        raise RuntimeError("method 'e5' needs the extra: pip install 'wijkdialoog[embeddings]'")
    return method


def find_themes(
    texts: Sequence[str],
    *,
    lang: str = "nl",
    support: Sequence[float] | None = None,
    themes: int | None = None,
    seed: int = 0,
    method: Method = "auto",
) -> list[Theme]:
    """Group statements into themes ranked by support (or size); Other comes last."""
    support = list(support) if support is not None else [1.0] * len(texts)
    if len(support) != len(texts):
        raise ValueError("support must give one number per statement")
    statement_words = [words(t, lang) for t in texts]
    usable = [i for i, found in enumerate(statement_words) if found]
    unusable = [i for i, found in enumerate(statement_words) if not found]  # emoji, links
    chosen = theme_method(len(usable), method)
    k = themes if themes is not None else theme_count(len(usable))
    is_all_alike = len({clean(texts[i]).lower() for i in usable}) < 2
    if len(usable) < MIN_THEME_SIZE * 2 or k < 2 or is_all_alike:
        found = [_one_theme(usable, statement_words, lang)] if usable else []
        return _with_other(found, unusable, lang)
    with threadpool_limits(limits=1):  # why: ONE_THREAD in the module's header
        vectors = _vectors([texts[i] for i in usable], lang=lang, seed=seed, method=chosen)
        k = min(k, len(usable) // MIN_THEME_SIZE, _distinct_rows(vectors))
        clusters, closeness = _clusters(vectors, k, seed)
    found, other = _themes_of_clusters(
        clusters, closeness, [statement_words[i] for i in usable], lang
    )
    found = [Theme(t.label, tuple(usable[m] for m in t.members)) for t in found]
    found.sort(key=lambda t: -sum(support[i] for i in t.members))
    return _with_other(found, sorted([usable[p] for p in other] + unusable), lang)


def theme_of_each(themes: Sequence[Theme], count: int) -> list[str]:
    """The label of every statement's theme, in the order the statements were given."""
    labels = [""] * count
    for theme in themes:
        for member in theme.members:
            labels[member] = theme.label
    return labels


def _vectors(texts: list[str], *, lang: str, seed: int, method: str) -> np.ndarray:
    if method == "e5":
        return _e5_vectors(texts)
    return _tfidf_vectors(texts, lang, seed)


def _e5_vectors(texts: list[str]) -> np.ndarray:
    # e5's vectors share one strong direction (every pair of our labelled statements has
    # a cosine of 0.7 or more); without it, k-means sees what sets statements apart.
    vectors = embeddings.embed_statements([clean(t) for t in texts])
    return normalize(vectors - vectors.mean(axis=0))


def _tfidf_vectors(texts: list[str], lang: str, seed: int) -> np.ndarray:
    stop = stopwords(lang)
    prepared = [" ".join(w for w in clean(t).lower().split() if w not in stop) for t in texts]
    matrix = _char_ngrams(prepared)
    wanted = min(MAX_SVD_DIMENSIONS, max(MIN_SVD_DIMENSIONS, len(texts) // 4))
    dimensions = min(wanted, matrix.shape[0] - 1, matrix.shape[1] - 1)
    if dimensions < 2:
        return normalize(matrix).toarray()
    svd = TruncatedSVD(n_components=dimensions, random_state=seed)
    svd.fit(matrix[_fit_sample(matrix.shape[0], seed)])
    return normalize(svd.transform(matrix))


def _char_ngrams(prepared: list[str]) -> sparse.csr_matrix:
    """TF-IDF of character 3-5-grams that two or more statements share.

    An n-gram of one statement cannot link it to another; dropping them helped on both
    labelled sets and shrinks the vocabulary for large questions.
    """
    settings = {"analyzer": "char_wb", "ngram_range": (3, 5), "sublinear_tf": True}
    try:
        return TfidfVectorizer(**settings, min_df=2, dtype=np.float32).fit_transform(prepared)
    except ValueError:  # no two statements share an n-gram: keep every statement's own
        return TfidfVectorizer(**settings, dtype=np.float32).fit_transform(prepared)


def _distinct_rows(vectors: np.ndarray) -> int:
    # k-means cannot make more clusters than there are different points.
    return len(np.unique(vectors.round(6), axis=0))


def _clusters(vectors: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each statement's cluster (-1: too far from all, so Other) and its closeness to it."""
    model = KMeans(n_clusters=k, n_init=10, random_state=seed)
    model.fit(vectors[_fit_sample(len(vectors), seed)])
    labels = model.predict(vectors)
    closeness = np.einsum("ij,ij->i", vectors, normalize(model.cluster_centers_)[labels])
    clusters = np.where(closeness < LOOSE_SHARE * np.median(closeness), -1, labels)
    return clusters, closeness


def _fit_sample(count: int, seed: int) -> np.ndarray:
    """Positions of the statements to learn from: all of them, or a seeded sample."""
    if count <= FIT_SAMPLE:
        return np.arange(count)
    return np.sort(np.random.default_rng(seed).choice(count, FIT_SAMPLE, replace=False))


def _themes_of_clusters(
    clusters: np.ndarray, closeness: np.ndarray, statement_words: list[list[str]], lang: str
) -> tuple[list[Theme], list[int]]:
    """Labelled themes of the clusters big enough to stand, and the positions left over."""
    everyone = _lemma_counts(statement_words, lang)[0]
    themes = []
    other = np.flatnonzero(clusters < 0).tolist()
    for cluster in range(int(clusters.max()) + 1):
        members = np.flatnonzero(clusters == cluster)
        if len(members) < MIN_THEME_SIZE:
            other.extend(members.tolist())
            continue
        ordered = members[np.argsort(-closeness[members], kind="stable")].tolist()
        label = _label([statement_words[m] for m in ordered], everyone, len(clusters), lang)
        themes.append(Theme(label, tuple(ordered)))
    return themes, other


def _one_theme(usable: list[int], statement_words: list[list[str]], lang: str) -> Theme:
    members = [statement_words[i] for i in usable]
    return Theme(_label(members, _lemma_counts(members, lang)[0], len(usable), lang), tuple(usable))


def _label(member_words: list[list[str]], everyone: Counter[str], total: int, lang: str) -> str:
    """The words that set a theme apart: frequent in it, rarer in the other statements.

    Words are compared as lemmas (bewoners and bewoner count as one) and shown in the
    form the theme's own statements use most. `everyone` counts the statements of the
    question per lemma, `total` is their number.
    """
    inside, forms = _lemma_counts(member_words, lang)
    if not inside:
        return OTHER_LABEL.get(lang, "Other")
    size_in, size_out = len(member_words), max(total - len(member_words), 1)

    def distinctiveness(word: str) -> float:
        share_in = inside[word] / size_in
        share_out = (everyone[word] - inside[word]) / size_out
        return share_in * math.log((share_in + 0.01) / (share_out + 0.01))

    # A word must come back in the theme to name it, unless the theme is one statement.
    candidates = [w for w, c in inside.items() if c >= 2] or list(inside)
    best = sorted(candidates, key=lambda w: (-distinctiveness(w), w))[:2]
    return ", ".join(forms[w].most_common(1)[0][0] for w in best).capitalize()


def _lemma_counts(
    statement_words: list[list[str]], lang: str
) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Statements per lemma (once per statement), and the word forms seen of each lemma."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for found in statement_words:
        seen = set()
        for word in found:
            base = lemma(word, lang)
            seen.add(base)
            forms.setdefault(base, Counter())[word] += 1
        counts.update(seen)
    return counts, forms


def _with_other(found: list[Theme], other: list[int], lang: str) -> list[Theme]:
    if other:
        found.append(Theme(OTHER_LABEL.get(lang, "Other"), tuple(other), is_other=True))
    return found
