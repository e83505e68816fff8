"""Print the report and the infographic to PDF with WeasyPrint, from their HTML.

The pages' print CSS (templates/*.css: `@page`, `@media print`) lays them out on A4.
Only data: URLs are fetched: the HTML holds everything it shows, and a report is never
the reason a request leaves the machine.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML, Document  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from wijkdialoog.reports.content import Report
from wijkdialoog.reports.html import render_infographic, render_report


def write_pdf(report: Report, path: Path) -> None:
    """Write the full report as an A4 PDF to `path`."""
    pdf_document(render_report(report)).write_pdf(path)


def write_infographic_pdf(report: Report, path: Path) -> None:
    """Write the infographic as a one-page A4 PDF to `path`."""
    pdf_document(render_infographic(report)).write_pdf(path)


def pdf_document(html: str) -> Document:
    """Lay a self-contained page out for print; its `.pages` can be counted before writing."""
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).render()
