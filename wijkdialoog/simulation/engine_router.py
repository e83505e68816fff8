"""The engine as a router in a replay: data votes become joins, statements, votes and leaves."""

from __future__ import annotations

import heapq
import random

from wijkdialoog.engine import (
    Dialogue,
    InboxRequested,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    ParticipantLeft,
    StatementPosted,
    Vote,
    VoteCast,
)

REPLAY_ITEM_ID = 1
_VOTES = {1: Vote.AGREE, -1: Vote.DISAGREE, 0: Vote.PASS}


class EngineRouter:
    """Drive the dialogue engine as a live session would, and show each person their inbox head.

    A replay has no disconnects, so a participant counts as gone after `idle_after_s` without
    activity, as a live server notices a closed page.
    """

    name: str = "engine"

    def __init__(
        self,
        rng: random.Random,
        *,
        settings: MethodSettings | None = None,
        idle_after_s: float = 600.0,
    ) -> None:
        seed = rng.randrange(2**31)
        self.dialogue = Dialogue(settings or MethodSettings(seed=seed))
        self._idle_after_s = idle_after_s
        self._last_active: dict[int, float] = {}
        self._idle_queue: list[tuple[float, int]] = []
        self._is_open = False

    def statement_posted(self, statement_id: int, *, author_id: int, at_s: float) -> None:
        self._be_present(author_id, at_s)
        text = f"statement {statement_id}"
        self.dialogue.apply(StatementPosted(at_s, statement_id, author_id, REPLAY_ITEM_ID, text))

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        self._be_present(participant_id, at_s)
        head = self.dialogue.next_statement(participant_id)
        if head is None:
            self.dialogue.apply(InboxRequested(at_s, participant_id))
            head = self.dialogue.next_statement(participant_id)
        return head

    def vote_recorded(
        self, participant_id: int, statement_id: int, *, vote: int, at_s: float
    ) -> None:
        self.dialogue.apply(VoteCast(at_s, participant_id, statement_id, _VOTES[vote]))

    def _be_present(self, participant_id: int, at_s: float) -> None:
        if not self._is_open:
            self.dialogue.apply(ItemOpened(at_s, REPLAY_ITEM_ID))
            self._is_open = True
        self._let_idle_leave(at_s)
        participants = self.dialogue.state.participants
        known = participants.get(participant_id)
        if known is None or not known.is_present:
            self.dialogue.apply(ParticipantJoined(at_s, participant_id))
        self._last_active[participant_id] = at_s
        heapq.heappush(self._idle_queue, (at_s + self._idle_after_s, participant_id))

    def _let_idle_leave(self, at_s: float) -> None:
        queue = self._idle_queue
        while queue and queue[0][0] <= at_s:
            due, participant_id = heapq.heappop(queue)
            if self._last_active[participant_id] + self._idle_after_s == due:
                self.dialogue.apply(ParticipantLeft(due, participant_id))
