"""The rendered report: what the HTML pages show, that they stand alone, and the PDFs.

PDF rendering is slow (seconds a report), so only a few PDFs are made here; the HTML
of every awkward session is checked instead.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wijkdialoog.reports.charts import bar_chart_svg, wrap_label
from wijkdialoog.reports.content import Count, Infographic, InfographicBlock, Report
from wijkdialoog.reports.html import (
    format_number,
    render_infographic,
    render_public,
    render_report,
)
from wijkdialoog.reports.labels import say
from wijkdialoog.reports.pdf import pdf_document, write_infographic_pdf, write_pdf
from wijkdialoog.reports.wordcloud_image import undrawable_words, word_cloud_png

from .conftest import LONG_STATEMENT, SCRIPT_STATEMENT

RENDERERS = (render_report, render_infographic, render_public)
VOID_ELEMENTS = {"meta", "img", "br", "hr", "input", "link", "source", "wbr", "col"}
SVG_SELF_CLOSING = {"path", "use", "rect", "circle", "line", "stop"}


class _Structure(HTMLParser):
    """Collect headings, unclosed or stray tags, and URLs the page would fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []
        self.headings: list[int] = []
        self.fetched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "poster") and value:
                self.fetched.append(value)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value:
                self.fetched.append(value)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
            return
        self.open.pop()


def structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


def assert_well_formed(html: str) -> None:
    parsed = structure(html)
    assert not parsed.errors, parsed.errors[:5]
    assert parsed.open == [], parsed.open
    assert html.startswith("<!DOCTYPE html>")


def external_references(html: str) -> list[str]:
    """Every src/href/url() that points off the page (data: and #anchors stay)."""
    found = structure(html).fetched + re.findall(r"url\(\s*['\"]?([^)'\"]+)", html)
    found += re.findall(r"@import\s+['\"]?([^'\";]+)", html)
    return [url for url in found if not url.startswith(("data:", "#"))]


@pytest.fixture(scope="module")
def london_html(london_report: Report) -> str:
    return render_report(london_report)


@pytest.fixture(scope="module")
def rich_html(rich_report: Report) -> str:
    return render_report(rich_report)


# What the report shows ---------------------------------------------------------


def test_report_names_every_question_theme_and_figure(
    london_report: Report, london_html: str
) -> None:
    html = london_html
    for question in london_report.questions:
        assert _escaped(question.title) in html
        for theme in question.themes:
            assert _escaped(theme.label) in html
    figures = london_report.figures
    for value in (figures.active, figures.statements, figures.votes, figures.synthetrons):
        assert f">{format_number(value, lang='nl')}<" in html
    for row in figures.rows:
        assert _escaped(row.label) in html
    assert _escaped(figures.remark) in html


def test_report_shows_polls_profiles_and_bipotrons(rich_report: Report, rich_html: str) -> None:
    html = rich_html
    poll = rich_report.polls[0]
    assert _escaped(poll.title) in html
    assert f"{say('nl', 'html.i_choose')} <em" in html  # "Ik kies <em>goed</em> omdat ..."
    for chart in ("html.chart.roles", "html.chart.organisations", "html.chart.scales"):
        assert say("nl", chart) in html
    for group in rich_report.participation.reasons:
        assert _escaped(group.label) in html
    assert say("nl", "html.bipotrons") in html
    assert "data:image/png;base64," in html  # the word cloud


def test_synthetron_quotes_are_in_italics_and_others_in_quotation_marks(
    rich_report: Report, rich_html: str
) -> None:
    html = rich_html
    quotes = [q for question in rich_report.questions for t in question.themes for q in t.quotes]
    synthetron = next(q for q in quotes if q.is_synthetron and len(q.text) < 200)
    assert f"<em>{_escaped(synthetron.text)}</em>" in html
    other = next((q for q in quotes if not q.is_synthetron and len(q.text) < 200), None)
    if other is not None:
        assert f"&ldquo;{_escaped(other.text)}&rdquo;" in html


def test_report_is_dutch_unless_english_is_asked_for(
    london_report: Report, london_html: str
) -> None:
    dutch = london_html
    english = render_report(replace(london_report, lang="en"))
    assert '<html lang="nl">' in dutch and "Samenvatting" in dutch
    assert '<html lang="en">' in english and "Summary" in english
    assert "Samenvatting" not in english


def test_next_steps_show_only_when_written(london_report: Report, london_html: str) -> None:
    assert say("nl", "html.next_steps") not in london_html
    written = replace(london_report, next_steps="In juni bespreekt de raad de uitkomsten.")
    assert "In juni bespreekt de raad de uitkomsten." in render_report(written)
    assert say("nl", "html.next_steps_placeholder") in render_public(london_report)
    assert "In juni bespreekt de raad" in render_public(written)


# Pages that stand alone and are safe -------------------------------------------


def test_pages_fetch_nothing_from_elsewhere(rich_report: Report, rich_html: str) -> None:
    for html in (rich_html, render_infographic(rich_report), render_public(rich_report)):
        assert external_references(html) == []
        assert "<link" not in html and "<script" not in html


def test_statement_markup_is_shown_as_text(rich_report: Report, rich_html: str) -> None:
    assert SCRIPT_STATEMENT.startswith("<script>")
    for html in (rich_html, render_infographic(rich_report), render_public(rich_report)):
        assert "<script" not in html and "<b>bankjes" not in html
    assert "&lt;script&gt;alert(&#39;wijk&#39;)&lt;/script&gt;" in rich_html


