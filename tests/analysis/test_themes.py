"""The theme finder on statements whose themes are plain, and on bad input."""

from __future__ import annotations

from sklearn.metrics import adjusted_rand_score

from wijkdialoog.analysis.themes import find_themes, theme_count, theme_of_each

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
    themes = find_themes(texts, themes=3)
    labels = theme_of_each(themes, len(texts))
    assert adjusted_rand_score(truth, labels) > 0.6
    named = " ".join(t.label.lower() for t in themes if not t.is_other)
    assert "boom" in named or "groen" in named or "park" in named
    assert "jongere" in named or "jongeren" in named


def test_every_statement_is_in_exactly_one_theme():
    texts = GREEN + TRAFFIC + YOUTH + ["🙂🙂", "https://example.org", "#wijk"]
    themes = find_themes(texts)
    members = sorted(m for t in themes for m in t.members)
    assert members == list(range(len(texts)))
    other = [t for t in themes if t.is_other]
    assert other and {24, 25, 26} <= set(other[0].members)  # no words: Other
    assert other[0].label == "Overig"


def test_themes_are_ranked_by_support_and_other_comes_last():
    texts = GREEN + TRAFFIC + YOUTH
    support = [1.0] * 8 + [5.0] * 8 + [1.0] * 8
    themes = find_themes(texts, support=support, themes=3)
    assert set(themes[0].members) & set(range(8, 16))
    assert all(not t.is_other for t in themes[:-1])


def test_bad_input_gives_a_sensible_answer():
    assert find_themes([]) == []
    only_emoji = find_themes(["🎉", "👍👍"])
    assert [(t.is_other, len(t.members)) for t in only_emoji] == [(True, 2)]
    long_one = find_themes(["groen " * 2000, *GREEN])
    assert sum(len(t.members) for t in long_one) == 9
    few = find_themes(GREEN[:3])
    assert len(few) == 1 and few[0].members == (0, 1, 2)


def test_the_number_of_themes_follows_the_number_of_statements():
    assert [theme_count(n) for n in (6, 24, 40, 56, 500)] == [3, 3, 5, 7, 7]
