"""Charts for the report as SVG text: horizontal bar charts drawn with matplotlib.

A `Figure` with its own SVG canvas is made per chart, so no pyplot state is shared
between charts or with other code in the process. Labels stay real text (svg.fonttype
"none"), set in Liberation Sans, Arial or Helvetica, which share their letter widths, so
a label is as wide in Chromium and WeasyPrint as matplotlib measured it. Text as paths
looked the same but made each chart 30 KB and WeasyPrint a second slower per chart.
The numbers are also given as text beside every chart (html.py), for screen readers.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
import warnings
from collections.abc import Sequence
from contextlib import AbstractContextManager

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

# The report's colours; BAR_COLOUR on white has a contrast of 7:1.
BAR_COLOUR = "#0b5f73"
HIGHLIGHT_COLOUR = "#e07b00"
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#52606d"
GRID_COLOUR = "#d9e2ec"

LABEL_WIDTH_CHARS = 30
LABEL_MAX_LINES = 3
WIDTH_IN = 5.0  # drawn at its natural size on a wide screen and on paper
BAR_HEIGHT_IN = 0.42  # per bar, and a little more per extra label line
LINE_HEIGHT_IN = 0.16
FONT_SIZE = 10
# Glyphs a font lacks come from the next one (Chinese needs a CJK font on the machine).
FONTS = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans", "Noto Sans CJK JP"]

_SPACE = re.compile(r"\s+")
_PATH_DATA = re.compile(r' d="([^"]*)"')
_DECIMALS = re.compile(r"(\.\d\d)\d+")
_ID = re.compile(r'(\bid="|xlink:href="#|href="#|url\(#)([^"#)]+)')


def wrap_label(label: str) -> str:
    """Wrap a label to lines of about 30 characters, at most three, with an ellipsis."""
    lines = textwrap.wrap(" ".join(label.split()), LABEL_WIDTH_CHARS, break_long_words=True)
    if not lines:
        return ""
    if len(lines) > LABEL_MAX_LINES:
        lines = lines[:LABEL_MAX_LINES]
        lines[-1] = lines[-1][: LABEL_WIDTH_CHARS - 1].rstrip() + "\u2026"
    return "\n".join(lines)


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    description: str,
    value_labels: Sequence[str] | None = None,
    highlight: int | None = None,
) -> str:
    """Draw labelled horizontal bars, the first on top, as an `<svg>` element.

    `description` becomes the chart's accessible name (role="img", aria-label);
    `value_labels` are written at the end of each bar (default: the values);
    `highlight` is the index of a bar drawn in the accent colour.
    """
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    shown = list(value_labels) if value_labels is not None else [_number(v) for v in values]
    wrapped = [wrap_label(label) for label in labels]
    with _chart_style():
        figure = Figure(figsize=(WIDTH_IN, _height_in(wrapped)), facecolor="none")
        _draw_bars(figure, wrapped, values, shown, highlight)
        svg = _to_svg(figure)
    return _accessible(svg, description)


def _chart_style() -> AbstractContextManager[None]:
    return matplotlib.rc_context(
        {
            "svg.fonttype": "none",  # real, selectable text (see the module's docstring)
            "svg.hashsalt": "wijkdialoog",  # stable ids: the same report gives the same file
            "font.family": "sans-serif",
            "font.sans-serif": FONTS,
            "font.size": FONT_SIZE,
            "text.color": TEXT_COLOUR,
            "text.parse_math": False,  # a "$" in a label is a dollar, not TeX
        }
    )


def _height_in(wrapped: Sequence[str]) -> float:
    extra_lines = sum(label.count("\n") for label in wrapped)
    return 0.3 + BAR_HEIGHT_IN * max(len(wrapped), 1) + LINE_HEIGHT_IN * extra_lines


def _draw_bars(
    figure: Figure,
    wrapped: Sequence[str],
    values: Sequence[float],
    shown: Sequence[str],
    highlight: int | None,
) -> None:
    axes = figure.add_subplot()
    axes.set_facecolor("none")
    positions = list(range(len(values)))
    colours = [HIGHLIGHT_COLOUR if i == highlight else BAR_COLOUR for i in positions]
    axes.barh(positions, values, height=0.62, color=colours)
    axes.set_yticks(positions, labels=wrapped)
    axes.invert_yaxis()  # the first label on top, as it is read
    axes.tick_params(axis="y", length=0, pad=6, labelsize=FONT_SIZE)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(GRID_COLOUR)
    largest = max((v for v in values if v > 0), default=1.0)
    axes.set_xlim(0, largest * 1.14)  # room for the number after the longest bar
    axes.set_ylim(len(values) - 0.5, -0.5)
    for position, value, text in zip(positions, values, shown, strict=True):
        axes.text(
            value + largest * 0.012,
            position,
            text,
            va="center",
            ha="left",
            fontsize=FONT_SIZE,
            color=MUTED_COLOUR,
        )


def _to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    FigureCanvasSVG(figure)  # the figure's own canvas: no backend is chosen globally
    with warnings.catch_warnings():
        # A machine without a CJK font draws boxes for Chinese labels; say so once, in
        # the docs, not once per glyph in the log.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(
            buffer, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None}
        )
    return buffer.getvalue()


def _accessible(svg: str, description: str) -> str:
    """Make the SVG fit inline in a page: no prolog or page-wide style, unique ids, a name.

    The width and height (in points) stay: the page's CSS shrinks a chart to fit a
    phone, and everywhere else its text is as big as the page's small print.
    """
    svg = svg[svg.index("<svg") :]
    # Several charts share a page: ids get a prefix from the chart's content, so they
    # differ between charts and stay the same from one rendering to the next.
    prefix = "c" + hashlib.sha1((description + svg).encode()).hexdigest()[:8] + "-"
    svg = _ID.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    svg = re.sub(r"<metadata>.*?</metadata>|<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _PATH_DATA.sub(_shorter_path, _SPACE.sub(" ", svg))
    label = _attribute(description)
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart"', 1)


def _shorter_path(match: re.Match[str]) -> str:
    """Path coordinates to a hundredth of a point: a third fewer bytes, the same picture."""
    shorter = _DECIMALS.sub(r"\1", match.group(1))
    return f' d="{shorter}"'


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{value:.0f}"
