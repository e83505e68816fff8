"""The Excel workbook, read back cell by cell and checked against the session's own data.

Each session (a hand-built engine log with a hidden statement, a simulated crowd, a
Polis conversation) is counted independently in fixtures_records.py; the workbook must
agree with that count on every sheet.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.reports.fixtures_records import (
    FORMULA,
    HIDDEN_TEXT,
    ITEMS,
    LONDON,
    PEOPLE,
    PSEUDONYMS,
    LogBuilder,
    Truth,
    fold_events,
    fold_polis,
    neighbourhood_log,
    neighbourhood_record,
    sheet_rows,
)
from wijkdialoog.engine import MethodSettings, StatementHidden, VoteCast
from wijkdialoog.reports.build import build_report
from wijkdialoog.reports.content import Report
from wijkdialoog.reports.record import from_events, from_polis, from_simulation
from wijkdialoog.reports.xlsx import write_xlsx
from wijkdialoog.simulation.crowd import simulate_session

SHEETS = [
    "Overzicht",
    "Berichten",
    "Synthetrons",
    "Bipotrons",
    "Thema's",
    "Peilingen",
    "Deelnemers",
]
LEVELS = {"Top": "Top", "High": "Hoog", "Medium": "Midden", "Low": "Laag", "Bottom": "Bodem"}
LEVEL_ORDER = list(LEVELS)
ROLES = {"resident": "bewoner", "professional": "professional", "municipality": "gemeente"}
ROLES["other"] = "anders"
PARTY_COLUMNS = {
    "resident": "Eens bewoners",
    "professional": "Eens professionals",
    "municipality": "Eens gemeente",
    "other": "Eens anders",
}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


@dataclass
class Case:
    name: str
    truth: Truth
    report: Report
    book: Any  # openpyxl Workbook
    path: Path

    def rows(self, sheet: str) -> list[dict[str, Any]]:
        return sheet_rows(self.book, sheet)

    def question_of(self) -> dict[int, str]:
        """Statement id -> question title, as the Berichten sheet has it."""
        return {row["Nr"]: row["Vraag"] for row in self.rows("Berichten")}


def _session(name: str) -> tuple[Truth, Report]:
    if name == "hand-built":
        log = neighbourhood_log()
        truth = fold_events(log.events, log.dialogue.settings)
        return truth, build_report(neighbourhood_record(log))
    if name == "simulated":
        session = simulate_session(participants=40, minutes=20, seed=3)
        return fold_events(session.events, session.settings), build_report(from_simulation(session))
    if not LONDON.is_dir():
        pytest.skip("Polis data not available")
    return fold_polis(LONDON), build_report(from_polis(LONDON))


class Cases:
    """Each session built, written and read back once per module, on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[str, Case] = {}

    def get(self, name: str) -> Case:
        if name not in self.built:
            truth, report = _session(name)
            path = write_xlsx(report, self.folder / f"{name}.xlsx")
            self.built[name] = Case(name, truth, report, openpyxl.load_workbook(path), path)
        return self.built[name]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Cases:
    return Cases(tmp_path_factory.mktemp("xlsx"))


@pytest.fixture(scope="module", params=["hand-built", "simulated", "polis"])
def case(request: pytest.FixtureRequest, cases: Cases) -> Case:
    return cases.get(request.param)


@pytest.fixture(scope="module")
def hand_built(cases: Cases) -> Case:
    return cases.get("hand-built")


# Layout ------------------------------------------------------------------------


def test_the_sheets_come_in_order_with_a_bold_frozen_filtered_header(case: Case) -> None:
    assert case.book.sheetnames == SHEETS
    for name in SHEETS[1:]:
        sheet = case.book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), name
        assert all(cell.font.bold for cell in sheet[1] if cell.value), name


def test_shares_are_numbers_shown_as_percentages(case: Case) -> None:
    sheet = case.book["Berichten"]
    header = [cell.value for cell in sheet[1]]
    share, agree = header.index("Aandeel eens"), header.index("Eens")
    for row in sheet.iter_rows(min_row=2):
        assert isinstance(row[agree].value, int)
        if row[share].value is not None:
            assert isinstance(row[share].value, int | float)
            assert row[share].number_format == "0%"


