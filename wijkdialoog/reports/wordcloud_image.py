"""The session's word cloud as a PNG, drawn by the `wordcloud` package.

The words arrive counted and cleaned (build.py). A word is drawn only when the font
has a glyph for each of its characters: without a CJK font on the machine, Chinese
words are left out of the image (the report says how many) instead of showing boxes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from wordcloud import WordCloud  # type: ignore[import-untyped]

from wijkdialoog.reports.content import Count

# The report's colours, dark enough to read on white.
PALETTE = ("#0b5f73", "#127c8c", "#1f2933", "#b35c00", "#3e5c8a", "#2f7d4f")
# Words are placed on a canvas half the size and drawn twice as big: three times faster.
DRAW_SCALE = 2
PNG_COLOURS = 64
# Bundled with matplotlib, so it is on every machine that can draw the charts.
DEFAULT_FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"


def word_cloud_png(
    words: Sequence[Count], *, width: int = 1200, height: int = 600, seed: int = 0
) -> bytes:
    """Draw the words, sized by count, as a PNG; b"" when there is nothing to draw.

    Also b"" when the font lacks the glyphs of most words: a cloud of the few words
    left would misrepresent the session.
    """
    font = font_for(words)
    drawable = drawable_words(words, font)
    frequencies = {w.label: w.count for w in drawable if w.count > 0}
    if not frequencies or len(drawable) * 2 < len(words):
        return b""
    cloud = WordCloud(
        width=width // DRAW_SCALE,
        height=height // DRAW_SCALE,
        scale=DRAW_SCALE,
        font_path=str(font),
        background_color="white",
        prefer_horizontal=0.92,
        relative_scaling=0.45,
        min_font_size=6,
        max_words=len(frequencies),
        margin=3,
        random_state=seed,
        color_func=_report_colour,
    ).generate_from_frequencies(frequencies)
    buffer = io.BytesIO()
    # A few dozen colours draw the palette and its anti-aliasing: a quarter of the bytes.
    cloud.to_image().quantize(colors=PNG_COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def undrawable_words(words: Sequence[Count]) -> int:
    """How many words the cloud leaves out because no font on the machine has their glyphs."""
    font = font_for(words)
    return len(words) - len(drawable_words(words, font))


def drawable_words(words: Sequence[Count], font: Path) -> list[Count]:
    """The words whose every character has a glyph in `font`."""
    return [w for w in words if all(_has_glyph(str(font), ord(c)) for c in w.label)]


def font_for(words: Sequence[Count]) -> Path:
    """The default font, or a system font that has glyphs for more of the words."""
    missing = {c for w in words for c in w.label if not _has_glyph(str(DEFAULT_FONT), ord(c))}
    if not missing:
        return DEFAULT_FONT
    sample = sorted(missing)[:20]
    for path in _system_fonts():
        if all(_has_glyph(path, ord(c)) for c in sample):
            return Path(path)
    return DEFAULT_FONT


@lru_cache(maxsize=1)
def _system_fonts() -> tuple[str, ...]:
    return tuple(sorted(font_manager.findSystemFonts()))


@lru_cache(maxsize=4096)
def _has_glyph(font_path: str, code_point: int) -> bool:
    if chr(code_point).isspace():
        return True
    try:
        return _font(font_path).get_char_index(code_point) != 0
    except (OSError, RuntimeError):
        return False


@lru_cache(maxsize=16)
def _font(font_path: str) -> FT2Font:
    return FT2Font(font_path)


def _report_colour(
    word: str,
    font_size: int,
    position: tuple[int, int],
    orientation: int | None,
    random_state: random.Random | None = None,
    **_: object,
) -> str:
    """Pick a colour of the palette, the bigger words from the darker half."""
    rng = random_state or random.Random(word)
    half = PALETTE[:3] if font_size > 40 else PALETTE
    return rng.choice(half)
