"""`wijkdialoog themes`: label every statement of a CSV with its question's theme."""

from __future__ import annotations

import csv
from pathlib import Path

from wijkdialoog.analysis.themes import find_themes, theme_of_each

REQUIRED = ("question", "text")


class ThemesCsvError(ValueError):
    """The input CSV cannot be read as statements; the message names the file and why."""


def label_csv(source: Path, target: Path, *, lang: str, seed: int = 0) -> dict[str, int]:
    """Write every row of `source` to `target` with a `theme` column; return themes per question."""
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise ThemesCsvError(
                    f"{source}: line 1: missing column(s) {', '.join(missing)} "
                    f"(found: {', '.join(columns) or 'none'})"
                )
            rows = list(reader)
    except UnicodeDecodeError as error:
        raise ThemesCsvError(f"{source}: not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise ThemesCsvError(f"{source}: line {reader.line_num}: {error}") from error
    by_question: dict[str, list[int]] = {}
    for number, row in enumerate(rows):
        by_question.setdefault(row["question"] or "", []).append(number)
    labels = [""] * len(rows)
    counts = {}
    for question, numbers in by_question.items():
        texts = [rows[n]["text"] or "" for n in numbers]
        themes = find_themes(texts, lang=lang, seed=seed)
        counts[question] = len(themes)
        for n, label in zip(numbers, theme_of_each(themes, len(texts)), strict=True):
            labels[n] = label
    out_columns = [*columns, "theme"] if "theme" not in columns else columns
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=out_columns)
        writer.writeheader()
        for row, label in zip(rows, labels, strict=True):
            writer.writerow({**row, "theme": label})
    return counts
