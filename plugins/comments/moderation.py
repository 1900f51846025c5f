"""The moderation queue of replies by e-mail: ``content/comments/pending/``, in git, never built or published.

``inbox`` reads messages (:mod:`.mail`) into one JSON file per reply, ``<id>.json``; ``approve`` moves a reply
into its post's archive (with the message's date and the parent kept, checked like every archive, written
whole); ``reject`` deletes it and remembers its id so that reading the mailbox again does not bring it back.
A reply's id is a digest of its Message-ID, so the same message read twice is the same reply. Nothing of a
message decides where a file is written: queue files are named by that digest, archives by a post slug that
must be one of the site's posts, or ``page:SLUG`` for a page's archive (``pages/SLUG.json``).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from ..shared.files import write_atomically
from ..shared.jsonfile import dumps_indented
from . import store
from .importers.common import text_to_html
from .mail import MAX_MESSAGE_BYTES, Refused, Reply, read_path
from .sanitize import sanitize_body

QUEUE_FOLDER = "pending"
REJECTED_FILE = "rejected.json"
QUEUE_VERSION = 1
REPLY_ID_RE = re.compile(r"m[0-9a-f]{16}")
SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,199}")
COMMENT_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
META_LINE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_ -]*):\s*(.*)$")


class ModerationError(store.ArchiveError):
    """A queue or archive problem that stops a moderation command: ``path:line: message``."""


@dataclass
class Queued:
    """One reply waiting for the author: what ``pending`` shows and ``approve`` publishes. No address."""

    id: str
    post: str | None
    parent: str | None
    author: str
    date: str
    text: str
    subject: str = ""
    origin: str = ""
    attachments: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    digest: str = ""  # of the name, date and text as read (before any hand edit); "" in older queue files

    def record(self, by_author: bool = False) -> dict:
        """The archive comment: the name as given and the text, nothing else of the message."""
        return {
            "id": self.id,
            "parent": self.parent,
            "author": self.author,
            "is_author": by_author,
            "date": self.date,
            "body": sanitize_body(text_to_html(html.escape(self.text, quote=False))),
            "likes": 0,
            "source": "email",
        }


@dataclass
class InboxReport:
    """What one ``inbox`` run did, message by message."""

    added: list[Queued] = field(default_factory=list)
    unmatched: list[Queued] = field(default_factory=list)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (origin, why it was not added again)
    refused: list[Refused] = field(default_factory=list)


def dump(data: dict) -> str:
    return dumps_indented(data) + "\n"


def post_titles(posts: Path) -> dict[str, str]:
    """Slug -> title of every post under ``posts``, from the front matter (``Slug:``, else the title's slug)."""
    found: dict[str, str] = {}
    if not posts.is_dir():
        return found
    for path in sorted(posts.rglob("*")):
        if path.suffix.lower() not in POST_SUFFIXES or not path.is_file():
            continue
        try:
            meta = front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        title = str(meta.get("title") or "").strip()
        slug = str(meta.get("slug") or "").strip()
        if not slug and title:
            slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
        if slug:
            found.setdefault(slug, title or slug)
    return found


def front_matter(text: str) -> dict:
    """The metadata of a post: a YAML block between ``---`` lines, or ``Key: value`` lines up to a blank one."""
    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[0].strip() == "---":
        end = next((index for index, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
        if end is None:
            return {}
        data = yaml.safe_load("\n".join(lines[1:end]))
        return {str(key).lower(): value for key, value in data.items()} if isinstance(data, dict) else {}
    meta: dict[str, str] = {}
    for line in lines:
        match = META_LINE_RE.match(line)
        if not match:
            break
        meta[match.group(1).strip().lower()] = match.group(2).strip()
    return meta


class Moderation:
    """The queue beside the archives of one site: ``comments`` (the archive folder) and ``posts``."""

    def __init__(self, comments: Path, posts: Path, pages: Path | None = None) -> None:
        self.comments = comments
        self.posts = posts
        self.pages = posts.parent / "pages" if pages is None else pages
        self.queue = comments / QUEUE_FOLDER

    # --- reading the state -------------------------------------------------------------------------------

    def queued(self) -> list[Queued]:
        """The replies waiting, oldest first."""
        entries = []
        for path in sorted(self.queue.glob("m*.json")) if self.queue.is_dir() else []:
            if REPLY_ID_RE.fullmatch(path.stem):
                entries.append(self.load(path.stem))
        return sorted(entries, key=lambda entry: (_timestamp(entry.date), entry.id))

    def load(self, reply_id: str) -> Queued:
        path = self.queue / f"{reply_id}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data.pop("queue_version", None)
            return Queued(**data)
        except FileNotFoundError:
            raise ModerationError(path, 1, f"no reply {reply_id!r} in the queue; `pending` lists them") from None
        except (ValueError, TypeError) as error:
            raise ModerationError(path, 1, f"not a queue entry ({error}); fix it or delete the file") from None

    def save(self, entry: Queued) -> None:
        write_atomically(self.queue / f"{entry.id}.json", dump({"queue_version": QUEUE_VERSION, **asdict(entry)}))

    def archive_path(self, target: str) -> Path:
        """The archive of a post (``SLUG``) or of a page (``page:SLUG``, in ``pages/``)."""
        if not SLUG_RE.fullmatch(store.split_target(target)[1]):
            raise ModerationError(self.comments, 1, f"{target!r} is not a post slug (nor page:SLUG)")
        return store.archive_path(self.comments, target)

    def read_archive(self, target: str) -> dict:
        """A post's or page's archive as data (an empty one when it has no comments yet)."""
        return store.load(self.archive_path(target))

    def targets(self) -> dict[str, str]:
        """Target -> title of every post (``SLUG``) and page (``page:SLUG``) of the site."""
        found = post_titles(self.posts)
        found.update((store.page_target(slug), title) for slug, title in post_titles(self.pages).items())
        return found

    def exists(self, target: str, known: dict[str, str]) -> bool:
        """Whether a post or page has this target (in ``known``), or its archive is there already."""
        return target in known or (
            SLUG_RE.fullmatch(store.split_target(target)[1]) is not None and self.archive_path(target).exists()
        )

    def known_ids(self) -> tuple[dict[str, str], dict[str, str]]:
        """Ids in the archives (id -> target of its post or page) and ids never to bring back (id -> why)."""
        archived: dict[str, str] = {}
        never: dict[str, str] = {}
        pages = self.comments / store.PAGES_FOLDER
        files = [(path.stem, path) for path in sorted(self.comments.glob("*.json"))] if self.comments.is_dir() else []
        if pages.is_dir():
            files += [(store.page_target(path.stem), path) for path in sorted(pages.glob("*.json"))]
        for target, path in files:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(data, dict):
                continue
            for comment in data.get("comments") or []:
                if isinstance(comment, dict) and isinstance(comment.get("id"), str):
                    archived[comment["id"]] = target
            for removed in data.get("removed") or []:
                if isinstance(removed, dict) and isinstance(removed.get("id"), str):
                    never[removed["id"]] = f"{removed.get('reason', 'removed')} ({path.name})"
        for removed in self.rejected():
            never.setdefault(removed["id"], f"rejected ({QUEUE_FOLDER}/{REJECTED_FILE})")
        return archived, never

    def rejected(self) -> list[dict]:
        path = self.queue / REJECTED_FILE
        if not path.exists():
            return []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            raise ModerationError(path, 1, f"not valid JSON: {error}; fix it (a list of rejected ids)") from None
        return [item for item in data.get("rejected", []) if isinstance(item, dict) and "id" in item]

    # --- inbox ------------------------------------------------------------------------------------------

    def inbox(self, paths: list[Path], max_bytes: int = MAX_MESSAGE_BYTES) -> InboxReport:
        """Read every message of ``paths`` into the queue; a message read before adds nothing."""
        report = InboxReport()
        posts = self.targets()
        archived, never = self.known_ids()
        waiting = {entry.id: entry for entry in self.queued()}
        for path in paths:
            for item in read_path(path, max_bytes):
                if isinstance(item, Refused):
                    report.refused.append(item)
                    continue
                digest = self._keep_apart(item, archived, waiting)
                why = self._seen(item.id, archived, never, waiting)
                if why:
                    report.seen.append((item.origin, why))
                    continue
                entry = self._match(item, posts, archived, waiting)
                entry.digest = digest
                self.save(entry)
                waiting[entry.id] = entry
                (report.added if entry.post else report.unmatched).append(entry)
        return report

    def _keep_apart(self, reply: Reply, archived: dict, waiting: dict) -> str:
        """A reply is known by its Message-ID and a digest of its name, date and text: one that reuses the
        Message-ID of a different reply (queued or approved) gets an id of its own, and a note says so, so it
        never displaces that reply nor is dropped as "already in the queue". The same message read again keeps
        its id (its digest is the same). Returns the digest."""
        digest = content_digest(reply.author, reply.date.isoformat(), reply.text)
        if reply.id in waiting:
            other = waiting[reply.id]
            same = (
                other.digest == digest
                if other.digest
                else (other.author, other.date, other.text)
                == (
                    reply.author,
                    reply.date.isoformat(),
                    reply.text,
                )
            )
        elif reply.id in archived:
            same = self._same_as_approved(reply, archived[reply.id])
        else:
            same = True
        if not same:
            taken = reply.id
            reply.id = "m" + hashlib.blake2b(f"{taken}\0{digest}".encode(), digest_size=8).hexdigest()
            reply.notes.append(
                f"its Message-ID is also that of {taken}, a different reply: kept apart as {reply.id} "
                "(replies are told apart by Message-ID and a digest of name, date and text)"
            )
        return digest

    def _same_as_approved(self, reply: Reply, slug: str) -> bool:
        """Whether the approved comment with the reply's id has its name and date (its text may be edited)."""
        try:
            data = store.load(self.archive_path(slug))
        except store.ArchiveError:
            return True  # cannot tell: taken as the same (the archive's own error is reported when it is read)
        for comment in data["comments"]:
            if isinstance(comment, dict) and comment.get("id") == reply.id:
                try:
                    same_date = datetime.fromisoformat(str(comment.get("date"))) == reply.date
                except ValueError:
                    same_date = False
                return same_date and comment.get("author") == reply.author
        return True

    @staticmethod
    def _seen(reply_id: str, archived: dict, never: dict, waiting: dict) -> str | None:
        if reply_id in waiting:
            return f"already in the queue as {reply_id}"
        if reply_id in archived:
            return f"already approved as {reply_id} ({archived[reply_id]})"
        if reply_id in never:
            return f"{reply_id} was {never[reply_id]}: not brought back"
        return None

    def _match(self, reply: Reply, posts: dict[str, str], archived: dict, waiting: dict) -> Queued:
        """The queue entry of a reply: its post and parent from the subject tag, or from the messages it answers."""
        notes = list(reply.notes)
        post, parent = reply.post, reply.parent
        if post is not None and not self.exists(post, posts):
            notes.append(f"the subject names post {post!r}, which does not exist")
            post = parent = None
        if post is None:
            for answered in reply.answers:
                if answered in archived:
                    post, parent = archived[answered], answered
                elif answered in waiting and waiting[answered].post:
                    post, parent = waiting[answered].post, answered
                if post:
                    break
        if post and parent and parent not in archived and parent not in waiting:
            notes.append(f"it answers comment {parent!r}, which is not in the archive of {post!r}")
        if not reply.text:
            notes.append("no text of its own (only quotes, a signature or attachments)")
        return Queued(
            id=reply.id,
            post=post,
            parent=parent,
            author=reply.author,
            date=reply.date.isoformat(),
            text=reply.text,
            subject=reply.subject,
            origin=Path(reply.origin).name if "(" not in reply.origin else _origin_name(reply.origin),
            attachments=reply.attachments,
            notes=notes,
            answers=reply.answers,
        )

    # --- approve and reject -----------------------------------------------------------------------------

    def approve(
        self,
        ids: list[str],
        post: str | None = None,
        parent: str | None = None,
        by_author: bool = False,
        held: list[tuple[str, str]] | None = None,
    ) -> list[tuple[str, Path]]:
        """Move replies into their posts' archives, each archive written once, whole.

        ``post`` (and ``parent``) place unmatched replies; ``by_author`` marks them as the blog author's own
        (the Author badge). A reply that cannot be approved (no post, no text, or it would make its archive
        invalid: dated in the far future, say) stays in the queue: with ``held``, it is listed there as
        (id, why) and the others are approved; without, it stops the command before anything is written.
        Returns (id, archive) for each approved reply.
        """
        entries = [self.load(reply_id) for reply_id in dict.fromkeys(ids)]
        if post is not None and not self.exists(post, self.targets()):
            raise ModerationError(
                self.posts, 1, f"no post has the slug {post!r} (a page: page:SLUG); `pending` shows the slugs"
            )
        if parent is not None and not COMMENT_ID_RE.fullmatch(parent):
            raise ModerationError(self.queue, 1, f"{parent!r} is not a comment id")

        def hold(entry: Queued, path: Path, line: int, why: str) -> None:
            if held is None:
                raise ModerationError(path, line, why)
            held.append((entry.id, why))

        by_post: dict[str, list[Queued]] = {}
        for entry in entries:
            queued = self.queue / f"{entry.id}.json"
            if post is not None:
                entry.post, entry.parent = post, parent if parent is not None else entry.parent
            if not entry.post:
                why = f"reply {entry.id} matches no post; approve it with --post SLUG (and --parent ID), or reject it"
                hold(entry, queued, 1, why)
            elif not entry.text.strip():
                hold(
                    entry,
                    queued,
                    1,
                    f'reply {entry.id} has no text; write its text in the file\'s "text" field, or reject it',
                )
            else:
                by_post.setdefault(entry.post, []).append(entry)
        done: list[tuple[str, Path]] = []
        for slug, batch in by_post.items():
            path = self.archive_path(slug)
            data = self.read_archive(slug)
            present = {comment.get("id") for comment in data["comments"] if isinstance(comment, dict)}
            fresh = [(entry, entry.record(by_author)) for entry in batch if entry.id not in present]
            accepted = self._acceptable(path, data, fresh, hold)
            if accepted:
                self.write_archive(path, data, "not approved", [record for _, record in accepted])
            for entry in [*(entry for entry, _ in accepted), *(entry for entry in batch if entry.id in present)]:
                (self.queue / f"{entry.id}.json").unlink(missing_ok=True)
                done.append((entry.id, path))
        return done

    @staticmethod
    def _acceptable(path: Path, data: dict, fresh: list[tuple[Queued, dict]], hold) -> list[tuple[Queued, dict]]:
        """The new replies the archive can take: all of them, or, when together they make it invalid, each
        one that keeps it valid; the others are held with the first problem they cause. When the archive
        has a problem of its own, every reply to it is held, naming the archive's file and line."""
        if not fresh or not store.validate(path, {**data, "comments": [*data["comments"], *(r for _, r in fresh)]}):
            return fresh
        own = store.validate(path, data)
        accepted: list[tuple[Queued, dict]] = []
        for entry, record in fresh:
            errors = own or store.validate(
                path, {**data, "comments": [*data["comments"], *(r for _, r in accepted), record]}
            )
            if errors:
                first = errors[0]
                fix = "fix the archive first" if own else f"correct it in pending/{entry.id}.json, or reject it"
                hold(entry, path, first.line, f"not approved, the archive would be invalid: {first}; {fix}")
            else:
                accepted.append((entry, record))
        return accepted

    def write_archive(self, path: Path, data: dict, refusal: str, added: list[dict] = ()) -> None:
        """Write a post's archive whole, once it passes the build's own checks; else change nothing."""
        try:
            store.write(path, data, added)
        except store.ArchiveError as first:
            raise ModerationError(
                path, first.line, f"{refusal}, the archive would be invalid: {first.message}"
            ) from None

    def matched_ids(self) -> list[str]:
        return [entry.id for entry in self.queued() if entry.post]

    def reject(self, ids: list[str]) -> list[tuple[str, str | None, int]]:
        """Delete comments and remember their ids, so that a re-read or an import does not bring them back.

        A reply waiting in the queue is dropped from it and remembered as ``rejected``: in the ``removed`` list of
        its post's archive, or, for an unmatched reply, in ``pending/rejected.json``. A comment already in an
        archive (published) is taken out of it and remembered there as ``deleted``, as deleting a comment in
        WordPress does; its replies stay, shown as answering a comment that is no longer here. Each archive is
        checked and written whole, or not at all.

        Returns (id, the slug of the post it was published under or None for a queued reply, the replies kept).
        """
        wanted = list(dict.fromkeys(ids))
        archived = self.known_ids()[0] if any(not self._in_queue(reply_id) for reply_id in wanted) else {}
        for reply_id in wanted:
            if not self._in_queue(reply_id) and reply_id not in archived:
                raise ModerationError(
                    self.queue,
                    1,
                    f"no reply {reply_id!r} in the queue, nor a published comment with that id in any archive;"
                    " `pending` lists the queue, and a post's archive its comments' ids",
                )
        entries = [self.load(reply_id) for reply_id in wanted if self._in_queue(reply_id)]
        published = [reply_id for reply_id in wanted if reply_id in archived and not self._in_queue(reply_id)]
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        done: list[tuple[str, str | None, int]] = []
        by_post: dict[str | None, list[Queued]] = {}
        for entry in entries:
            by_post.setdefault(entry.post, []).append(entry)
        for slug, batch in by_post.items():
            if slug is None:
                remembered = self.rejected()
                listed = {item["id"] for item in remembered}
                remembered += [{"id": e.id, "reason": "rejected", "date": now} for e in batch if e.id not in listed]
                state = {"queue_version": QUEUE_VERSION, "rejected": remembered}
                write_atomically(self.queue / REJECTED_FILE, dump(state))
            else:
                data = self.read_archive(slug)
                listed = {item.get("id") for item in data.get("removed") or [] if isinstance(item, dict)}
                new = [{"id": e.id, "reason": "rejected", "date": now} for e in batch if e.id not in listed]
                if new:
                    data["removed"] = [*(data.get("removed") or []), *new]
                    self.write_archive(self.archive_path(slug), data, "not rejected")
            for entry in batch:
                (self.queue / f"{entry.id}.json").unlink(missing_ok=True)
                done.append((entry.id, None, 0))
        by_slug: dict[str, list[str]] = {}
        for reply_id in published:
            by_slug.setdefault(archived[reply_id], []).append(reply_id)
        for slug, batch in by_slug.items():
            data = self.read_archive(slug)
            gone = set(batch)
            kept = [c for c in data["comments"] if not (isinstance(c, dict) and c.get("id") in gone)]
            data["comments"] = kept
            data["removed"] = [
                *(data.get("removed") or []),
                *({"id": i, "reason": "deleted", "date": now} for i in batch),
            ]
            self.write_archive(self.archive_path(slug), data, "not deleted")
            for reply_id in batch:
                replies = sum(1 for c in kept if isinstance(c, dict) and c.get("parent") == reply_id)
                done.append((reply_id, slug, replies))
        return done

    def _in_queue(self, reply_id: str) -> bool:
        return REPLY_ID_RE.fullmatch(reply_id) is not None and (self.queue / f"{reply_id}.json").exists()


def content_digest(author: str, date: str, text: str) -> str:
    """What tells two replies with one Message-ID apart: 16 hex digits of BLAKE2b of name, date and text."""
    return hashlib.blake2b(f"{author}\0{date}\0{text}".encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def _timestamp(date: str) -> float:
    try:
        return datetime.fromisoformat(date).timestamp()
    except ValueError:
        return float("inf")


def _origin_name(origin: str) -> str:
    """``inbox.mbox (message 3)`` of ``/home/.../inbox.mbox (message 3)``: no folder names in the queue."""
    path, _, rest = origin.partition(" (")
    return f"{Path(path).name} ({rest}"
