"""One reply never blocks or displaces the others: a far-future date is held with its reason while the rest
are approved, and a reply that reuses another's Message-ID is kept apart from it (Message-ID plus a digest of
name, date and text)."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stderr
from email.message import EmailMessage
from pathlib import Path

import pytest

from plugins.comments.__main__ import main
from plugins.comments.archive import load_archive

ROOT = Path(__file__).parents[2]
POST = "ivig-approved"
SUBJECT = "Re: The Appeal Worked: IVIG Is Finally Approved [comment ivig-approved]"


@pytest.fixture
def site(tmp_path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "posts", content / "posts")
    shutil.copytree(ROOT / "content" / "comments", content / "comments")
    return content / "comments", content / "posts"


def run(site, *argv: str) -> tuple[int, str, str]:
    comments, posts = site
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        code = main([*argv, "--comments", str(comments), "--posts", str(posts)], out)
    return code, out.getvalue(), err.getvalue()


def mail(folder: Path, name: str, sender: str, text: str, date: str, message_id: str) -> Path:
    message = EmailMessage()
    message["From"] = f"{sender} <reader@mail.example.net>"
    message["To"] = "comments@slowmending.example.org"
    message["Subject"] = SUBJECT
    message["Date"] = date
    message["Message-ID"] = message_id
    message.set_content(text)
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(message.as_bytes())
    return path


def archived(site) -> dict[str, dict]:
    path = site[0] / f"{POST}.json"
    assert not load_archive(path).errors
    return {comment["id"]: comment for comment in json.loads(path.read_text(encoding="utf-8"))["comments"]}


def queued_ids(site) -> set[str]:
    return {path.stem for path in (site[0] / "pending").glob("m*.json")}


def test_a_reply_dated_2100_is_held_with_its_reason_and_approve_all_approves_the_rest(site, tmp_path):
    inbox = tmp_path / "inbox"
    mail(inbox, "1.eml", "Ana", "First, in time.", "Wed, 16 Jan 2019 08:12:31 -0600", "<one@mail.example.net>")
    mail(inbox, "2.eml", "Bo", "From the future.", "Fri, 01 Jan 2100 10:00:00 +0000", "<two@mail.example.net>")
    mail(inbox, "3.eml", "Cy", "Third, in time.", "Thu, 17 Jan 2019 09:00:00 -0600", "<three@mail.example.net>")
    assert run(site, "inbox", str(inbox))[0] == 0
    waiting = queued_ids(site)
    assert len(waiting) == 3

    code, out, err = run(site, "approve", "--all")
    assert code == 0
    assert out.count("approved m") == 2 and "Approved 2; 1 left in the queue." in out
    [future] = [line for line in err.splitlines() if line.startswith("held ")]
    assert "not approved, the archive would be invalid:" in future and "more than a day in the future" in future
    assert "2100-01-01T10:00:00+00:00" in future and "or reject it" in future
    [held_id] = queued_ids(site)
    assert future.startswith(f"held {held_id} in the queue: ")
    comments = archived(site)
    assert {comments[reply]["author"] for reply in waiting - {held_id}} == {"Ana", "Cy"}
    assert held_id not in comments

    code, _, err = run(site, "approve", held_id)  # named on its own: still held, and the exit code says so
    assert code == 1 and f"held {held_id} in the queue" in err and queued_ids(site) == {held_id}


def test_a_reply_reusing_another_s_message_id_never_displaces_it(site, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    same_id = "<reused@mail.example.net>"
    mail(first, "real.eml", "Ana", "The real reply.", "Wed, 16 Jan 2019 08:12:31 -0600", same_id)
    mail(second, "copy.eml", "Mallory", "Another text.", "Wed, 16 Jan 2019 09:00:00 -0600", same_id)

    code, out, _ = run(site, "inbox", str(first))
    assert code == 0 and "1 new reply for moderation" in out
    [real] = queued_ids(site)
    code, out, _ = run(site, "inbox", str(second))
    assert code == 0 and "1 new reply for moderation" in out and "already in the queue" not in out
    [other] = queued_ids(site) - {real}
    assert f"note: its Message-ID is also that of {real}, a different reply: kept apart as {other}" in out
    assert "(replies are told apart by Message-ID and a digest of name, date and text)" in out

    # Reading both again adds nothing: each message keeps its own id.
    code, out, _ = run(site, "inbox", str(first), str(second))
    assert code == 0 and "0 new replies" in out and out.count("already in the queue") == 2

    assert run(site, "approve", "--all")[0] == 0
    comments = archived(site)
    assert (comments[real]["author"], comments[other]["author"]) == ("Ana", "Mallory")
    assert "The real reply." in comments[real]["body"]

    # Once approved, a third message with that Message-ID is kept apart from the approved one too.
    third = tmp_path / "third"
    mail(third, "late.eml", "Zed", "Later text.", "Thu, 17 Jan 2019 09:00:00 -0600", same_id)
    code, out, _ = run(site, "inbox", str(third))
    assert code == 0 and "1 new reply for moderation" in out and f"also that of {real}" in out
    assert "The real reply." in archived(site)[real]["body"]
