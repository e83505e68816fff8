"""The simulated session's script: a poll, five questions from the statement bank, a poll.

Item ids follow the script's order, as in the web app: the opening poll is item 1, the
questions are items 2-6 and the closing poll is item 7.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkdialoog.simulation.polls import COOPERATION_NOW, LOOKING_BACK, BankPoll
from wijkdialoog.simulation.statement_bank import QUESTIONS, BankQuestion


@dataclass(frozen=True, slots=True)
class ScriptItemText:
    """What participants read for one item, so a report can show it."""

    item_id: int
    kind: str  # "question" or "poll"
    title: str
    introduction: str = ""
    options: tuple[str, ...] = ()


OPENING_POLL_ID = 1
QUESTION_IDS = tuple(range(2, 2 + len(QUESTIONS)))
CLOSING_POLL_ID = QUESTION_IDS[-1] + 1
POLLS: dict[int, BankPoll] = {OPENING_POLL_ID: COOPERATION_NOW, CLOSING_POLL_ID: LOOKING_BACK}


def question_for(item_id: int) -> BankQuestion:
    return QUESTIONS[item_id - QUESTION_IDS[0]]


def script_items() -> tuple[ScriptItemText, ...]:
    """Return the texts of every item of the simulated session, in the script's order."""
    questions = [
        ScriptItemText(item_id, "question", question.title, question.text)
        for item_id, question in zip(QUESTION_IDS, QUESTIONS, strict=True)
    ]
    return (
        _poll_text(OPENING_POLL_ID),
        *questions,
        _poll_text(CLOSING_POLL_ID),
    )


def _poll_text(item_id: int) -> ScriptItemText:
    poll = POLLS[item_id]
    return ScriptItemText(item_id, "poll", poll.title, poll.introduction, poll.options)
