"""Opinion groups from the votes, as Polis finds them (docs/method.md, "Opinion groups").

The participant x statement matrix (agree +1, disagree -1, pass or unseen 0) is reduced
to two dimensions with PCA and clustered with k-means, k from 2 to 5 by silhouette.
Per group: the statements that set it apart (its agree share far from the others'),
and the statements every group supports.

The matrix stays sparse: a session of 10,000 people and 200,000 statements would be
16 GB dense. PCA's ARPACK solver centres it implicitly, and the silhouette is scored
on a seeded sample; such a session takes seconds and tens of MB (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

MIN_K, MAX_K = 2, 5
MIN_VOTES_PER_PARTICIPANT = 3  # fewer votes place a person nowhere in particular
DISTINCTIVE_GAP = 0.3  # agree share in the group minus outside it, to set it apart
SHARED_SHARE = 0.6  # every group's agree share above this: shared
SILHOUETTE_SAMPLE = 2_000  # people scored per silhouette; the full score is quadratic
# ARPACK's tolerance: a loose one converges several times faster (docs/benchmarks.md), and
# places people on the plane within a millionth of the exact answer.
PCA_TOLERANCE = 1e-3
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
    """Group participants by their (participant, statement, vote) rows; a later row wins."""
    participant_ids, statement_ids, values = _vote_arrays(votes)
    everyone, rows = np.unique(participant_ids, return_inverse=True)
    statements, columns = np.unique(statement_ids, return_inverse=True)
    rows, columns, values = _last_vote_per_pair(rows, columns, values, width=len(statements))
    decided = values != 0
    is_placed = np.bincount(rows[decided], minlength=len(everyone)) >= MIN_VOTES_PER_PARTICIPANT
    people = everyone[is_placed]
    if len(people) < MIN_K * 3 or len(statements) < 2:
        return OpinionGroups((), (), None)
    row_of_person = np.cumsum(is_placed) - 1
    keep = decided & is_placed[rows]
    matrix = sparse.csr_matrix(
        (values[keep], (row_of_person[rows[keep]], columns[keep])),
        shape=(len(people), len(statements)),
    )
    with threadpool_limits(limits=1):  # see ONE_THREAD in themes.py
        points = _two_dimensions(matrix, seed)
        labels, score = _best_clustering(points, seed)
    return _describe(matrix, labels, people.tolist(), statements.tolist(), score)


def _vote_arrays(
    votes: Iterable[tuple[int, int, str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Straight into arrays: two million Python tuples would cost far more memory.
    rows = np.fromiter(
        ((p, s, _VALUE.get(v, 0.0)) for p, s, v in votes),
        dtype=[("participant", np.int64), ("statement", np.int64), ("value", np.float64)],
    )
    return rows["participant"], rows["statement"], rows["value"]


def _last_vote_per_pair(
    rows: np.ndarray, columns: np.ndarray, values: np.ndarray, *, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # np.unique keeps the first of equal pairs, so look from the end: the last vote counts.
    pairs = (rows.astype(np.int64) * width + columns)[::-1]
    _, first_from_end = np.unique(pairs, return_index=True)
    keep = len(values) - 1 - first_from_end
    return rows[keep], columns[keep], values[keep]


def _two_dimensions(matrix: sparse.csr_matrix, seed: int) -> np.ndarray:
    if min(matrix.shape) <= 2:  # ARPACK needs more columns than components; this is tiny
        return PCA(n_components=2, random_state=seed).fit_transform(matrix.toarray())
    pca = PCA(n_components=2, svd_solver="arpack", tol=PCA_TOLERANCE, random_state=seed)
    return pca.fit_transform(matrix)


def _best_clustering(points: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    best: tuple[np.ndarray, float] | None = None
    sample_size = SILHOUETTE_SAMPLE if len(points) > SILHOUETTE_SAMPLE else None
    for k in range(MIN_K, min(MAX_K, len(points) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(points, labels, sample_size=sample_size, random_state=seed))
        if best is None or score > best[1]:
            best = (labels, score)
    assert best is not None
    return best


def _describe(
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    people: Sequence[int],
    statements: Sequence[int],
    score: float,
) -> OpinionGroups:
    group_labels = np.unique(labels)
    membership = sparse.csr_matrix(
        (np.ones(len(labels)), (np.searchsorted(group_labels, labels), np.arange(len(labels)))),
        shape=(len(group_labels), len(labels)),
    )
    # Per group and statement: how many agreed, and how many agreed or disagreed.
    agree = np.asarray((membership @ (matrix > 0)).todense())
    decided = np.asarray((membership @ (matrix != 0)).todense())
    agree_total, decided_total = agree.sum(axis=0), decided.sum(axis=0)
    shares = []
    groups = []
    for g, label in enumerate(group_labels):
        share_in = _share(agree[g], decided[g])
        share_out = _share(agree_total - agree[g], decided_total - decided[g])
        shares.append(share_in)
        apart = _strongest(share_in - share_out, above=DISTINCTIVE_GAP)
        gaps = [(statements[j], float(share_in[j]), float(share_out[j])) for j in apart]
        members = tuple(people[i] for i in np.flatnonzero(labels == label))
        groups.append(OpinionGroup(members, tuple(gaps)))
    lowest = np.min(np.vstack(shares), axis=0)
    shared = tuple(statements[j] for j in _strongest(lowest, above=SHARED_SHARE, strictly=True))
    groups.sort(key=lambda g: -len(g.members))
    return OpinionGroups(tuple(groups), shared, score)


def _strongest(values: np.ndarray, *, above: float, strictly: bool = False) -> list[int]:
    """Positions of the TOP largest values past the bar, largest first."""
    order = np.argsort(-values, kind="stable")[:TOP]
    passes = values[order] > above if strictly else values[order] >= above
    return order[passes].tolist()


def _share(agree: np.ndarray, decided: np.ndarray) -> np.ndarray:
    # Smoothed, so a statement the group never voted on sits at one half, not at zero.
    return (agree + 1) / (decided + 2)
