"""How well the theme finder groups statements the way a careful reader did.

For every question of the labelled sets in data/themes/ (see its README) the statements
are clustered and compared with the reader's themes by adjusted Rand index (ARI) and
V-measure. Beside it, in the same run: the same pipeline with the reader's number of
themes, and a baseline of word TF-IDF with k-means at that number.

Run from the repository root: `python benchmarks/theme_quality.py`.
"""

from __future__ import annotations

import csv
import sys
import warnings
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score

from wijkdialoog.analysis.text import clean
from wijkdialoog.analysis.themes import find_themes, theme_of_each

DATA = Path(__file__).resolve().parent.parent / "data" / "themes"
SETS = {"nl_seeds.csv": "nl", "en_polis.csv": "en"}


def word_baseline(texts: list[str], k: int, lang: str) -> list[int]:
    from wijkdialoog.analysis.text import stopwords

    vectors = TfidfVectorizer(stop_words=list(stopwords(lang))).fit_transform(
        [clean(t).lower() for t in texts]
    )
    return list(KMeans(n_clusters=k, n_init=10, random_state=0).fit(vectors).labels_)


def main() -> None:
    # The baseline's stop-word list has contractions the tokenizer splits; harmless here.
    warnings.filterwarnings("ignore", message="Your stop_words may be inconsistent")
    rows_out = []
    for name, lang in SETS.items():
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
            texts = [r["text"] for r in items]
            truth = [r["theme"] for r in items]
            true_k = len({t for t in truth if t.lower() not in ("overig", "other")})
            ours = theme_of_each(find_themes(texts, lang=lang), len(texts))
            ours_k = theme_of_each(find_themes(texts, lang=lang, themes=true_k), len(texts))
            base = word_baseline(texts, true_k, lang)
            scores = [
                (adjusted_rand_score(truth, found), v_measure_score(truth, found))
                for found in (ours, ours_k, base)
            ]
            rows_out.append((name, question, len(texts), true_k, scores))
            print(
                f"{name:12} {question[:48]:48} n={len(texts):3} k={true_k}  "
                + "  ".join(f"ARI {a:.2f} V {v:.2f}" for a, v in scores)
            )
    for name in SETS:
        mine = [r for r in rows_out if r[0] == name]
        if not mine:
            continue
        columns = []
        for index in range(3):
            columns.append((mean(r[4][index][0] for r in mine), mean(r[4][index][1] for r in mine)))
        labels = ("themes", "themes_true_k", "word_tfidf_true_k")
        print(
            f"RESULT set={name} questions={len(mine)} "
            + " ".join(
                f"ari_{label}={a:.3f} v_{label}={v:.3f}"
                for label, (a, v) in zip(labels, columns, strict=True)
            )
        )


if __name__ == "__main__":
    main()
