"""The statements of a question that still travel, ordered by how much they need votes."""

from __future__ import annotations

import bisect
from collections.abc import Iterator


class NeedQueue:
    """Statements bucketed by an integer need; iterate neediest first, oldest first within one."""

    __slots__ = ("_buckets", "_key_of", "_keys")

    def __init__(self) -> None:
        self._buckets: dict[int, dict[int, None]] = {}
        self._keys: list[int] = []
        self._key_of: dict[int, int] = {}

    def __contains__(self, statement_id: int) -> bool:
        return statement_id in self._key_of

    def __len__(self) -> int:
        return len(self._key_of)

    def add(self, statement_id: int, key: int) -> None:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = {}
            bisect.insort(self._keys, key)
        bucket[statement_id] = None
        self._key_of[statement_id] = key

    def remove(self, statement_id: int) -> None:
        key = self._key_of.pop(statement_id, None)
        if key is None:
            return
        bucket = self._buckets[key]
        del bucket[statement_id]
        if not bucket:
            del self._buckets[key]
            del self._keys[bisect.bisect_left(self._keys, key)]

    def update(self, statement_id: int, key: int) -> None:
        if statement_id in self._key_of:
            self.remove(statement_id)
            self.add(statement_id, key)

    def most_needed(self) -> Iterator[int]:
        """Yield statements, lowest key first; do not change the queue while iterating."""
        for key in self._keys:
            yield from self._buckets[key]

    def snapshot(self) -> list[list[int]]:
        return [[key, *self._buckets[key]] for key in self._keys]
