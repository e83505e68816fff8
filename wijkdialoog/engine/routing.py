"""Routing: who sees a statement when (docs/method.md of the project, "Routing").

A new statement goes to the other members of its author's mini-group: round 1. A round
ends when a majority of its recipients voted, or when the voting window closes. Then the
support so far decides: a statement whose agree share is credibly below `stop_below`
stops; one with a credible majority doubles its fan-out; the rest go on to one group.
Each step sends it to the next groups, in creation order, that it has not visited.
A participant whose inbox runs empty is topped up with the travelling statements of the
open questions that most need votes (see `need`).
"""

from __future__ import annotations

from collections import deque

from wijkdialoog.engine.effects import (
    BipotronChanged,
    Delivered,
    Effect,
    LevelChanged,
    Migrated,
    Stopped,
)
from wijkdialoog.engine.outcomes import is_bipotron, level_for, wilson_interval
from wijkdialoog.engine.settings import MethodSettings
from wijkdialoog.engine.state import (
    OUTSIDE_ROUND,
    Deadline,
    DialogueState,
    Participant,
    Statement,
)

# Keeps the tiers of `need` apart within one integer key.
_TIER = 1 << 40


def need(statement: Statement, settings: MethodSettings) -> int:
    """Rank how much a statement needs votes; lower comes first.

    First those without a level yet (fewer than `min_votes` agree/disagree votes), then
    those whose Wilson interval still straddles the High bound (their grade is open),
    then the settled ones; within each tier, the least answered first.
    """
    n = statement.agree + statement.disagree
    if n < settings.min_votes:
        tier = 0
    else:
        low, high = wilson_interval(statement.agree, n, confidence=settings.confidence)
        tier = 1 if low <= settings.high_share < high else 2
    return tier * _TIER + statement.responses


def inbox_priority(statement: Statement, settings: MethodSettings) -> tuple[int, float, int]:
    """Order an inbox by need, then the newest first (lower sorts first)."""
    return (need(statement, settings), -statement.posted_at, -statement.statement_id)


def is_travelling(state: DialogueState, statement: Statement) -> bool:
    """Tell whether a statement may still be shown: not hidden, its item open."""
    return not statement.is_hidden and state.items[statement.item_id].is_open


def visible_inbox(state: DialogueState, participant: Participant) -> list[int]:
    """Return the inbox in showing order (hiding and closing purge inboxes at once)."""
    settings = state.settings
    return sorted(participant.inbox, key=lambda s: inbox_priority(state.statements[s], settings))


def deliver(
    state: DialogueState,
    participant: Participant,
    statement: Statement,
    effects: list[Effect],
    *,
    mark: int = OUTSIDE_ROUND,
) -> bool:
    """Put a statement in an inbox unless it was seen, the inbox is full or they are away.

    `mark` is the round number when a round delivers it (see the audience marks in state).
    """
    if (
        participant.key in statement.audience
        or not participant.is_present
        or len(participant.inbox) >= state.settings.inbox_limit
    ):
        return False
    statement.audience[participant.key] = mark
    participant.inbox.append(statement.statement_id)
    statement.showings += 1
    effects.append(Delivered(participant.participant_id, statement.statement_id))
    return True


def start_first_round(
    state: DialogueState, statement: Statement, *, at: float, effects: list[Effect]
) -> None:
    """Show a new statement to the other members of its author's mini-group."""
    groups = state.items[statement.item_id].groups
    assert groups is not None and statement.home_group is not None
    members = groups.members(statement.home_group)
    if not _open_round(state, statement, members, at=at, effects=effects):
        close_round(state, statement, at=at, effects=effects)


def count_vote(
    state: DialogueState, statement: Statement, mark: int, *, at: float, effects: list[Effect]
) -> None:
    """Let a vote count towards its round's quorum, and end the round when it is reached.

    `mark` is the voter's audience mark before the vote: it says if the round reached them.
    """
    if statement.round_size is None or mark != statement.round_no:
        return
    statement.round_votes += 1
    if 2 * statement.round_votes > statement.round_size:
        close_round(state, statement, at=at, effects=effects)


def drop_recipient(
    state: DialogueState,
    statement: Statement,
    participant: Participant,
    *,
    at: float,
    effects: list[Effect],
) -> None:
    """Take a leaver who has not voted out of a round; the round may now have its quorum."""
    if statement.round_size is None or statement.audience[participant.key] != statement.round_no:
        return
    statement.audience[participant.key] = OUTSIDE_ROUND
    statement.round_size -= 1
    if not statement.round_size or 2 * statement.round_votes > statement.round_size:
        close_round(state, statement, at=at, effects=effects)