# Berichten ---------------------------------------------------------------------


def test_berichten_has_one_row_per_visible_statement_with_its_votes(case: Case) -> None:
    truth, rows = case.truth, case.rows("Berichten")
    assert sorted(row["Nr"] for row in rows) == sorted(truth.statements)
    for row in rows:
        sid = row["Nr"]
        _, author, text, reply_to = truth.statements[sid]
        agree, disagree, passes = truth.counts(sid)
        assert (row["Eens"], row["Oneens"], row["Pas"]) == (agree, disagree, passes), sid
        assert row["Aandeel eens"] == pytest.approx(truth.share(sid)), sid
        assert row["Niveau"] == LEVELS.get(truth.level(sid) or ""), sid
        assert row["Bipotron"] == ("ja" if truth.is_bipotron(sid) else "nee"), sid
        assert (row["Uitspraak"] or "") == text
        assert row["Reactie op"] == reply_to
        assert row["Rol"] == ROLES[truth.people[author][0]]
        if row["Thema"]:
            assert truth.is_supported(sid), f"{sid} has a theme but no support"


def test_berichten_groups_statements_by_their_question(case: Case) -> None:
    asked = Counter(item for item, _, _, _ in case.truth.statements.values())
    shown = Counter(case.question_of().values())
    assert sorted(shown.values()) == sorted(asked.values())


def test_berichten_names_the_question_and_the_author_pseudonym(hand_built: Case) -> None:
    titles = {item.item_id: item.title for item in ITEMS}
    for row in hand_built.rows("Berichten"):
        item_id, author, _, _ = hand_built.truth.statements[row["Nr"]]
        assert row["Vraag"] == titles[item_id]
        assert row["Schuilnaam"] == PSEUDONYMS[author]
        assert re.fullmatch(r"\d+:\d\d:\d\d na de start", row["Tijd"])


# Synthetrons and bipotrons -----------------------------------------------------


def test_synthetrons_holds_the_graded_statements_by_question_level_and_share(case: Case) -> None:
    truth = case.truth
    graded = {sid for sid in truth.statements if truth.level(sid)}
    rows = case.rows("Synthetrons")
    assert sorted(row["Nr"] for row in rows) == sorted(graded)
    titles = [question.title for question in case.report.questions]
    question_of = case.question_of()

    def order(sid: int) -> tuple[int, int, float, int]:
        level = truth.level(sid) or ""
        return (titles.index(question_of[sid]), LEVEL_ORDER.index(level), -truth.share(sid), sid)  # type: ignore[operator]

    assert [row["Nr"] for row in rows] == sorted(graded, key=order)


def test_bipotrons_holds_exactly_the_dividing_statements(case: Case) -> None:
    dividing = {sid for sid in case.truth.statements if case.truth.is_bipotron(sid)}
    rows = case.rows("Bipotrons")
    assert sorted(row["Nr"] for row in rows) == sorted(dividing)
    assert all(row["Bipotron"] == "ja" for row in rows)


# Thema's -----------------------------------------------------------------------


def test_themes_hold_every_supported_statement_of_their_question(case: Case) -> None:
    truth, question_of = case.truth, case.question_of()
    supported: dict[str, list[int]] = defaultdict(list)
    for sid in truth.statements:
        if truth.is_supported(sid):
            supported[question_of[sid]].append(sid)
    themes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in case.rows("Thema's"):
        themes[row["Vraag"]].append(row)
    for question in set(supported) | set(themes):
        rows, sids = themes[question], supported[question]
        assert sum(row["Uitspraken"] for row in rows) == len(sids), question
        assert sum(row["Steun (eens-stemmen)"] for row in rows) == sum(
            truth.counts(sid)[0] for sid in sids
        )
        assert sum(row["Synthetrons"] for row in rows) == sum(
            truth.level(sid) is not None for sid in sids
        )


