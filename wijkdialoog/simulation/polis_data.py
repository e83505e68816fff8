"""Load a published Polis conversation (comments.csv, votes.csv) for replay.

The openData export has quirks (see the data README): votes.csv is an event log in
which a voter may change a vote, rejected comments still carry votes, and comment
bodies may span several lines. This module hides all of that behind one call.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

AGREE = 1
DISAGREE = -1
PASS = 0
REJECTED = -1  # comments.csv `moderated`: 1 accepted, 0 unmoderated, -1 rejected

_COMMENT_COLUMNS = ("timestamp", "comment-id", "author-id", "moderated", "comment-body")
_VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")


class PolisDataError(ValueError):
    """A conversation file is missing or malformed; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Comment:
    comment_id: int
    author_id: int
    posted_at_s: float
    text: str
    moderated: int


@dataclass(frozen=True, slots=True)
class DataVote:
    voter_id: int
    comment_id: int
    vote: int  # AGREE, DISAGREE or PASS
    at_s: float


@dataclass(frozen=True, slots=True)
class Conversation:
    name: str
    comments: tuple[Comment, ...]  # sorted by posting time
    votes: tuple[DataVote, ...]  # latest vote per (voter, comment), sorted by time


def load_conversation(folder: Path) -> Conversation:
    """Load the accepted comments and each voter's latest votes from a Polis export."""
    folder = Path(folder)
    comments = _read_comments(folder / "comments.csv")
    kept = {c.comment_id for c in comments if c.moderated != REJECTED}
    # Votes on rejected or unknown comments are dropped: no router could show them.
    votes = [v for v in _read_latest_votes(folder / "votes.csv") if v.comment_id in kept]
    return Conversation(
        name=folder.name,
        comments=tuple(
            sorted(
                (c for c in comments if c.comment_id in kept),
                key=lambda c: (c.posted_at_s, c.comment_id),
            )
        ),
        votes=tuple(sorted(votes, key=lambda v: (v.at_s, v.voter_id, v.comment_id))),
    )


def _read_comments(path: Path) -> list[Comment]:
    comments: list[Comment] = []
    seen: set[int] = set()
    for where, row in _rows(path, _COMMENT_COLUMNS):
        comment_id = _integer(row, "comment-id", where=where)
        if comment_id in seen:
            raise PolisDataError(f"{where}: comment-id {comment_id} occurs twice")
        seen.add(comment_id)
        moderated = _integer(row, "moderated", where=where)
        if moderated not in (1, 0, -1):
            raise PolisDataError(f"{where}: moderated must be 1, 0 or -1, got {row['moderated']!r}")
        comments.append(
            Comment(
                comment_id=comment_id,
                author_id=_integer(row, "author-id", where=where),
                posted_at_s=_timestamp_s(row, where=where),
                text=row["comment-body"],
                moderated=moderated,
            )
        )
    return comments


def _read_latest_votes(path: Path) -> list[DataVote]:
    latest: dict[tuple[int, int], DataVote] = {}
    for where, row in _rows(path, _VOTE_COLUMNS):
        vote = _integer(row, "vote", where=where, expected="1, 0 or -1")
        if vote not in (AGREE, DISAGREE, PASS):
            raise PolisDataError(f"{where}: vote must be 1, 0 or -1, got {row['vote']!r}")
        data_vote = DataVote(
            voter_id=_integer(row, "voter-id", where=where),
            comment_id=_integer(row, "comment-id", where=where),
            vote=vote,
            at_s=_timestamp_s(row, where=where),
        )
        key = (data_vote.voter_id, data_vote.comment_id)
        previous = latest.get(key)
        # `>=`: on equal timestamps the later row in the log wins, as it was written last.
        if previous is None or data_vote.at_s >= previous.at_s:
            latest[key] = data_vote
    return list(latest.values())


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield (`"<file> line <n>"`, row) for each record, after checking the header."""
    if not path.is_file():
        raise PolisDataError(f"{path.name}: file is missing")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            if header is None:
                raise PolisDataError(f"{path.name}: file is empty")
            for column in columns:
                if column not in header:
                    raise PolisDataError(f"{path.name}: missing column {column!r}")
            for row in reader:
                # line_num is the record's last physical line, which is where a
                # multi-line comment body ends: close enough to find it.
                where = f"{path.name} line {reader.line_num}"
                if None in row:
                    raise PolisDataError(f"{where}: more fields than the header has")
                yield where, row
    except csv.Error as error:
        raise PolisDataError(f"{path.name} line {reader.line_num}: {error}") from error
    except UnicodeDecodeError as error:
        raise PolisDataError(f"{path.name}: not valid UTF-8 ({error.reason})") from error


def _field(row: dict[str, str], column: str, *, where: str) -> str:
    value = row.get(column)
    if value is None:  # DictReader fills missing trailing fields with None
        raise PolisDataError(f"{where}: missing value for {column!r}")
    return value


def _integer(row: dict[str, str], column: str, *, where: str, expected: str = "an integer") -> int:
    value = _field(row, column, where=where)
    try:
        return int(value)
    except ValueError:
        raise PolisDataError(f"{where}: {column} must be {expected}, got {value!r}") from None


def _timestamp_s(row: dict[str, str], *, where: str) -> float:
    value = _field(row, "timestamp", where=where)
    try:
        ms = float(value)
    except ValueError:
        ms = math.nan
    if not math.isfinite(ms):
        raise PolisDataError(f"{where}: timestamp must be a number (ms since epoch), got {value!r}")
    return ms / 1000.0
