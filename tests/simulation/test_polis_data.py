"""Tests for loading Polis openData conversations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wijkdialoog.simulation.polis_data import (
    Comment,
    DataVote,
    PolisDataError,
    load_conversation,
)

POLIS_DATA = Path("/work/shared/data/polis")
LONDON = POLIS_DATA / "london.youth.policing"

COMMENTS_HEADER = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
)
VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def write_conversation(folder: Path, *, comments: str, votes: str) -> Path:
    """Write a tiny conversation in the openData layout and return its folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "comments.csv").write_text(comments, encoding="utf-8")
    (folder / "votes.csv").write_text(votes, encoding="utf-8")
    return folder


def small_comments() -> str:
    return (
        COMMENTS_HEADER
        + '2000,x,1,10,0,0,1,"first, with a comma"\n'
        + '1000,x,0,11,0,0,0,"spans\ntwo lines"\n'
        + "3000,x,2,10,0,0,-1,rejected\n"
    )


@pytest.mark.skipif(not LONDON.is_dir(), reason="Polis data not available")
def test_london_matches_the_data_readme() -> None:
    conversation = load_conversation(LONDON)

    assert conversation.name == "london.youth.policing"
    # 39 rows, of which 0, 2 and 3 were rejected by the moderator.
    assert len(conversation.comments) == 36
    assert {0, 2, 3}.isdisjoint(c.comment_id for c in conversation.comments)
    # 640 vote rows, 638 latest (voter, comment) pairs, none on rejected comments.
    assert len(conversation.votes) == 638
    assert len({(v.voter_id, v.comment_id) for v in conversation.votes}) == 638
    assert len({v.voter_id for v in conversation.votes}) == 26
    assert {v.vote for v in conversation.votes} == {1, 0, -1}
    kept = {c.comment_id for c in conversation.comments}
    assert all(v.comment_id in kept for v in conversation.votes)
    times = [c.posted_at_s for c in conversation.comments]
    assert times == sorted(times)
    vote_times = [v.at_s for v in conversation.votes]
    assert vote_times == sorted(vote_times)
    # ms since epoch became seconds: July 2022.
    assert 1.65e9 < conversation.comments[0].posted_at_s < 1.66e9


def test_latest_vote_wins_whatever_the_row_order(tmp_path: Path) -> None:
    votes = (
        VOTES_HEADER
        + "5000,x,1,7,1\n"  # latest for (7, 1), though not the last row
        + "4000,x,1,7,-1\n"
        + "1500,x,0,7,1\n"
        + "1500,x,0,7,0\n"  # same time as the row above: the later row wins
        + "2500,x,0,8,-1\n"
    )
    folder = write_conversation(tmp_path / "tiny", comments=small_comments(), votes=votes)

    conversation = load_conversation(folder)

    assert conversation.votes == (
        DataVote(voter_id=7, comment_id=0, vote=0, at_s=1.5),
        DataVote(voter_id=8, comment_id=0, vote=-1, at_s=2.5),
        DataVote(voter_id=7, comment_id=1, vote=1, at_s=5.0),
    )


def test_rejected_and_unknown_comments_lose_their_votes(tmp_path: Path) -> None:
    votes = VOTES_HEADER + "3500,x,2,7,1\n" + "3600,x,99,7,1\n" + "3700,x,1,7,-1\n"
    folder = write_conversation(tmp_path / "tiny", comments=small_comments(), votes=votes)

    conversation = load_conversation(folder)

    assert conversation.comments == (
        Comment(comment_id=0, author_id=11, posted_at_s=1.0, text="spans\ntwo lines", moderated=0),
        Comment(
            comment_id=1, author_id=10, posted_at_s=2.0, text="first, with a comma", moderated=1
        ),
    )
    assert conversation.votes == (DataVote(voter_id=7, comment_id=1, vote=-1, at_s=3.7),)


def test_missing_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(PolisDataError, match=r"^comments\.csv: file is missing$"):
        load_conversation(folder)
    (folder / "comments.csv").write_text(small_comments(), encoding="utf-8")
    with pytest.raises(PolisDataError, match=r"^votes\.csv: file is missing$"):
        load_conversation(folder)


def test_missing_column_is_named(tmp_path: Path) -> None:
    votes = "timestamp,datetime,comment-id,vote\n1000,x,1,1\n"
    folder = write_conversation(tmp_path / "c", comments=small_comments(), votes=votes)
    with pytest.raises(PolisDataError, match=r"^votes\.csv: missing column 'voter-id'$"):
        load_conversation(folder)


def test_empty_file_is_reported(tmp_path: Path) -> None:
    folder = write_conversation(tmp_path / "c", comments="", votes=VOTES_HEADER)
    with pytest.raises(PolisDataError, match=r"^comments\.csv: file is empty$"):
        load_conversation(folder)


def test_bad_vote_names_file_and_line(tmp_path: Path) -> None:
    votes = VOTES_HEADER + "1000,x,1,7,1\n" + "1100,x,1,8,2\n"
    folder = write_conversation(tmp_path / "c", comments=small_comments(), votes=votes)
    expected = "votes.csv line 3: vote must be 1, 0 or -1, got '2'"
    with pytest.raises(PolisDataError, match=f"^{re.escape(expected)}$"):
        load_conversation(folder)


def test_bad_number_names_file_and_line_after_a_multiline_body(tmp_path: Path) -> None:
    # Header, one row, a body over lines 3-4, one row: the bad row is on line 6.
    comments = small_comments() + "later,x,5,10,0,0,1,bad time\n"
    folder = write_conversation(tmp_path / "c", comments=comments, votes=VOTES_HEADER)
    with pytest.raises(
        PolisDataError, match=r"^comments\.csv line 6: timestamp must be a number.*'later'$"
    ):
        load_conversation(folder)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1000,x,one,7,1", "votes.csv line 2: comment-id must be an integer, got 'one'"),
        ("1000,x,1,,1", "votes.csv line 2: voter-id must be an integer, got ''"),
        ("1000,x,1,7,yes", "votes.csv line 2: vote must be 1, 0 or -1, got 'yes'"),
        ("1000,x,1,7", "votes.csv line 2: missing value for 'vote'"),
        ("1000,x,1,7,1,extra", "votes.csv line 2: more fields than the header has"),
        ("nan,x,1,7,1", "votes.csv line 2: timestamp must be a number"),
    ],
)
def test_malformed_vote_rows(tmp_path: Path, row: str, message: str) -> None:
    folder = write_conversation(
        tmp_path / "c", comments=small_comments(), votes=VOTES_HEADER + row + "\n"
    )
    with pytest.raises(PolisDataError, match=f"^{re.escape(message)}"):
        load_conversation(folder)


def test_bad_moderation_and_duplicate_ids_are_reported(tmp_path: Path) -> None:
    bad_moderation = COMMENTS_HEADER + "1000,x,0,1,0,0,2,text\n"
    folder = write_conversation(tmp_path / "a", comments=bad_moderation, votes=VOTES_HEADER)
    with pytest.raises(PolisDataError, match=r"^comments\.csv line 2: moderated must be"):
        load_conversation(folder)

    duplicate = COMMENTS_HEADER + "1000,x,0,1,0,0,1,a\n" + "2000,x,0,1,0,0,1,b\n"
    folder = write_conversation(tmp_path / "b", comments=duplicate, votes=VOTES_HEADER)
    with pytest.raises(PolisDataError, match=r"^comments\.csv line 3: comment-id 0 occurs twice"):
        load_conversation(folder)
