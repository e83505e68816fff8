"""The dialogue as an event-sourced state machine: `apply` validates, changes, returns effects."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

from wijkdialoog.engine import routing
from wijkdialoog.engine.effects import Effect, GroupAssigned, Withdrawn
from wijkdialoog.engine.events import (
    Event,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
)
from wijkdialoog.engine.groups import MiniGroups
from wijkdialoog.engine.settings import MethodSettings
from wijkdialoog.engine.state import (
    OUTSIDE_ROUND,
    DialogueState,
    Item,
    Participant,
    Statement,
    voted,
)
from wijkdialoog.engine.validation import validate


class Dialogue:
    """One dialogue's state, changed only by applying events."""

    def __init__(self, settings: MethodSettings | None = None) -> None:
        settings = settings or MethodSettings()
        self.state = DialogueState(settings=settings, rng=random.Random(settings.seed))

    @classmethod
    def replay(cls, events: Iterable[Event], settings: MethodSettings | None = None) -> Dialogue:
        """Fold a log of events into a fresh dialogue; the same log gives the same state."""
        dialogue = cls(settings)
        for event in events:
            dialogue.apply(event)
        return dialogue

    @property
    def settings(self) -> MethodSettings:
        return self.state.settings

    def apply(self, event: Event) -> list[Effect]:
        """Validate an event, change the state and return what it caused.

        An invalid event raises a subclass of `EventRefused` and changes nothing.
        """
        state = self.state
        validate(state, event)
        effects: list[Effect] = []
        state.last_at = event.at
        state.events_applied += 1
        routing.expire_rounds(state, at=event.at, effects=effects)
        self._change(event, effects)
        return effects

    def _change(self, event: Event, effects: list[Effect]) -> None:
        match event:
            case ParticipantJoined():
                self._join(event, effects)
            case ParticipantLeft():
                self._leave(event, effects)
            case ItemOpened():
                self._open_item(event, effects)
            case ItemClosed():
                self._close_item(event, effects)
            case StatementPosted():
                self._post(event, effects)
            case VoteCast():
                self._vote(event, effects)
            case PollAnswered():
                item = self.state.items[event.item_id]
                item.poll_answers[event.participant_id] = (event.option, event.explanation)
            case StatementHidden():
                self._hide(event, effects)
            case InboxRequested():
                participant = self.state.participants[event.participant_id]
                routing.top_up(self.state, participant, effects=effects)
            case Tick():
                pass

    def _new_group_ids(self) -> Iterator[int]:
        while True:
            self.state.groups_made += 1
            yield self.state.groups_made

    def _join(self, event: ParticipantJoined, effects: list[Effect]) -> None:
        state = self.state
        participant = state.participants.get(event.participant_id)
        if participant is None:
            participant = Participant(event.participant_id, event.role, event.intake)
            state.participants[event.participant_id] = participant
            state.participant_of_key[participant.key] = event.participant_id
        participant.is_present = True
        for item in state.open_questions():
            assert item.groups is not None
            group_id = item.groups.join(participant, new_group_id=self._new_group_ids())
            effects.append(GroupAssigned(event.participant_id, item.item_id, group_id))
        routing.top_up(state, participant, effects=effects)

    def _leave(self, event: ParticipantLeft, effects: list[Effect]) -> None:
        state = self.state
        participant = state.participants[event.participant_id]
        participant.is_present = False
        # Emptied in place: the list stays the one made, and untracked, with the participant.
        waiting = participant.inbox.copy()
        participant.inbox.clear()
        for statement_id in waiting:
            statement = state.statements[statement_id]
            routing.drop_recipient(state, statement, participant, at=event.at, effects=effects)
        for item in state.open_questions():
            assert item.groups is not None
            moved = item.groups.leave(event.participant_id, new_group_id=self._new_group_ids())
            effects.extend(GroupAssigned(p, item.item_id, g) for p, g in moved)

    def _open_item(self, event: ItemOpened, effects: list[Effect]) -> None:
        state = self.state
        item = Item(event.item_id, event.kind, event.options)
        state.items[event.item_id] = item
        if event.kind is not ItemKind.QUESTION:
            return
        item.groups = MiniGroups(state.settings)
        present = [p for p in state.participants.values() if p.is_present]
        placed = item.groups.form(present, rng=state.rng, new_group_id=self._new_group_ids())
        effects.extend(GroupAssigned(p, item.item_id, g) for p, g in placed)

    def _close_item(self, event: ItemClosed, effects: list[Effect]) -> None:
        item = self.state.items[event.item_id]
        item.is_open = False
        self._purge_inboxes(set(item.statement_ids))
        effects.extend(
            Withdrawn(s) for s in item.statement_ids if not self.state.statements[s].is_hidden
        )

    def _purge_inboxes(self, leaving: set[int]) -> None:
        # Rare facilitator acts, so a pass over everyone is fine; inbox slots free up at once.
        # By id, so the pass does not touch every waiting statement as well.
        for participant in self.state.participants.values():
            if participant.inbox and not leaving.isdisjoint(participant.inbox):
                participant.inbox[:] = [s for s in participant.inbox if s not in leaving]

    def _post(self, event: StatementPosted, effects: list[Effect]) -> None:
        state = self.state
        item = state.items[event.item_id]
        assert item.groups is not None
        author = state.participants[event.participant_id]
        statement = Statement(
            statement_id=event.statement_id,
            item_id=event.item_id,
            author_id=event.participant_id,
            text=event.text,
            reply_to=event.reply_to,
            posted_at=event.at,
            home_group=item.groups.group_of[event.participant_id],
        )
        state.statements[event.statement_id] = statement
        item.statement_ids.append(event.statement_id)
        statement.audience[author.key] = OUTSIDE_ROUND
        author.statements_posted += 1
        routing.start_first_round(state, statement, at=event.at, effects=effects)

    def _vote(self, event: VoteCast, effects: list[Effect]) -> None:
        state = self.state
        participant = state.participants[event.participant_id]
        statement = state.statements[event.statement_id]
        if event.vote is Vote.AGREE:
            statement.agree += 1
        elif event.vote is Vote.DISAGREE:
            statement.disagree += 1
        else:
            statement.passes += 1
        mark = statement.audience[participant.key]
        statement.audience[participant.key] = voted(mark)
        participant.votes_cast += 1
        if event.statement_id in participant.inbox:
            participant.inbox.remove(event.statement_id)
        routing.record_vote(statement, state, effects)
        routing.count_vote(state, statement, mark, at=event.at, effects=effects)
        routing.top_up(state, participant, effects=effects)

    def _hide(self, event: StatementHidden, effects: list[Effect]) -> None:
        statement = self.state.statements[event.statement_id]
        statement.is_hidden = True
        statement.hidden_reason = event.reason
        statement.round_size = None
        self.state.items[statement.item_id].pool.remove(event.statement_id)
        self._purge_inboxes({event.statement_id})
        effects.append(Withdrawn(event.statement_id))

    # Reads -----------------------------------------------------------------

    def inbox(self, participant_id: int) -> list[int]:
        """Return a participant's inbox, the statement to show first at the front."""
        participant = self.state.participants.get(participant_id)
        if participant is None:
            return []
        return routing.visible_inbox(self.state, participant)

    def next_statement(self, participant_id: int) -> int | None:
        """Return the statement a participant should vote on now, if any."""
        inbox = self.inbox(participant_id)
        return inbox[0] if inbox else None
