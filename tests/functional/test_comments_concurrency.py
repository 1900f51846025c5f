"""Comment commands run at the same time, as real processes: the lock makes them take turns, nothing is lost.

Two ``approve`` runs on disjoint replies of one post, started together, five times: every reply ends up in
the archive, the queue is empty, every file parses and both commands exit 0. A command that waits too long
for another says "busy" with the other's process id, and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.comments import store
from plugins.comments.archive import load_archive

ROOT = Path(__file__).resolve().parents[2]
SLUG = "knitting-through-it"
ROUNDS = 5
REPLIES = 20
EARLIER = 1500  # comments already in the archive: reading and checking it takes a while, as on a real site


def reply_id(round_number: int, number: int) -> str:
    return "m" + hashlib.blake2b(f"{round_number}/{number}".encode(), digest_size=8).hexdigest()


def site(folder: Path, round_number: int) -> tuple[Path, Path, list[str]]:
    """A post, its archive with many comments, and a queue of replies to it; the replies' ids."""
    posts, comments = folder / "content" / "posts", folder / "content" / "comments"
    posts.mkdir(parents=True)
    (posts / "2020-01-01-knitting.md").write_text(f"Title: Knitting through it\nSlug: {SLUG}\n\nText.\n")
    earlier = [
        {
            "id": f"c{number}",
            "parent": None,
            "author": f"Reader {number}",
            "is_author": False,
            "date": f"2020-01-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}:00Z",
            "body": f"<p>Comment number {number}.</p>",
            "likes": 0,
            "source": "manual",
        }
        for number in range(EARLIER)
    ]
    comments.mkdir(parents=True)
    (comments / f"{SLUG}.json").write_text(json.dumps({"schema_version": 2, "comments": earlier}), encoding="utf-8")
    ids = []
    for number in range(REPLIES):
        ids.append(reply_id(round_number, number))
        entry = {
            "queue_version": 1,
            "id": ids[-1],
            "post": SLUG,
            "parent": None,
            "author": f"Mail reader {number}",
            "date": f"2021-03-{1 + number:02d}T10:00:00+00:00",
            "text": f"Reply number {number}.",
            "subject": "Re: Knitting through it",
            "origin": f"{number}.eml",
            "attachments": [],
            "notes": [],
            "answers": [],
        }
        (comments / "pending").mkdir(parents=True, exist_ok=True)
        (comments / "pending" / f"{ids[-1]}.json").write_text(json.dumps(entry), encoding="utf-8")
    return posts, comments, ids


def command(posts: Path, comments: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "plugins.comments", *argv, "--comments", str(comments), "--posts", str(posts)]


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_approve_runs_at_once_lose_nothing(tmp_path, round_number):
    posts, comments, ids = site(tmp_path, round_number)
    half = REPLIES // 2
    runs = [
        subprocess.Popen(
            command(posts, comments, "approve", *part),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in (ids[:half], ids[half:])
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    for (out, _), part in zip(results, (ids[:half], ids[half:]), strict=True):
        assert all(f"approved {one} into" in out for one in part)
    data = json.loads((comments / f"{SLUG}.json").read_text(encoding="utf-8"))
    stored = {comment["id"] for comment in data["comments"]}
    assert set(ids) <= stored, f"lost: {sorted(set(ids) - stored)}"
    assert len(data["comments"]) == EARLIER + REPLIES
    assert not load_archive(comments / f"{SLUG}.json").errors
    assert not list((comments / "pending").glob("m*.json")), "every approved reply left the queue"
    for path in comments.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every file parses


def test_a_command_that_waits_too_long_says_busy_and_changes_nothing(tmp_path):
    _, comments, _ = site(tmp_path, 99)
    before = (comments / f"{SLUG}.json").read_bytes()
    with (
        store.lock(comments),
        pytest.raises(
            store.ArchiveError, match=rf"busy: another comments command is running \(pid {os.getpid()}\); try again"
        ),
        store.lock(comments, wait=0.2),
    ):
        pass
    assert (comments / f"{SLUG}.json").read_bytes() == before
    assert len(list((comments / "pending").glob("m*.json"))) == REPLIES


def test_a_second_command_waits_for_the_first(tmp_path):
    """While the lock is held, ``approve`` waits instead of writing; it finishes once the lock is let go."""
    posts, comments, ids = site(tmp_path, 98)
    with store.lock(comments):
        waiting = subprocess.Popen(
            command(posts, comments, "approve", ids[0]), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=3)
        assert (comments / "pending" / f"{ids[0]}.json").exists(), "nothing was approved while the lock was held"
    assert waiting.wait(timeout=60) == 0
    assert not (comments / "pending" / f"{ids[0]}.json").exists()


def test_the_wordpress_import_waits_for_a_comments_command(tmp_path):
    """The WordPress import writes archives too: it takes the same lock, so it writes nothing while it is held."""
    from tests.functional.test_wordpress import own_export

    (tmp_path / "export").mkdir()
    export = own_export(tmp_path / "export")
    content = tmp_path / "content"
    archive = content / "comments" / "insurance-finally-approved-ivig.json"
    with store.lock(content / "comments"):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "plugins.wordpress", "import", str(export), "--content", str(content)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=4)
        assert not archive.exists() and not (content / "posts").exists()
    assert waiting.wait(timeout=120) == 0
    assert len(json.loads(archive.read_text(encoding="utf-8"))["comments"]) == 2
