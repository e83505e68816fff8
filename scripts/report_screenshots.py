"""Make the README's pictures of the report: the HTML in Chromium, the PDF pages via pdftoppm.

Builds the report of a simulated reference session (155 participants, 90 minutes,
seed 1), writes it as HTML, PDF, infographic and public page, and saves into
docs/screenshots/: the HTML report's top and a question (desktop), the public page
(phone), the infographic PDF and the first pages of the PDF. Run by `make screenshots`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wijkdialoog.reports.build import build_report  # noqa: E402
from wijkdialoog.reports.formats import write_formats  # noqa: E402
from wijkdialoog.reports.record import from_simulation  # noqa: E402
from wijkdialoog.simulation.crowd import simulate_session  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pdf_pages(
    pdf: Path, target: Path, *, first: int, last: int, resolution: int = 45, width: int = 280
) -> None:
    """Render pages first..last of a PDF with pdftoppm and lay them side by side in one PNG."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(resolution),
                "-f",
                str(first),
                "-l",
                str(last),
                pdf,
                prefix,
            ],
            check=True,
        )
        pages = sorted(Path(folder).glob("page-*.png"))
        html = "".join(
            f'<img src="file://{p}" style="border:1px solid #bbb;margin:6px;width:{width}px">'
            for p in pages
        )
        page_width = len(pages) * (width + 14) + 10
        shoot(f"<body style='margin:0;background:#eee'>{html}</body>", target, width=page_width)


def shoot(html: str, target: Path, *, width: int, height: int = 0) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
        handle.write(html)
    page_file = Path(handle.name)
    screenshot(page_file, target, width=width, height=height)
    page_file.unlink()


def screenshot(
    page_file: Path, target: Path, *, width: int, height: int = 0, anchor: str = ""
) -> None:
    """A screenshot of a local HTML file; the full page when no height is given."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height or 900})
        page.goto(f"file://{page_file}{anchor}")
        page.wait_for_timeout(300)
        page.screenshot(path=str(target), full_page=not height)
        browser.close()
    print(f"saved {target.relative_to(ROOT)}")


def main() -> None:
    session = simulate_session(participants=155, minutes=90, seed=1)
    report = build_report(from_simulation(session))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        write_formats(report, ["html", "pdf"], out, "rapport")
        screenshot(out / "rapport.html", OUT / "report-top.png", width=1280, height=1500)
        question = report.questions[0].item_id if report.questions else 0
        screenshot(
            out / "rapport.html",
            OUT / "report-question.png",
            width=1280,
            height=1500,
            anchor=f"#vraag-{question}",
        )
        screenshot(out / "rapport-publiek.html", OUT / "report-public-phone.png", width=390)
        pdf_pages(
            out / "rapport-infographic.pdf",
            OUT / "report-infographic.png",
            first=1,
            last=1,
            resolution=100,
            width=760,
        )
        pdf_pages(out / "rapport.pdf", OUT / "report-pdf-pages.png", first=1, last=6)


if __name__ == "__main__":
    main()