def test_headings_follow_in_order_and_tables_name_their_columns(rich_html: str) -> None:
    html = rich_html
    levels = structure(html).headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert html.count("<table") == html.count("<caption")
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert html.count('role="img"') == html.count("<svg")  # every chart has a name


# Awkward sessions ---------------------------------------------------------------


def test_awkward_sessions_render_well_formed_pages(
    rich_report: Report, rich_html: str, empty_report: Report, no_profile_report: Report
) -> None:
    assert_well_formed(rich_html)
    for report in (rich_report, empty_report, no_profile_report):
        for render in RENDERERS:
            if not (report is rich_report and render is render_report):
                assert_well_formed(render(report))


def test_a_session_without_statements_says_so(empty_report: Report) -> None:
    html = render_report(empty_report)
    for key in ("remark.none", "html.no_themes", "html.no_words"):
        assert _escaped(say("nl", key)) in html
    assert "<svg" not in html  # no chart of nothing


def test_a_very_long_statement_is_cut_short(rich_html: str) -> None:
    html = rich_html
    assert LONG_STATEMENT not in html
    assert LONG_STATEMENT[:100] in html


def test_people_without_a_profile_leave_out_the_profile_charts(
    no_profile_report: Report,
) -> None:
    html = render_report(no_profile_report)
    assert say("nl", "html.chart.organisations") not in html
    assert say("nl", "html.reasons") not in html


# PDF ----------------------------------------------------------------------------


def test_report_pdf_has_pages_and_the_title(london_report: Report, london_html: str) -> None:
    document = pdf_document(london_html)
    assert len(document.pages) > 1
    assert document.metadata.title.startswith(london_report.title)
    assert london_report.title in _page_text(document, 0)  # the cover


def test_pdf_of_awkward_sessions_is_written(
    rich_report: Report, empty_report: Report, tmp_path: Path
) -> None:
    for name, report in (("rijk", rich_report), ("leeg", empty_report)):
        path = tmp_path / f"{name}.pdf"
        write_pdf(report, path)
        assert path.read_bytes().startswith(b"%PDF")


def test_infographic_pdf_is_one_page_even_when_full(
    london_report: Report, empty_report: Report, tmp_path: Path
) -> None:
    finding = ("Thema met een lange naam: " + "een bevinding die de ruimte vult " * 4)[:130]
    question = "Vraag: " + "een lange vraag over de toekomst van de wijk " * 3
    blocks = tuple(InfographicBlock(question, (finding,) * 4) for _ in range(5))
    numbers = london_report.infographic.numbers
    full = replace(london_report, infographic=Infographic(numbers, "Een doel. " * 60, blocks))
    assert len(pdf_document(render_infographic(full)).pages) == 1
    path = tmp_path / "infographic.pdf"
    write_infographic_pdf(empty_report, path)
    assert path.read_bytes().startswith(b"%PDF")


# Charts and word cloud -------------------------------------------------------------


def test_chart_is_a_named_svg_with_ids_of_its_own_and_the_same_each_time() -> None:
    first = bar_chart_svg(["a", "b"], [1, 2], description="Twee <staven>")
    second = bar_chart_svg(["a", "b"], [1, 2], description="Twee staven")
    assert first == bar_chart_svg(["a", "b"], [1, 2], description="Twee <staven>")
    assert first.startswith("<svg") and 'role="img"' in first
    assert 'aria-label="Twee &lt;staven&gt;"' in first
    ids = set(re.findall(r'id="([^"]+)"', first))
    assert ids and not ids & set(re.findall(r'id="([^"]+)"', second))
    assert "<style" not in first and "<metadata" not in first


def test_labels_with_tex_or_emoji_are_drawn_as_they_are() -> None:
    svg = bar_chart_svg(
        ["$5 per maand \\frac{1}{2}", "\U0001f333\U0001f6b2", ""], [3, 2, 1], description="x"
    )
    assert svg.count("<svg") == 1


def test_long_labels_wrap_at_about_thirty_characters() -> None:
    label = "Een bijzonder lang Nederlands label over de toekomst van de buurtvoorzieningen"
    lines = wrap_label(label).split("\n")
    assert 1 < len(lines) <= 3 and all(len(line) <= 30 for line in lines)


def test_word_cloud_is_reproducible_and_empty_without_words() -> None:
    words = [Count("groen", 12), Count("buurthuis", 8), Count("veilig", 5), Count("fiets", 3)]
    png = word_cloud_png(words, width=300, height=150)
    assert png.startswith(b"\x89PNG") and png == word_cloud_png(words, width=300, height=150)
    assert word_cloud_png([]) == b""


def test_word_cloud_leaves_out_words_no_font_can_draw() -> None:
    chinese = [Count("覺得", 9), Count("計程", 7), Count("司機", 5)]
    assert undrawable_words(chinese) in (0, 3)  # 0 only where a CJK font is installed
    if undrawable_words(chinese):
        assert word_cloud_png(chinese, width=300, height=150) == b""


# Helpers ----------------------------------------------------------------------------


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _page_text(document, index: int) -> str:  # type: ignore[no-untyped-def]
    """The text laid out on a page, in reading order (a PDF text extractor is no dependency)."""
    texts = []
    stack = [document.pages[index]._page_box]  # WeasyPrint's layout boxes
    while stack:
        box = stack.pop()
        if isinstance(getattr(box, "text", None), str):
            texts.append(box.text)
        stack.extend(reversed(getattr(box, "children", ())))
    return " ".join(" ".join(texts).split())