def test_each_named_theme_counts_its_own_statements(case: Case) -> None:
    truth = case.truth
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in case.rows("Berichten"):
        if row["Thema"]:
            members[(row["Vraag"], row["Thema"])].append(row["Nr"])
    named = [row for row in case.rows("Thema's") if row["Rang"] is not None]
    assert {(row["Vraag"], row["Thema"]) for row in named} == set(members)
    for row in named:
        sids = members[(row["Vraag"], row["Thema"])]
        assert row["Uitspraken"] == len(sids)
        assert row["Steun (eens-stemmen)"] == sum(truth.counts(sid)[0] for sid in sids)
        assert row["Synthetrons"] == sum(truth.level(sid) is not None for sid in sids)
        assert row["Citaten"], row["Thema"]
        for role, share in _party_shares(truth, sids).items():
            assert row[PARTY_COLUMNS[role]] == pytest.approx(share), (row["Thema"], role)


def _party_shares(truth: Truth, sids: list[int]) -> dict[str, float | None]:
    """The agree share per role of the votes on these statements (None: nobody of it voted)."""
    wanted = set(sids)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for voter, sid, vote in truth.votes:
        if sid in wanted and vote != "pass":
            tally[truth.people[voter][0]][vote] += 1
    shares: dict[str, float | None] = {role: None for role in PARTY_COLUMNS}
    for role, votes in tally.items():
        shares[role] = votes["agree"] / (votes["agree"] + votes["disagree"])
    return shares


# Peilingen ---------------------------------------------------------------------


def test_polls_count_every_answer_per_option(case: Case) -> None:
    truth = case.truth
    answered: dict[int, Counter[str]] = defaultdict(Counter)
    for _, item_id, option, _ in truth.poll_answers:
        answered[item_id][option] += 1
    shown: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in case.rows("Peilingen"):
        shown[row["Peiling"]][row["Keuze"]] = row
    counted = sorted(
        sorted((option, row["Aantal"]) for option, row in options.items() if row["Aantal"])
        for options in shown.values()
    )
    assert counted == sorted(sorted(counts.items()) for counts in answered.values())
    offered = sorted(sorted(options) for options in truth.poll_options.values())
    assert sorted(sorted(options) for options in shown.values()) == offered
    for options in shown.values():
        total = sum(row["Aantal"] for row in options.values())
        for row in options.values():
            assert row["Aandeel"] == pytest.approx(row["Aantal"] / total if total else None)


def test_poll_explanations_are_ones_given_for_that_option(hand_built: Case) -> None:
    given = {(option, text) for _, _, option, text in hand_built.truth.poll_answers}
    rows = hand_built.rows("Peilingen")
    assert [row["Peiling"] for row in rows] == ["Hoe tevreden bent u over de wijk?"] * 3
    explained = 0
    for row in rows:
        for text in (row["Toelichtingen"] or "").splitlines():
            assert (row["Keuze"], text) in given
            explained += 1
    assert explained >= 3


# Deelnemers --------------------------------------------------------------------


def test_participants_have_one_row_each_and_no_email(case: Case) -> None:
    truth, rows = case.truth, case.rows("Deelnemers")
    assert len(rows) == len(truth.people)
    assert not any("mail" in header.lower() for header in rows[0]) if rows else True
    assert not any(EMAIL.search(str(value)) for row in rows for value in row.values() if value)
    posts, votes = truth.posts_by(), truth.votes_by()
    expected = Counter(
        (ROLES[role], posts[pid], votes[pid]) for pid, (role, _) in truth.people.items()
    )
    assert Counter((row["Rol"], row["Uitspraken"], row["Stemmen"]) for row in rows) == expected


def test_participants_show_their_pseudonymous_profile(hand_built: Case) -> None:
    rows = {row["Schuilnaam"]: row for row in hand_built.rows("Deelnemers")}
    assert set(rows) == set(PSEUDONYMS.values())
    anna, fatma = rows["Anna"], rows["Fatma"]
    assert anna["Soort organisatie"] == "geen (als bewoner)"
    assert anna["Schaalniveau"] == "straat of buurt"
    assert anna["Waarom meedoen"] == PEOPLE[1][2]["reason"]
    assert anna["Wanneer geslaagd"] == PEOPLE[1][2]["success"]
    assert fatma["Waarom meedoen"] is None and fatma["Rol"] == "bewoner"
    assert (rows["Joost"]["Uitspraken"], rows["Joost"]["Stemmen"]) == (0, 0)


