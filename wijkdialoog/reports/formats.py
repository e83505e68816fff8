"""Write a report in the formats asked for, side by side in one folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from wijkdialoog.reports.content import Report
from wijkdialoog.reports.tables import write_csv, write_json
from wijkdialoog.reports.xlsx import write_xlsx

FORMATS = ("html", "pdf", "xlsx", "csv", "json")
DEFAULT_BASENAME = "rapport"
MAX_BASENAME_CHARS = 50


def parse_formats(text: str) -> tuple[str, ...]:
    """Read a comma list such as 'html, PDF,xlsx'; raise ValueError naming an unknown format."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not wanted:
        raise ValueError(f"no format given; choose from {', '.join(FORMATS)}")
    check_formats(wanted)
    return tuple(dict.fromkeys(wanted))


def check_formats(formats: Iterable[str]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"unknown format {', '.join(repr(f) for f in unknown)}; "
            f"choose from {', '.join(FORMATS)}"
        )


def basename_for(title: str) -> str:
    """A file name from a title: 'Wat vindt Zuid?' -> 'wat-vindt-zuid', cut between words."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(slug) > MAX_BASENAME_CHARS:
        cut = slug[: MAX_BASENAME_CHARS + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_BASENAME_CHARS]
    return slug or DEFAULT_BASENAME


def write_formats(
    report: Report, formats: Iterable[str], out_dir: Path, basename: str
) -> list[Path]:
    """Write `report` in each format into `out_dir`; return the files and folders written.

    html: the report, its infographic and the short public version; pdf: the report and
    its infographic; xlsx: the workbook; csv: a folder of tables; json: everything.
    """
    formats = list(dict.fromkeys(formats))
    check_formats(formats)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / basename
    written: list[Path] = []
    for kind in formats:
        written.extend(_WRITERS[kind](report, base))
    return written


def _html(report: Report, base: Path) -> list[Path]:
    # Imported here: the HTML and PDF renderers load templates, charts and fonts.
    from wijkdialoog.reports.html import render_infographic, render_public, render_report

    pages = {
        _named(base, ".html"): render_report,
        _named(base, "-infographic.html"): render_infographic,
        _named(base, "-publiek.html"): render_public,
    }
    for path, render in pages.items():
        path.write_text(render(report), encoding="utf-8")
    return list(pages)


def _pdf(report: Report, base: Path) -> list[Path]:
    from wijkdialoog.reports.pdf import write_infographic_pdf, write_pdf

    report_path, infographic_path = _named(base, ".pdf"), _named(base, "-infographic.pdf")
    write_pdf(report, report_path)
    write_infographic_pdf(report, infographic_path)
    return [report_path, infographic_path]


def _xlsx(report: Report, base: Path) -> list[Path]:
    return [write_xlsx(report, _named(base, ".xlsx"))]


def _csv(report: Report, base: Path) -> list[Path]:
    folder = _named(base, "-csv")
    write_csv(report, folder)
    return [folder]


def _json(report: Report, base: Path) -> list[Path]:
    return [write_json(report, _named(base, ".json"))]


def _named(base: Path, suffix: str) -> Path:
    return base.with_name(base.name + suffix)


_WRITERS = {"html": _html, "pdf": _pdf, "xlsx": _xlsx, "csv": _csv, "json": _json}
