"""Outcomes: synthetron levels at their edges, the Wilson interval, bipotrons, settings."""

from __future__ import annotations

import math

import pytest

from tests.engine.conftest import MakeSession, of_type
from wijkdialoog.engine import (
    BipotronChanged,
    Level,
    LevelChanged,
    MethodSettings,
    Vote,
    session_figures,
    statement_outcomes,
    wilson_interval,
)
from wijkdialoog.engine.outcomes import is_bipotron, level_for

DEFAULTS = MethodSettings()
# z for a two-sided 90% interval, Phi^-1(0.95), to double precision.
Z90 = 1.6448536269514722


@pytest.mark.parametrize(
    ("agree", "disagree", "level"),
    [
        (9, 1, Level.HIGH),  # exactly 0.9 is not above 0.9
        (19, 1, Level.TOP),  # 0.95
        (4, 0, Level.TOP),  # the fewest votes that grade
        (7, 3, Level.MEDIUM),  # exactly 0.7
        (15, 5, Level.HIGH),  # 0.75
        (4, 6, Level.LOW),  # exactly 0.4
        (9, 11, Level.MEDIUM),  # 0.45
        (3, 17, Level.BOTTOM),  # exactly 0.15
        (4, 16, Level.LOW),  # 0.2
        (0, 4, Level.BOTTOM),
    ],
)
def test_a_level_is_set_by_a_share_strictly_above_its_bound(
    agree: int, disagree: int, level: Level
) -> None:
    assert level_for(agree, disagree, DEFAULTS) is level


@pytest.mark.parametrize(("agree", "disagree"), [(0, 0), (3, 0), (0, 3), (2, 1)])
def test_fewer_than_min_votes_agree_and_disagree_votes_give_no_level(
    agree: int, disagree: int
) -> None:
    assert level_for(agree, disagree, DEFAULTS) is None


def test_min_votes_is_a_setting() -> None:
    assert level_for(5, 0, MethodSettings(min_votes=6)) is None
    assert level_for(6, 0, MethodSettings(min_votes=6)) is Level.TOP


def test_the_wilson_interval_of_no_votes_is_everything() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_the_wilson_interval_of_8_of_10_matches_the_formula_by_hand() -> None:
    p, n = 0.8, 10
    centre = (p + Z90**2 / (2 * n)) / (1 + Z90**2 / n)
    margin = Z90 / (1 + Z90**2 / n) * math.sqrt(p * (1 - p) / n + Z90**2 / (4 * n**2))
    low, high = wilson_interval(8, 10, confidence=0.90)
    assert low == pytest.approx(centre - margin, abs=1e-9)
    assert high == pytest.approx(centre + margin, abs=1e-9)
    # The same numbers written out, so a wrong formula above cannot hide a wrong engine.
    assert low == pytest.approx(0.5407928057, abs=1e-9)
    assert high == pytest.approx(0.9314420123, abs=1e-9)


@pytest.mark.parametrize(("agree", "n"), [(0, 3), (1, 3), (3, 4), (4, 4), (180, 190)])
def test_the_wilson_interval_is_symmetric_in_agree_and_disagree(agree: int, n: int) -> None:
    low, high = wilson_interval(agree, n)
    mirror_low, mirror_high = wilson_interval(n - agree, n)
    assert low == pytest.approx(1 - mirror_high, abs=1e-12)
    assert high == pytest.approx(1 - mirror_low, abs=1e-12)


def test_four_of_four_is_less_certain_than_180_of_190() -> None:
    small_low, _ = wilson_interval(4, 4)
    big_low, big_high = wilson_interval(180, 190)
    assert small_low < 0.6 < 0.9 < big_low < 180 / 190 < big_high


def test_a_higher_confidence_gives_a_wider_interval() -> None:
    low90, high90 = wilson_interval(8, 10, confidence=0.90)
    low95, high95 = wilson_interval(8, 10, confidence=0.95)
    assert low95 < low90 and high90 < high95


@pytest.mark.parametrize(
    ("agree", "disagree", "dividing"),
    [
        (2, 2, True),
        (10, 2, False),  # minority 2 / 12 < 25%
        (1, 1, False),  # each side needs two votes
        (6, 2, True),  # minority exactly 25%
        (3, 9, True),  # minority exactly 25%, on the agree side
        (7, 2, False),  # 2 / 9 < 25%
        (5, 1, False),
        (0, 0, False),
    ],
)
def test_a_bipotron_needs_two_on_each_side_and_a_quarter_in_the_minority(
    agree: int, disagree: int, dividing: bool
) -> None:
    assert is_bipotron(agree, disagree, DEFAULTS) is dividing