# Overzicht ---------------------------------------------------------------------


def test_overview_figures_equal_the_recount(case: Case) -> None:
    sheet = case.book["Overzicht"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    expected = case.truth.figures()
    counts = {
        "Aangemeld": "registered",
        "Actief": "active",
        "Uitspraken": "statements",
        "Reacties": "reactions",
        "Synthetrons": "synthetrons",
        "Bipotrons": "bipotrons",
        "Stemmen": "votes",
        "Peilingantwoorden": "poll_answers",
    }
    for label, key in counts.items():
        assert values[label][0] == expected[key], label
    figures = {
        "Uitspraken per actieve deelnemer": ("statements_per_person", 14.0),
        "Reacties op elkaar": ("reaction_share", 0.19),
        "Synthetrons (breed gedragen)": ("synthetron_share", 0.16),
        "Bipotrons (verdeeld)": ("bipotron_share", 0.20),
    }
    for label, (key, benchmark) in figures.items():
        assert values[label][0] == pytest.approx(expected[key]), label
        assert values[label][1] == pytest.approx(benchmark), label
    assert sheet["A1"].value == case.report.title
    assert values["Wat opvalt"][0]


# Hidden, formula-like and long text --------------------------------------------


def test_a_hidden_statement_and_its_votes_are_left_out(hand_built: Case) -> None:
    log = neighbourhood_log()
    hidden = next(e.statement_id for e in log.events if isinstance(e, StatementHidden))
    assert any(isinstance(e, VoteCast) and e.statement_id == hidden for e in log.events)
    assert hidden not in {row["Nr"] for row in hand_built.rows("Berichten")}
    for sheet in hand_built.book:
        for row in sheet.iter_rows(values_only=True):
            assert not any(HIDDEN_TEXT in str(value) for value in row if value)


def test_formula_like_text_stays_text(hand_built: Case) -> None:
    sheet = hand_built.book["Berichten"]
    cells = [row[6] for row in sheet.iter_rows(min_row=2)]
    formula = next(cell for cell in cells if cell.value == FORMULA)
    assert formula.data_type == "s"
    pseudonyms = {row["Schuilnaam"] for row in hand_built.rows("Deelnemers")}
    assert {"=Gijs", "@Ilse"} <= pseudonyms
    with zipfile.ZipFile(hand_built.path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in archive.read(name).decode() for name in sheets)


def test_text_over_the_cell_limit_is_cut_with_a_mark(tmp_path: Path) -> None:
    text = "Lang verhaal over de wijk. " * 1500 + "\U0001f333" * 1000  # 42,500 code units
    log = LogBuilder(MethodSettings(max_statement_chars=50_000))
    log.join(1)
    log.open(1)
    log.post(1, 1, text)
    record = from_events(log.events, title="Lang", settings=log.dialogue.settings)
    path = write_xlsx(build_report(record), tmp_path / "lang.xlsx")
    cell = openpyxl.load_workbook(path)["Berichten"]["G2"].value
    assert cell.endswith(" [\u2026]")
    assert len(cell.encode("utf-16-le")) // 2 <= 32_767
    assert text.startswith(cell[: -len(" [\u2026]")])


def test_english_reports_get_english_headers(tmp_path: Path) -> None:
    report = build_report(neighbourhood_record(), lang="en")
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "en.xlsx"))
    rows = sheet_rows(book, "Berichten")
    headers = ["No.", "Question", "Pseudonym", "Role", "Time", "Reaction to", "Statement"]
    assert list(rows[0])[:7] == headers
    assert {row["Bipotron"] for row in rows} == {"yes", "no"}
    assert "Pseudonym" in sheet_rows(book, "Deelnemers")[0]


def test_a_simulated_workbook_names_the_script_questions_and_pseudonyms(cases: Cases) -> None:
    session = simulate_session(participants=40, minutes=20, seed=3)
    rows = cases.get("simulated").rows("Berichten")
    assert {row["Vraag"] for row in rows} <= {item.title for item in session.items}
    assert {row["Schuilnaam"] for row in rows} <= set(session.pseudonyms.values())
