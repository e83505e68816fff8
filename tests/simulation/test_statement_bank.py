"""Tests for the statement bank: real sentences per theme, varied a little, never too long."""

from __future__ import annotations

import random

import pytest

from wijkdialoog.engine import MethodSettings
from wijkdialoog.simulation.statement_bank import (
    CLOSINGS,
    OPENINGS,
    QUESTIONS,
    REACTION_OPENINGS,
    Stance,
    statement_text,
    with_opening,
)

ALL_THEMES = [theme for question in QUESTIONS for theme in question.themes]


def test_five_questions_with_four_to_six_themes_each() -> None:
    assert len(QUESTIONS) == 5
    for question in QUESTIONS:
        assert question.title and "?" in question.text
        assert question.hashtag.startswith("#")
        assert 4 <= len(question.themes) <= 6


def test_every_theme_has_eight_to_twelve_distinct_phrasings_of_40_to_200_characters() -> None:
    for theme in ALL_THEMES:
        assert 8 <= len(theme.phrasings) <= 12, theme.label
        assert len(set(theme.phrasings)) == len(theme.phrasings), theme.label
        for phrasing in theme.phrasings:
            assert 40 <= len(phrasing) <= 200, phrasing
            assert phrasing == phrasing.strip() and phrasing[0].isupper(), phrasing
            assert phrasing[-1] in ".?!", phrasing


def test_every_stance_occurs_and_dividing_themes_are_common() -> None:
    stances = [theme.stance for theme in ALL_THEMES]
    assert set(stances) == set(Stance)
    assert stances.count(Stance.DIVIDING) >= 5


def test_a_varied_text_still_contains_its_phrasing() -> None:
    rng = random.Random(1)
    question = QUESTIONS[2]
    for theme in question.themes:
        for _ in range(50):
            text = statement_text(
                rng, question=question, theme=theme, is_reaction=False, max_chars=280
            )
            assert any(phrasing.rstrip(".")[1:] in text for phrasing in theme.phrasings), text


@pytest.mark.parametrize("max_chars", [280, 120, 50])
def test_a_text_is_never_longer_than_the_limit(max_chars: int) -> None:
    rng = random.Random(2)
    for question in QUESTIONS:
        for theme in question.themes:
            for is_reaction in (False, True):
                text = statement_text(
                    rng,
                    question=question,
                    theme=theme,
                    is_reaction=is_reaction,
                    max_chars=max_chars,
                )
                assert text.strip() and len(text) <= max_chars


def test_the_default_limit_leaves_room_for_every_variation() -> None:
    longest = max(len(p) for theme in ALL_THEMES for p in theme.phrasings)
    opening = max(len(o) for o in OPENINGS + REACTION_OPENINGS)
    closing = 1 + max(len(c) for c in CLOSINGS)
    hashtag = 1 + max(len(q.hashtag) for q in QUESTIONS)
    assert longest + opening + closing + hashtag <= MethodSettings().max_statement_chars


def test_an_opening_lowers_the_first_letter_but_keeps_een_as_een() -> None:
    assert with_opening("Kort gezegd: ", "Ik wil meer groen.") == "Kort gezegd: ik wil meer groen."
    assert with_opening("Eens, en ", "Eén plek is genoeg.") == "Eens, en één plek is genoeg."
    assert with_opening("Mee eens. ", "Ik ook.") == "Mee eens. Ik ook."