@pytest.mark.parametrize(
    "bad",
    [
        {"group_size": 2},
        {"group_size": 10},
        {"min_group_size": 1},
        {"min_group_size": 6},
        {"max_group_size": 4},
        {"voting_window_s": 0.0},
        {"voting_window_s": -1.0},
        {"top_up_to": 0},
        {"top_up_to": 21},
        {"inbox_limit": 2},
        {"max_fan_out": 0},
        {"top_up_scan": 0},
        {"min_votes": 0},
        {"confidence": 0.0},
        {"confidence": 1.0},
        {"confidence": math.nan},
        {"low_share": -0.1},
        {"top_share": 1.1},
        {"medium_share": 0.8},
        {"high_share": 0.3},
        {"top_share": math.nan},
        {"max_statement_chars": 0},
    ],
    ids=lambda bad: ",".join(f"{k}={v}" for k, v in bad.items()),
)
def test_settings_out_of_range_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        MethodSettings(**bad)  # type: ignore[arg-type]


def test_the_default_settings_are_the_documented_method() -> None:
    s = MethodSettings()
    assert (s.group_size, s.min_group_size, s.voting_window_s, s.min_votes) == (5, 3, 60.0, 4)
    assert (s.top_share, s.high_share, s.medium_share, s.low_share) == (0.9, 0.7, 0.4, 0.15)
    assert (s.bipotron_min_side, s.bipotron_min_minority_share, s.confidence) == (2, 0.25, 0.9)


@pytest.mark.parametrize(
    "bad",
    [
        {"voting_window_s": math.nan},
        {"stop_below": 1.5},
        {"stop_below": -0.5},
        {"bipotron_min_side": 0},
        {"bipotron_min_minority_share": 0.75},
    ],
    ids=lambda bad: ",".join(f"{k}={v}" for k, v in bad.items()),
)
def test_unvalidated_settings_out_of_range_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        MethodSettings(**bad)  # type: ignore[arg-type]


# The outcomes as a dialogue reports them -----------------------------------------


def test_a_level_is_announced_only_when_the_fourth_agree_or_disagree_vote_arrives(
    make_session: MakeSession,
) -> None:
    s = make_session(6)  # one group of six: the author and five voters
    s.post(100, 1)
    voters = sorted(s.groupmates(1))
    announced = []
    for voter, vote in zip(
        voters, [Vote.AGREE, Vote.AGREE, Vote.PASS, Vote.AGREE, Vote.DISAGREE], strict=True
    ):
        announced.append(of_type(s.vote(voter, 100, vote), LevelChanged))
    assert announced == [[], [], [], [], [LevelChanged(100, "High")]]  # 3 of 4
    assert s.state.statements[100].level == "High"


def test_a_bipotron_is_announced_when_it_divides_and_once_only(make_session: MakeSession) -> None:
    s = make_session(6)
    s.post(100, 1)
    voters = sorted(s.groupmates(1))
    votes = [Vote.AGREE, Vote.DISAGREE, Vote.AGREE, Vote.DISAGREE, Vote.AGREE]
    announced = [
        of_type(s.vote(p, 100, v), BipotronChanged) for p, v in zip(voters, votes, strict=True)
    ]
    assert announced == [[], [], [], [BipotronChanged(100, True)], []]


def test_a_hidden_statement_is_left_out_of_the_outcomes_and_figures(
    make_session: MakeSession,
) -> None:
    s = make_session(6)
    s.post(100, 1)
    s.post(101, 2, text="Minder auto's")
    for voter in sorted(s.groupmates(1))[:4]:
        s.vote(voter, 100, Vote.AGREE)
    assert [o.statement_id for o in statement_outcomes(s.state)] == [100, 101]
    assert session_figures(s.state).synthetrons == 1
    s.hide(100)
    assert [o.statement_id for o in statement_outcomes(s.state)] == [101]
    figures = session_figures(s.state)
    assert (figures.statements, figures.synthetrons, figures.votes) == (1, 0, 0)


def test_session_figures_count_reactions_and_active_participants(
    make_session: MakeSession,
) -> None:
    s = make_session(6)
    s.post(100, 1)
    s.vote(2, 100, Vote.AGREE)
    s.post(101, 3, text="Ja, en bankjes", reply_to=100)
    figures = session_figures(s.state)
    assert (figures.active_participants, figures.statements, figures.reactions) == (3, 2, 1)
    assert figures.reaction_share == 0.5
    assert figures.statements_per_person == pytest.approx(2 / 3)
