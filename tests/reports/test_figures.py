"""The report's figures table, recounted from the event log and compared with the engine's."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reports.fixtures_records import (
    LogBuilder,
    Truth,
    fold_events,
    neighbourhood_log,
    neighbourhood_record,
)
from wijkdialoog.engine import (
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    Role,
    SessionFigures,
    StatementHidden,
    StatementPosted,
    Vote,
    VoteCast,
    session_figures,
)
from wijkdialoog.reports.build import build_report
from wijkdialoog.reports.content import Figures
from wijkdialoog.reports.html import render_report
from wijkdialoog.reports.labels import say
from wijkdialoog.reports.record import from_events, from_simulation
from wijkdialoog.simulation.crowd import simulate_session

COUNTS = (
    "registered",
    "active",
    "statements",
    "reactions",
    "synthetrons",
    "bipotrons",
    "votes",
    "poll_answers",
)
ROWS = ("statements_per_person", "reaction_share", "synthetron_share", "bipotron_share")
BENCHMARK = {
    "statements_per_person": 14.0,
    "reaction_share": 0.19,
    "synthetron_share": 0.16,
    "bipotron_share": 0.20,
}


def assert_figures_match(figures: Figures, truth: Truth) -> None:
    expected = truth.figures()
    assert {key: getattr(figures, key) for key in COUNTS} == {key: expected[key] for key in COUNTS}
    assert [row.value for row in figures.rows] == [expected[key] for key in ROWS]
    assert [row.benchmark for row in figures.rows] == [BENCHMARK[key] for key in ROWS]
    assert [row.is_share for row in figures.rows] == [False, True, True, True]


def assert_engine_agrees(figures: Figures, engine: SessionFigures) -> None:
    assert (
        figures.active,
        figures.statements,
        figures.reactions,
        figures.synthetrons,
        figures.bipotrons,
        figures.votes,
    ) == (
        engine.active_participants,
        engine.statements,
        engine.reactions,
        engine.synthetrons,
        engine.bipotrons,
        engine.votes,
    )
    assert [row.value for row in figures.rows] == [getattr(engine, key) for key in ROWS]


def test_figures_equal_the_recount_of_a_log_with_a_hidden_statement() -> None:
    log = neighbourhood_log()
    truth = fold_events(log.events, log.dialogue.settings)
    assert truth.hidden and truth.poll_answers and truth.figures()["reactions"] == 1
    report = build_report(neighbourhood_record(log))
    assert_figures_match(report.figures, truth)
    # The method appendix says how many statements were hidden; they count nowhere else.
    assert report.hidden == len(truth.hidden) == 1
    hidden_rule = say("nl", "html.hidden_rule", statements="1 uitspraak")
    assert hidden_rule in render_report(report)
    assert hidden_rule not in render_report(replace(report, hidden=0))


def test_simulated_figures_equal_the_recount_and_the_engines_own() -> None:
    session = simulate_session(participants=40, minutes=20, seed=3)
    truth = fold_events(session.events, session.settings)
    assert not truth.hidden
    figures = build_report(from_simulation(session)).figures
    assert_figures_match(figures, truth)
    assert_engine_agrees(figures, session_figures(session.dialogue.state))


def test_whoever_only_wrote_a_hidden_statement_is_not_active() -> None:
    log = LogBuilder()
    for pid in (1, 2, 3):
        log.join(pid)
    log.open(1)
    log.post(1, 1, "Meer bomen in het park")
    hidden = log.post(3, 1, "Iets kwetsends")
    log.leave(3)
    log.vote_until_done(lambda pid, sid: Vote.AGREE)
    log.hide(hidden)
    record = from_events(log.events, title="t", settings=log.dialogue.settings)
    figures = build_report(record).figures
    assert_figures_match(figures, fold_events(log.events, log.dialogue.settings))
    assert (figures.statements, figures.active) == (1, 2)
    # The engine's own figures still count participant 3 (docs/method.md leaves it open).
    assert session_figures(log.dialogue.state).active_participants == 3


def test_an_empty_session_has_zero_figures_and_says_so() -> None:
    log = LogBuilder()
    log.join(1)
    log.open(1)
    figures = build_report(from_events(log.events, title="leeg")).figures
    assert_figures_match(figures, fold_events(log.events, log.dialogue.settings))
    assert figures.remark == "Er zijn in deze sessie geen uitspraken gedaan."


TEXTS = ("Meer groen in de wijk", "Bankjes bij de school", "Drempels", "ok", "\U0001f333")
ACTIONS = ("post",) * 4 + ("vote",) * 16 + ("react", "hide", "leave", "join", "poll", "next")


@st.composite
def report_logs(draw: st.DrawFn) -> LogBuilder:
    """A log of mostly valid events (joins, posts, reactions, votes, hides, polls, leaving).

    Each drawn action becomes an event the engine may refuse; only accepted ones are kept.
    """
    settings = MethodSettings(
        seed=draw(st.integers(0, 99)),
        min_votes=draw(st.integers(1, 4)),
        voting_window_s=draw(st.sampled_from([3.0, 60.0])),  # short: statements travel on
    )
    log = LogBuilder(settings)
    people = draw(st.integers(2, 8))
    roles = st.sampled_from(list(Role))
    for pid in range(1, people + 1):
        log.join(pid, draw(roles).value)
    question = 1
    log.open(question)
    for action in draw(st.lists(st.sampled_from(ACTIONS), min_size=20, max_size=120)):
        pid = draw(st.integers(1, people))
        at = log.tick()
        match action:
            case "post":
                log.apply(
                    StatementPosted(
                        at, log.next_statement_id, pid, question, draw(st.sampled_from(TEXTS))
                    )
                )
                log.next_statement_id += 1
            case "react" if log.seen_by(pid):
                target = draw(st.sampled_from(sorted(log.seen_by(pid))))
                log.apply(StatementPosted(at, log.next_statement_id, pid, question, "Eens", target))
                log.next_statement_id += 1
            case "vote":
                if log.dialogue.next_statement(pid) is None:
                    log.apply(InboxRequested(at, pid))
                head = log.dialogue.next_statement(pid)
                if head is not None:
                    log.apply(VoteCast(log.tick(), pid, head, draw(st.sampled_from(list(Vote)))))
            case "hide" if log.next_statement_id > 1:
                log.apply(StatementHidden(at, draw(st.integers(1, log.next_statement_id - 1)), "x"))
            case "leave":
                log.apply(ParticipantLeft(at, pid))
            case "join":
                log.apply(ParticipantJoined(at, pid))
            case "poll":
                log.apply(ItemOpened(at, 100, ItemKind.POLL, ("ja", "nee")))
                log.apply(PollAnswered(log.tick(), pid, 100, draw(st.sampled_from(["ja", "nee"]))))
            case "next":
                log.apply(ItemClosed(at, question))
                question += 1
                log.apply(ItemOpened(log.tick(), question))
    return log


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=report_logs())
def test_figures_of_any_accepted_log_equal_the_recount(log: LogBuilder) -> None:
    settings = log.dialogue.settings
    record = from_events(log.events, title="eigenschap", settings=settings)
    figures = build_report(record).figures
    truth = fold_events(log.events, settings)
    assert_figures_match(figures, truth)
    engine = session_figures(log.dialogue.state)
    if not truth.hidden:
        assert_engine_agrees(figures, engine)
    # The engine counts activity on hidden statements too; the report leaves it out.
    assert figures.active <= engine.active_participants
