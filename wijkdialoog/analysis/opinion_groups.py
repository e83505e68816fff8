"""Opinion groups from the votes, as Polis finds them (docs/method.md, "Opinion groups").

The participant x statement matrix (agree +1, disagree -1, pass or unseen 0) is reduced
to two dimensions with PCA and clustered with k-means, k from 2 to 5 by silhouette.
Per group: the statements that set it apart (its agree share far from the others'),
and the statements every group supports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

MIN_K, MAX_K = 2, 5
MIN_VOTES_PER_PARTICIPANT = 3  # fewer votes place a person nowhere in particular
DISTINCTIVE_GAP = 0.3  # agree share in the group minus outside it, to set it apart
SHARED_SHARE = 0.6  # every group's agree share above this: shared
TOP = 5

_VALUE = {"agree": 1.0, "disagree": -1.0}


@dataclass(frozen=True, slots=True)
class OpinionGroup:
    members: tuple[int, ...]  # participant ids
    distinctive: tuple[tuple[int, float, float], ...]  # (statement, share inside, outside)


@dataclass(frozen=True, slots=True)
class OpinionGroups:
    groups: tuple[OpinionGroup, ...]
    shared: tuple[int, ...]  # statements every group supports, strongest first
    silhouette: float | None  # None when there were too few people to group


def find_opinion_groups(votes: Iterable[tuple[int, int, str]], *, seed: int = 0) -> OpinionGroups:
    """Group participants by their (participant, statement, vote) rows."""
    rows = [(p, s, _VALUE.get(v, 0.0)) for p, s, v in votes]
    counts: dict[int, int] = {}
    for participant, _, value in rows:
        if value:
            counts[participant] = counts.get(participant, 0) + 1
    people = sorted(p for p, n in counts.items() if n >= MIN_VOTES_PER_PARTICIPANT)
    statements = sorted({s for _, s, _ in rows})
    if len(people) < MIN_K * 3 or len(statements) < 2:
        return OpinionGroups((), (), None)
    row_of = {p: i for i, p in enumerate(people)}
    column_of = {s: j for j, s in enumerate(statements)}
    matrix = np.zeros((len(people), len(statements)))
    for participant, statement, value in rows:
        if participant in row_of:
            matrix[row_of[participant], column_of[statement]] = value
    points = PCA(n_components=2, random_state=seed).fit_transform(matrix)
    labels, score = _best_clustering(points, seed)
    return _describe(matrix, labels, people, statements, score)


def _best_clustering(points: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    best: tuple[np.ndarray, float] | None = None
    for k in range(MIN_K, min(MAX_K, len(points) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(points, labels))
        if best is None or score > best[1]:
            best = (labels, score)
    assert best is not None
    return best


def _describe(
    matrix: np.ndarray,
    labels: np.ndarray,
    people: Sequence[int],
    statements: Sequence[int],
    score: float,
) -> OpinionGroups:
    agree, decided = matrix > 0, matrix != 0
    shares = []
    groups = []
    for label in sorted(set(labels)):
        inside = labels == label
        share_in = _share(agree[inside], decided[inside])
        share_out = _share(agree[~inside], decided[~inside])
        shares.append(share_in)
        gaps = [
            (statements[j], float(share_in[j]), float(share_out[j]))
            for j in np.argsort(-(share_in - share_out))
            if share_in[j] - share_out[j] >= DISTINCTIVE_GAP
        ][:TOP]
        members = tuple(people[i] for i in np.flatnonzero(inside))
        groups.append(OpinionGroup(members, tuple(gaps)))
    lowest = np.min(np.vstack(shares), axis=0)
    shared = tuple(statements[j] for j in np.argsort(-lowest) if lowest[j] > SHARED_SHARE)
    groups.sort(key=lambda g: -len(g.members))
    return OpinionGroups(tuple(groups), shared[:TOP], score)


def _share(agree: np.ndarray, decided: np.ndarray) -> np.ndarray:
    # Smoothed, so a statement the group never voted on sits at one half, not at zero.
    return (agree.sum(axis=0) + 1) / (decided.sum(axis=0) + 2)
