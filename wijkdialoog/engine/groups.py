"""Mini-groups of one question: formed mixed by role, filled by late joiners, merged on leaving."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from wijkdialoog.engine.events import Role
from wijkdialoog.engine.settings import MethodSettings
from wijkdialoog.engine.untracked import untracked


class Member(Protocol):
    """What a group holds: anyone with an id and a role (the dialogue's participants)."""

    @property
    def participant_id(self) -> int: ...

    @property
    def role(self) -> Role: ...


M = TypeVar("M", bound=Member)


class MiniGroups(Generic[M]):
    """The disjoint mini-groups of one question, in the order they were created.

    A group holds its members themselves (the dialogue's participants), not their ids, so
    that a round reaches them without a lookup in the crowd: in a large crowd every lookup
    is a wait for memory.
    """

    __slots__ = ("_by_place", "_by_size", "_members", "_order", "_position", "group_of", "settings")

    def __init__(self, settings: MethodSettings) -> None:
        self.settings = settings
        self._members: dict[int, list[M]] = {}
        # Creation order drives migration: a statement visits groups after its home group.
        self._order: list[int] = []
        # Dead groups keep their place, so a statement's walk stays valid after merges.
        self._position: dict[int, int] = {}
        # Per place in that order, the group's members (None once it is gone): a walk
        # reads this list alone.
        self._by_place: list[list[M] | None] = []
        self.group_of: dict[int, int] = {}
        # Groups by size, each an insertion-ordered set, so "the smallest group" is O(sizes).
        self._by_size: dict[int, dict[int, None]] = {}

    def form(
        self,
        people: Iterable[M],
        *,
        rng: random.Random,
        new_group_id: Iterator[int],
    ) -> list[tuple[int, int]]:
        """Deal the people present into mixed groups: shuffle within roles, deal round robin.

        Return (participant, group) for each.
        """
        by_role: dict[Role, list[M]] = {role: [] for role in Role}
        for person in people:
            by_role[person.role].append(person)
        dealt: list[M] = []
        for role in Role:
            rng.shuffle(by_role[role])
            dealt.extend(by_role[role])
        if not dealt:
            return []
        size, biggest = self.settings.group_size, self.settings.max_group_size
        count = max(1, int(len(dealt) / size + 0.5), -(-len(dealt) // biggest))
        group_ids = [next(new_group_id) for _ in range(count)]
        for group_id in group_ids:
            self._add_group(group_id)
        placed = []
        for index, person in enumerate(dealt):
            group_id = group_ids[index % count]
            self._add_member(group_id, person)
            placed.append((person.participant_id, group_id))
        return placed

    def join(self, person: M, *, new_group_id: Iterator[int]) -> int:
        """Put a late joiner in the smallest group that is not yet full, else a new group."""
        group_id = self._smallest(below=self.settings.group_size)
        if group_id is None:
            group_id = next(new_group_id)
            self._add_group(group_id)
        self._add_member(group_id, person)
        return group_id

    def leave(self, participant_id: int, *, new_group_id: Iterator[int]) -> list[tuple[int, int]]:
        """Take a leaver out; merge a group that falls below its minimum into the smallest.

        Return (participant, group) for each member moved.
        """
        group_id = self.group_of.pop(participant_id)
        self._remove_member(group_id, participant_id)
        rest = self._members[group_id]
        if not rest:
            self._drop_group(group_id)
            return []
        if len(rest) >= self.settings.min_group_size or len(self._members) == 1:
            return []
        self._drop_group(group_id)
        moved = []
        for member in rest:
            del self.group_of[member.participant_id]
            target = self._smallest(below=self.settings.max_group_size)
            if target is None:
                target = next(new_group_id)
                self._add_group(target)
            self._add_member(target, member)
            moved.append((member.participant_id, target))
        return moved

    def members(self, group_id: int) -> list[M]:
        return self._members.get(group_id, [])

    def member_ids(self, group_id: int) -> list[int]:
        return [member.participant_id for member in self.members(group_id)]

    def sizes(self) -> list[int]:
        return [len(self._members[g]) for g in self._order if g in self._members]

    def groups_after(
        self, group_id: int, *, steps_taken: int
    ) -> Iterator[tuple[int, int, list[M]]]:
        """Yield (steps, group, members) for live groups after `group_id` in creation order.

        `steps_taken` says how far a statement already went, so it never visits a group twice;
        the walk ends after one full turn.
        """
        order, by_place = self._order, self._by_place
        start = self._position[group_id]
        for steps in range(steps_taken + 1, len(order)):
            place = (start + steps) % len(order)
            members = by_place[place]
            if members is not None:
                yield steps, order[place], members

    def _smallest(self, *, below: int) -> int | None:
        for size in range(below):
            bucket = self._by_size.get(size)
            if bucket:
                return next(iter(bucket))
        return None

    def _add_group(self, group_id: int) -> None:
        # Out of the collector's sight (untracked.py): members never refer back to a group.
        members: list[M] = untracked([])
        self._members[group_id] = members
        self._position[group_id] = len(self._order)
        self._order.append(group_id)
        self._by_place.append(members)
        self._by_size.setdefault(0, {})[group_id] = None

    def _drop_group(self, group_id: int) -> None:
        del self._by_size[len(self._members[group_id])][group_id]
        del self._members[group_id]
        self._by_place[self._position[group_id]] = None

    def _add_member(self, group_id: int, person: M) -> None:
        members = self._members[group_id]
        del self._by_size[len(members)][group_id]
        members.append(person)
        self._by_size.setdefault(len(members), {})[group_id] = None
        self.group_of[person.participant_id] = group_id

    def _remove_member(self, group_id: int, participant_id: int) -> None:
        members = self._members[group_id]
        del self._by_size[len(members)][group_id]
        members[:] = [m for m in members if m.participant_id != participant_id]
        self._by_size.setdefault(len(members), {})[group_id] = None

    def snapshot(self) -> dict[str, object]:
        return {
            "order": list(self._order),
            "members": {str(g): self.member_ids(g) for g in self._members},
        }
