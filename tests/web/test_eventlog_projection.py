"""The read models written with each batch of events: statements, reactions and counts.

The conductor writes a batch in one transaction; the read models must say what the
engine says after it, whether a reaction and the statement it answers arrive in one
batch or in two.
"""

from __future__ import annotations

import pytest

from tests.reports.fixtures_records import LogBuilder
from tests.web.conftest import make_dialogue, make_participant
from wijkdialoog.engine import Vote
from wijkdialoog.web.dialogues import access, eventlog, models

NAMES = ["Anna", "Bram", "Cees", "Dirk"]


def logged_dialogue(batches: int) -> tuple[models.Dialogue, LogBuilder]:
    """Posts, a reaction to the first post and votes, written in `batches` parts."""
    dialogue = make_dialogue()
    people = [make_participant(dialogue, name) for name in NAMES]
    question = dialogue.items.order_by("position").first()
    log = LogBuilder(dialogue.engine_settings())
    for person in people:
        log.join(person.pk, person.role, **access.intake_of(person))
    log.open(question.pk)
    first = log.post(people[0].pk, question.pk, "Meer bomen in het park")
    log.post(people[1].pk, question.pk, "Drempels bij de school")
    log.post(people[2].pk, question.pk, "Ja, vooral langs de vijver", reply_to=first)
    log.vote_until_done(lambda pid, sid: Vote.AGREE if (pid + sid) % 3 else Vote.DISAGREE)
    rows = [(event, None, None) for event in log.events]
    size = -(-len(rows) // batches)
    last_seq = 0
    for start in range(0, len(rows), size):
        last_seq = eventlog.append(
            dialogue.pk, last_seq, rows[start : start + size], log.dialogue.state
        )
    return dialogue, log


@pytest.mark.django_db
@pytest.mark.parametrize("batches", [1, 2, 7])
def test_the_read_models_say_what_the_engine_says(batches: int) -> None:
    dialogue, log = logged_dialogue(batches)
    stored = {s.engine_id: s for s in models.Statement.objects.filter(dialogue=dialogue)}
    engine = log.dialogue.state.statements
    assert set(stored) == set(engine)
    reaction = stored[3]
    assert reaction.reaction_to is not None and reaction.reaction_to.engine_id == 1
    assert stored[1].reaction_to is None
    votes = 0
    for statement_id, counted in engine.items():
        row = stored[statement_id]
        assert (row.agree, row.disagree, row.passes) == (
            counted.agree,
            counted.disagree,
            counted.passes,
        )
        assert row.level == (counted.level or "") and row.is_bipotron == counted.is_bipotron
        votes += counted.agree + counted.disagree + counted.passes
    assert votes > 0
    assert models.VoteRecord.objects.filter(statement__dialogue=dialogue).count() == votes