def close_round(
    state: DialogueState, statement: Statement, *, at: float, effects: list[Effect]
) -> None:
    """Decide, on the support so far, whether a statement stops or travels on, and how far."""
    statement.round_size = None
    if statement.is_stopped or not is_travelling(state, statement):
        return
    settings = state.settings
    pool = state.items[statement.item_id].pool
    n = statement.agree + statement.disagree
    low, high = wilson_interval(statement.agree, n, confidence=settings.confidence)
    if n and high < settings.stop_below:
        statement.is_stopped = True
        pool.remove(statement.statement_id)
        effects.append(Stopped(statement.statement_id))
        return
    if statement.statement_id not in pool:
        pool.add(statement.statement_id, need(statement, settings))
    credible_majority = n > 0 and low > 0.5
    statement.fan_out = min(settings.max_fan_out, 2 * statement.fan_out) if credible_majority else 1
    _send_on(state, statement, at=at, effects=effects)


def expire_rounds(state: DialogueState, *, at: float, effects: list[Effect]) -> None:
    """Close every round whose voting window ended at or before `at`."""
    deadlines = state.deadlines
    while deadlines and deadlines[0][0] <= at:
        _, _, round_no, statement = deadlines.popleft()
        if statement.round_no == round_no and statement.round_size is not None:
            # The next round starts now, so its recipients get a full window to vote.
            close_round(state, statement, at=at, effects=effects)


def top_up(state: DialogueState, participant: Participant, *, effects: list[Effect]) -> None:
    """Fill an empty inbox with the travelling statements that most need votes."""
    if participant.inbox or not participant.is_present:
        return
    wanted, budget = state.settings.top_up_to, state.settings.top_up_scan
    chosen: list[Statement] = []
    for item in reversed(state.open_questions()):
        for statement_id in item.pool.most_needed():
            budget -= 1
            statement = state.statements[statement_id]
            if participant.key not in statement.audience:
                chosen.append(statement)
            if len(chosen) == wanted or budget == 0:
                break
        if len(chosen) == wanted or budget == 0:
            break
    for statement in chosen:
        deliver(state, participant, statement, effects)


def record_vote(statement: Statement, state: DialogueState, effects: list[Effect]) -> None:
    """Re-rank a statement after a vote; emit a level or bipotron change and remember it."""
    state.items[statement.item_id].pool.update(
        statement.statement_id, need(statement, state.settings)
    )
    level = level_for(statement.agree, statement.disagree, state.settings)
    level_name = level.value if level is not None else None
    if level_name != statement.level and level_name is not None:
        effects.append(LevelChanged(statement.statement_id, level_name))
    statement.level = level_name
    dividing = is_bipotron(statement.agree, statement.disagree, state.settings)
    if dividing != statement.is_bipotron:
        effects.append(BipotronChanged(statement.statement_id, dividing))
    statement.is_bipotron = dividing


def _send_on(
    state: DialogueState, statement: Statement, *, at: float, effects: list[Effect]
) -> None:
    # Walk on until some group member could take it, every group was visited, or
    # `walk_limit` groups had no room. In a big crowd with full inboxes most groups have
    # no room; pushing on is then wasted work, and top-up (people with room pulling the
    # statements that most need votes) serves the statement instead.
    groups = state.items[statement.item_id].groups
    assert groups is not None and statement.home_group is not None
    walk = groups.groups_after(statement.home_group, steps_taken=statement.steps)
    looked_at = 0
    while True:
        targets: list[int] = []
        members: list[Participant] = []
        for steps, group_id, group_members in walk:
            statement.steps = steps
            targets.append(group_id)
            members += group_members
            if len(targets) == statement.fan_out:
                break
        if not targets:
            return
        if _open_round(state, statement, members, at=at, effects=effects):
            effects.append(Migrated(statement.statement_id, tuple(targets), statement.round_no))
            return
        looked_at += len(targets)
        if looked_at >= state.settings.walk_limit:
            return


def _open_round(
    state: DialogueState,
    statement: Statement,
    members: list[Participant],
    *,
    at: float,
    effects: list[Effect],
) -> bool:
    round_no = statement.round_no + 1
    reached = 0
    for member in members:
        if deliver(state, member, statement, effects, mark=round_no):
            reached += 1
    if not reached:
        return False
    statement.round_no = round_no
    statement.round_size = reached
    statement.round_votes = 0
    ends = at + state.settings.voting_window_s
    _add_deadline(state.deadlines, (ends, statement.statement_id, statement.round_no, statement))
    return True


def _add_deadline(deadlines: deque[Deadline], entry: Deadline) -> None:
    # Every window lasts `voting_window_s` and time never goes back, so a new window ends
    # last, or ties with the last ones (rounds opened by one event). A sorted queue takes it
    # at its end and gives up the soonest at its front, where a heap sifts through entries
    # scattered in memory, more of them the larger the crowd. Ties are ordered by statement
    # and round, as the heap ordered them.
    index = len(deadlines)
    while index and deadlines[index - 1] > entry:
        index -= 1
    deadlines.insert(index, entry)
