"""Themes: group a question's statements by content and label each group in its own words.

Character 3-5-gram TF-IDF of the cleaned statements (stop words out), reduced with a
truncated SVD, clustered with k-means; the number of themes follows the number of
statements (silhouette picked the wrong number on labelled Dutch data, see
docs/decisions.md). Statements far from every theme, and themes too small to stand,
go to "Other". A theme's label is its most distinctive words.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from wijkdialoog.analysis.text import clean, lemma, stopwords, words

MIN_THEMES, MAX_THEMES = 3, 7
MIN_THEME_SIZE = 3  # a smaller group goes to Other
SVD_DIMENSIONS = 100
OTHER_LABEL = {"nl": "Overig", "en": "Other", "de": "Sonstiges"}


@dataclass(frozen=True, slots=True)
class Theme:
    label: str
    members: tuple[int, ...]  # positions in the statements given, most typical first
    is_other: bool = False


def theme_count(n: int) -> int:
    """How many themes for n statements: about one per eight, between 3 and 7."""
    return max(MIN_THEMES, min(MAX_THEMES, round(n / 8)))


def find_themes(
    texts: Sequence[str],
    *,
    lang: str = "nl",
    support: Sequence[float] | None = None,
    themes: int | None = None,
    seed: int = 0,
) -> list[Theme]:
    """Group statements into themes ranked by support (or size); Other comes last."""
    support = list(support) if support is not None else [1.0] * len(texts)
    if len(support) != len(texts):
        raise ValueError("support must give one number per statement")
    usable = [i for i, t in enumerate(texts) if words(t, lang)]
    unusable = sorted(set(range(len(texts))) - set(usable))  # only emoji, links, stop words
    k = themes if themes is not None else theme_count(len(usable))
    if len(usable) < MIN_THEME_SIZE * 2 or k < 2:
        found = (
            [Theme(_label([texts[i] for i in usable], [], lang), tuple(usable))] if usable else []
        )
        return _with_other(found, unusable, lang)
    vectors = _vectors([texts[i] for i in usable], lang, seed)
    k = min(k, len(usable) // MIN_THEME_SIZE)
    model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(vectors)
    closeness = np.einsum("ij,ij->i", vectors, normalize(model.cluster_centers_)[model.labels_])
    # Far from its theme's centre (below a quarter of the typical closeness): Other.
    loose = closeness < 0.25 * float(np.median(closeness))
    groups: list[list[int]] = [[] for _ in range(k)]
    other = list(unusable)
    for position, (cluster, is_loose) in enumerate(zip(model.labels_, loose, strict=True)):
        if is_loose:
            other.append(usable[position])
        else:
            groups[cluster].append(position)
    found = []
    for cluster, members in enumerate(groups):
        if len(members) < MIN_THEME_SIZE:
            other.extend(usable[m] for m in members)
            continue
        members.sort(key=lambda m: -closeness[m])
        member_texts = [texts[usable[m]] for m in members]
        rest = [texts[usable[m]] for c, g in enumerate(groups) if c != cluster for m in g]
        found.append(Theme(_label(member_texts, rest, lang), tuple(usable[m] for m in members)))
    found.sort(key=lambda t: -sum(support[i] for i in t.members))
    return _with_other(found, sorted(other), lang)


def theme_of_each(themes: Sequence[Theme], count: int) -> list[str]:
    """The label of every statement's theme, in the order the statements were given."""
    labels = [""] * count
    for theme in themes:
        for member in theme.members:
            labels[member] = theme.label
    return labels


def _vectors(texts: list[str], lang: str, seed: int) -> np.ndarray:
    stop = stopwords(lang)
    prepared = [" ".join(w for w in clean(t).lower().split() if w not in stop) for t in texts]
    tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = tfidf.fit_transform(prepared)
    dimensions = min(SVD_DIMENSIONS, matrix.shape[0] - 1, matrix.shape[1] - 1)
    if dimensions < 2:
        return normalize(matrix.toarray())
    reduced = TruncatedSVD(n_components=dimensions, random_state=seed).fit_transform(matrix)
    return normalize(reduced)


def _label(member_texts: list[str], rest: list[str], lang: str) -> str:
    """The words that set a theme apart: frequent in it, rarer elsewhere.

    Words are compared as lemmas (bewoners and bewoner count as one) and shown in the
    form the theme's own statements use most.
    """
    inside, forms = _lemma_counts(member_texts, lang)
    outside, _ = _lemma_counts(rest, lang)
    if not inside:
        return OTHER_LABEL.get(lang, "Other")
    size_in, size_out = max(len(member_texts), 1), max(len(rest), 1)

    def distinctiveness(word: str) -> float:
        share_in = inside[word] / size_in
        share_out = outside[word] / size_out
        return share_in * math.log((share_in + 0.01) / (share_out + 0.01))

    # A word must come back in the theme to name it, unless the theme is one statement.
    candidates = [w for w, c in inside.items() if c >= 2] or list(inside)
    best = sorted(candidates, key=lambda w: (-distinctiveness(w), w))[:2]
    return ", ".join(forms[w].most_common(1)[0][0] for w in best).capitalize()


def _lemma_counts(texts: list[str], lang: str) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Statements per lemma (once per statement), and the word forms seen of each lemma."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        seen = {}
        for word in words(text, lang):
            seen.setdefault(lemma(word, lang), word)
            forms.setdefault(lemma(word, lang), Counter())[word] += 1
        counts.update(seen.keys())
    return counts, forms


def _with_other(found: list[Theme], other: list[int], lang: str) -> list[Theme]:
    if other:
        found.append(Theme(OTHER_LABEL.get(lang, "Other"), tuple(other), is_other=True))
    return found
