"""The theme finder on statements whose themes are plain, and on bad input.

These tests ask for the TF-IDF method by name, so they hold with or without the optional
extra; test_embeddings.py tests the e5 method.
"""

from __future__ import annotations

import pytest
from sklearn.metrics import adjusted_rand_score

from wijkdialoog.analysis import embeddings, themes
from wijkdialoog.analysis.themes import find_themes, theme_count, theme_method, theme_of_each

GREEN = [
    "Meer bomen en groen in het park",
    "Het park moet groener, met bloemen en bomen",
    "Bomen planten langs de straten",
    "Een groen park waar kinderen spelen tussen de bomen",
    "Meer groen: bomen, struiken en bloemen",
    "Geveltuintjes en bomen maken de straat groen",
    "Het park onderhouden zodat het groen blijft",
    "Bomen geven schaduw in de zomer, plant er meer",
]
TRAFFIC = [
    "Auto's rijden veel te hard door de straat",
    "Drempels tegen hardrijdende auto's",
    "Veilige fietspaden naar school",
    "Te veel verkeer en te hard rijden",
    "Fietsers en auto's botsen bijna op de kruising",
    "Een veilige oversteek voor fietsers",
    "Minder auto's, meer ruimte voor fietsers",
    "Hardrijders aanpakken met flitspalen",
]
YOUTH = [
    "Een plek voor jongeren om te sporten",
    "Jongerenwerk 's avonds open in het buurthuis",
    "Sportveld voor de jongeren van de wijk",
    "Jongeren hebben niets te doen na school",
    "Een voetbalkooi voor jongeren",
    "Activiteiten voor jongeren in de vakantie",
    "Jongeren betrekken bij het buurthuis",
    "Sporten met jongeren houdt ze van straat",
]


def test_plain_themes_are_found_and_named_in_their_own_words():
    texts = GREEN + TRAFFIC + YOUTH
    truth = [0] * 8 + [1] * 8 + [2] * 8
    found = find_themes(texts, themes=3, method="tfidf")
    labels = theme_of_each(found, len(texts))
    assert adjusted_rand_score(truth, labels) > 0.6
    named = " ".join(t.label.lower() for t in found if not t.is_other)
    assert "boom" in named or "groen" in named or "park" in named
    assert "jongere" in named or "jongeren" in named


def test_every_statement_is_in_exactly_one_theme():
    texts = GREEN + TRAFFIC + YOUTH + ["🙂🙂", "https://example.org", "#wijk"]
    found = find_themes(texts, method="tfidf")
    members = sorted(m for t in found for m in t.members)
    assert members == list(range(len(texts)))
    other = [t for t in found if t.is_other]
    assert other and {24, 25, 26} <= set(other[0].members)  # no words: Other
    assert other[0].label == "Overig"


def test_themes_are_ranked_by_support_and_other_comes_last():
    texts = GREEN + TRAFFIC + YOUTH
    support = [1.0] * 8 + [5.0] * 8 + [1.0] * 8
    found = find_themes(texts, support=support, themes=3, method="tfidf")
    assert set(found[0].members) & set(range(8, 16))
    assert all(not t.is_other for t in found[:-1])


def test_bad_input_gives_a_sensible_answer():
    assert find_themes([], method="tfidf") == []
    only_emoji = find_themes(["🎉", "👍👍"], method="tfidf")
    assert [(t.is_other, len(t.members)) for t in only_emoji] == [(True, 2)]
    long_one = find_themes(["groen " * 2000, *GREEN], method="tfidf")
    assert sum(len(t.members) for t in long_one) == 9
    few = find_themes(GREEN[:3], method="tfidf")
    assert len(few) == 1 and few[0].members == (0, 1, 2)


# Whatever method is installed ("auto"), and TF-IDF by name.
@pytest.mark.parametrize("method", ["auto", "tfidf"])
@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["Meer bomen in het park"],
        ["Meer bomen in het park", "Drempels tegen hardrijders"],
        ["🎉🎉", "👍", "https://example.org/a", "www.example.org", "#wijk #buurt", "!!!"],
        ["x" * 10_000],
        ["Bomen en groen in de straat " * 360, *GREEN, *TRAFFIC],
        ["Meer bomen in het park"] * 10,
        ["appel", "fiets", "zwemmen", "kerkklok", "tulpen", "grachten", "molens"],
    ],
    ids=["none", "one", "two", "emoji-links", "10k-chars", "long-among-many", "same", "unrelated"],
)
def test_awkward_input_gives_every_statement_one_theme_and_never_raises(texts, method):
    found = find_themes(texts, method=method)
    members = sorted(m for t in found for m in t.members)
    assert members == list(range(len(texts)))
    assert all(t.label for t in found)
    assert sum(t.is_other for t in found) <= 1 and not any(t.is_other for t in found[:-1])


def test_one_or_two_statements_make_one_theme_named_after_them():
    [theme] = find_themes(["Meer bomen in het park", "Bomen langs de straat"], method="tfidf")
    assert theme.members == (0, 1) and not theme.is_other
    assert "bomen" in theme.label.lower()


def test_large_questions_learn_from_a_sample_and_place_every_statement(monkeypatch):
    monkeypatch.setattr(themes, "FIT_SAMPLE", 12)
    texts = GREEN + TRAFFIC + YOUTH
    found = find_themes(texts, themes=3, method="tfidf")
    assert sorted(m for t in found for m in t.members) == list(range(len(texts)))
    truth = [0] * 8 + [1] * 8 + [2] * 8
    assert adjusted_rand_score(truth, theme_of_each(found, len(texts))) > 0.4


def test_the_number_of_themes_follows_the_number_of_statements():
    assert [theme_count(n) for n in (6, 24, 40, 56, 500)] == [3, 5, 6, 7, 7]


def test_auto_takes_tfidf_without_the_extra_or_above_the_size_limit(monkeypatch):
    assert theme_method(10, "tfidf") == "tfidf"
    assert theme_method(embeddings.E5_MAX_STATEMENTS + 1, "auto") == "tfidf"
    monkeypatch.setattr(embeddings, "is_available", lambda: False)
    assert theme_method(10, "auto") == "tfidf"
    with pytest.raises(RuntimeError, match="embeddings"):
        theme_method(10, "e5")
