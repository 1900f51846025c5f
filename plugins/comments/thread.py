"""What a reader sees of one comment, and the threads in date order with a depth cap."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from markupsafe import Markup

from .archive import StoredComment
from .sanitize import sanitize_body

# Avatar backgrounds: each one has a contrast ratio of at least 4.5:1 with white initials (WCAG AA).
AVATAR_COLOURS = ("#1f5f8b", "#7a3e9d", "#2e6b30", "#9c2f2f", "#8a4b08", "#1d6b67", "#5b4a8a", "#8a2f64")
DATE_LABEL_FORMAT = "%B %-d, %Y at %-I:%M %p"


@dataclass
class CommentView:
    """One comment ready for the template: escaped by the template, body already sanitized (Markup)."""

    id: str
    author: str
    link: str | None
    is_author: bool
    date_iso: str
    date_label: str
    body: Markup
    likes: int
    initials: str
    avatar_colour: int
    wp_anchor: str | None = None  # WordPress's comment ID: a second anchor, #comment-<wp_anchor>


@dataclass
class ThreadItem:
    """A comment in its place: its replies, and why it sits where it sits."""

    comment: CommentView
    depth: int
    replies: list[ThreadItem] = field(default_factory=list)
    in_reply_to: str | None = None
    in_reply_to_id: str | None = None
    parent_missing: bool = False
    parent_name: str | None = None  # a nested reply: the comment it answers (shown where indenting stops)
    parent_id: str | None = None


def author_link(url: str | None) -> str | None:
    """The commenter's URL when it is a real http(s) address, else None (no link)."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(ch.isspace() for ch in url):
        return url
    return None


def initials(name: str) -> str:
    """Up to two initials: the first letter of the first and of the last word (``Jess Marlowe`` -> ``JM``)."""
    words = [word for word in name.split() if any(ch.isalnum() for ch in word)]
    if not words:
        return "?"
    chosen = [words[0]] if len(words) == 1 else [words[0], words[-1]]
    return "".join(next(ch for ch in word if ch.isalnum()) for word in chosen).upper()


def avatar_colour(name: str) -> int:
    """A palette index derived from the name: the same name always gets the same colour."""
    return zlib.crc32(" ".join(name.split()).casefold().encode("utf-8")) % len(AVATAR_COLOURS)


@dataclass(frozen=True)
class Commenter:
    """What is derived from a commenter's name and URL, computed once per name in a build."""

    link: str | None
    initials: str
    avatar_colour: int


class DateLabels:
    """``DATE_LABEL_FORMAT`` without a ``strftime`` call per comment: the month and AM/PM names are asked of
    ``strftime`` once (so they follow the locale as before), the numbers are formatted directly."""

    def __init__(self, timezone: tzinfo) -> None:
        self.timezone = timezone
        self.months = [""] + [datetime(2000, month, 1).strftime("%B") for month in range(1, 13)]
        self.halves = (datetime(2000, 1, 1, 0).strftime("%p"), datetime(2000, 1, 1, 12).strftime("%p"))

    def label(self, date: datetime) -> str:
        """``date`` in the site's timezone as ``January 14, 2019 at 6:00 AM``."""
        local = date.astimezone(self.timezone)
        hour = local.hour
        return (
            f"{self.months[local.month]} {local.day}, {local.year} at "
            f"{hour % 12 or 12}:{local.minute:02d} {self.halves[hour >= 12]}"
        )


def commenter(comment: StoredComment, commenters: dict | None = None) -> Commenter:
    """The :class:`Commenter` of a comment, memoized per (name, URL) in ``commenters``."""
    key = (comment.author, comment.author_url)
    known = commenters.get(key) if commenters is not None else None
    if known is None:
        known = Commenter(author_link(comment.author_url), initials(comment.author), avatar_colour(comment.author))
        if commenters is not None:
            commenters[key] = known
    return known


def comment_view(
    comment: StoredComment, timezone: tzinfo, commenters: dict | None = None, dates: DateLabels | None = None
) -> CommentView:
    """The reader's view of one comment; ``commenters`` memoizes per (name, URL), since the same people
    comment again and again."""
    who = commenter(comment, commenters)
    return CommentView(
        id=comment.id,
        author=comment.author,
        link=who.link,
        is_author=comment.is_author,
        date_iso=comment.date_text or comment.date.isoformat(),
        date_label=(dates or DateLabels(timezone)).label(comment.date),
        body=Markup(sanitize_body(comment.body)),  # sanitized by nh3: safe to output as HTML
        likes=comment.likes,
        initials=who.initials,
        avatar_colour=who.avatar_colour,
        wp_anchor=comment.wp_anchor,
    )


# One comment in page order: the comment, its depth (1 = top level), the comment it answers when it was
# flattened into that comment's level by the depth cap, and whether its parent is missing from the archive.
ThreadStep = tuple[StoredComment, int, "StoredComment | None", bool]


def walk_threads(comments: list[StoredComment], max_depth: int = 5) -> Iterator[ThreadStep]:
    """Every comment once, in the order of the page: top-level comments by date, each followed by its replies.

    Replies deeper than ``max_depth`` stay at the last level, right after the comment they answer. A reply
    whose parent is not in the archive is at the top level. Iterative, so a very deep thread cannot
    overflow the stack.
    """
    max_depth = max(1, max_depth)
    ordered = sorted(comments, key=lambda comment: (comment.date, comment.id))
    known = {comment.id for comment in ordered}
    children: dict[str, list[StoredComment]] = defaultdict(list)
    roots: list[StoredComment] = []
    for comment in ordered:
        if comment.parent is not None and comment.parent in known:
            children[comment.parent].append(comment)
        else:
            roots.append(comment)
    # (comment, depth, the comment it answers when the reply is flattened into that comment's level)
    stack: list[tuple[StoredComment, int, StoredComment | None]] = [(comment, 1, None) for comment in reversed(roots)]
    while stack:
        comment, depth, flattened_parent = stack.pop()
        yield comment, depth, flattened_parent, comment.parent is not None and comment.parent not in known
        replies = children.get(comment.id)
        if replies:
            if depth < max_depth:
                stack.extend((child, depth + 1, None) for child in reversed(replies))
            else:
                stack.extend((child, depth, comment) for child in reversed(replies))


def build_threads(
    comments: list[StoredComment], timezone: tzinfo, max_depth: int = 5, commenters: dict | None = None
) -> list[ThreadItem]:
    """Top-level comments in date order, each with its replies nested up to ``max_depth`` levels.

    Replies deeper than ``max_depth`` stay at the last level, right after the comment they answer
    (``in_reply_to`` names it). A reply whose parent is not in the archive is shown at the top level
    with ``parent_missing`` set. Pass one ``commenters`` dict for a whole build to share the
    per-commenter work between posts.
    """
    top: list[ThreadItem] = []
    levels: dict[int, list[ThreadItem]] = {1: top}  # depth -> the list the next item of that depth joins
    commenters = {} if commenters is None else commenters
    dates = DateLabels(timezone)
    by_id = {comment.id: comment for comment in comments}
    for comment, depth, flattened_parent, parent_missing in walk_threads(comments, max_depth):
        item = ThreadItem(comment_view(comment, timezone, commenters, dates), depth, parent_missing=parent_missing)
        if flattened_parent is not None:
            item.in_reply_to = flattened_parent.author
            item.in_reply_to_id = flattened_parent.id
        elif depth > 1 and comment.parent in by_id:
            item.parent_name = by_id[comment.parent].author
            item.parent_id = comment.parent
        levels[depth].append(item)
        levels[depth + 1] = item.replies
    return top
