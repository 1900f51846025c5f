"""The list of comments under a post, written in Python: the markup of ``comment_list.html``, byte for byte.

The recursive Jinja macro looked up about 18 attributes per comment; this writes the same HTML from the
thread order of :func:`~.thread.walk_threads` with a few string joins. Every value from an archive is
escaped with markupsafe, the body is sanitized with nh3, and what is derived from a commenter is written
once per build.
"""

from __future__ import annotations

from datetime import tzinfo

from markupsafe import Markup, escape

from .archive import StoredComment
from .replylinks import ReplyLinks
from .sanitize import sanitize_body
from .thread import DateLabels, commenter, walk_threads

AUTHOR_BADGE = '<span class="author-badge">Author</span>'
# WordPress's own anchor of an imported comment, so old links (#comment-102) still land on it.
WP_ANCHOR = '<span id="comment-{}" class="comment-anchor"></span>'
NO_LONGER_HERE = '      <p class="in-reply-to">In reply to a comment that is no longer here</p>\n'
# A nested reply names the comment it answers too; the theme shows it only where the thread stops indenting.
NESTED_REPLY = (
    '      <p class="in-reply-to in-reply-to-nested">In reply to <a href="#comment-{}"><bdi>{}</bdi></a></p>\n'
)


class CommentListWriter:
    """Writes comment lists for one build: the timezone, the depth cap and what is known of each commenter."""

    def __init__(self, timezone: tzinfo, max_depth: int = 5) -> None:
        self.timezone = timezone
        self.max_depth = max_depth
        self.dates = DateLabels(timezone)
        self.zones: dict[tzinfo, DateLabels] = {timezone: self.dates}  # the posts' own zones, when not TIMEZONE
        self.commenters: dict = {}
        self.people: dict[tuple[str, str | None], tuple[str, str]] = {}  # (name, URL) -> avatar, name (HTML)

    def person(self, comment: StoredComment) -> tuple[str, str]:
        """The avatar of a commenter, and their name, linked when they gave a web address (both HTML)."""
        key = (comment.author, comment.author_url)
        known = self.people.get(key)
        if known is None:
            who = commenter(comment, self.commenters)
            name = f"<bdi>{escape(comment.author)}</bdi>"  # isolated: bidi controls in a name reorder nothing else
            if who.link:
                name = f'<a href="{escape(who.link)}" rel="nofollow ugc noopener">{name}</a>'
            avatar = (
                f'        <span class="avatar avatar-{who.avatar_colour}" aria-hidden="true">{escape(who.initials)}'
                "</span>\n"
            )
            known = self.people[key] = (avatar, name)
        return known

    def labels(self, timezone: tzinfo | None = None) -> DateLabels:
        """The date labels of a zone (None: the site's ``TIMEZONE``), made once per build."""
        if timezone is None:
            return self.dates
        labels = self.zones.get(timezone)
        if labels is None:
            labels = self.zones[timezone] = DateLabels(timezone)
        return labels

    def html(
        self, comments: list[StoredComment], reply: ReplyLinks | None = None, timezone: tzinfo | None = None
    ) -> Markup:
        """The ``<ol class="comment-list comment-thread">`` of a post's comments, replies nested; with ``reply``,
        each comment has its "Reply by e-mail" link; dates in ``timezone`` (the post's; None: ``TIMEZONE``)."""
        parts = ['<ol class="comment-list comment-thread">\n']
        by_id = {comment.id: comment for comment in comments}
        add = parts.append
        label = self.labels(timezone).label
        open_depth = 0  # depth of the <li> left open for replies, 0 before the first comment
        for comment, depth, flattened_parent, parent_missing in walk_threads(comments, self.max_depth):
            if depth > open_depth:
                if open_depth:
                    add('<ol class="comment-list">\n')
            else:
                add("  </li>\n" + "</ol>\n  </li>\n" * (open_depth - depth))
            open_depth = depth
            # Ids and dates match the schema's patterns (letters, digits, "-", "_", ":", "+", "."), so they
            # are written as they are, like the month names of the date label; names are escaped in person().
            comment_id = comment.id
            avatar, name = self.person(comment)
            add(
                f'  <li class="comment depth-{depth}{" by-author" if comment.is_author else ""}">\n'
                f'    <article id="comment-{comment_id}" class="comment-body" '
                f'aria-labelledby="comment-{comment_id}-by comment-{comment_id}-date">\n'
                f"{WP_ANCHOR.format(comment.wp_anchor) if comment.wp_anchor else ''}"
                '      <header class="comment-meta">\n'
                f'{avatar}        <span class="comment-author" id="comment-{comment_id}-by">{name}</span>\n'
                f"{AUTHOR_BADGE if comment.is_author else ''}"
                f'        <a class="comment-permalink" href="#comment-{comment_id}" title="Link to this comment">'
                f'<time id="comment-{comment_id}-date" datetime="{comment.date_text or comment.date.isoformat()}">'
                f"{label(comment.date)}</time></a>\n"
                "      </header>\n"
            )
            if flattened_parent is not None and flattened_parent.author:
                add(
                    f'      <p class="in-reply-to">In reply to <a href="#comment-{flattened_parent.id}">'
                    f"<bdi>{escape(flattened_parent.author)}</bdi></a></p>\n"
                )
            elif parent_missing:
                add(NO_LONGER_HERE)
            elif depth > 1 and comment.parent in by_id:
                add(NESTED_REPLY.format(comment.parent, escape(by_id[comment.parent].author)))
            add(f'      <div class="comment-content">{sanitize_body(comment.body)}</div>\n')
            likes = comment.likes
            if likes:
                add(f'<p class="comment-likes">Liked by {"1 person" if likes == 1 else f"{likes} people"}</p>')
            if reply is not None:
                add(reply_link(reply, comment))
            add("    </article>\n")
        if open_depth:
            add("  </li>\n" + "</ol>\n  </li>\n" * (open_depth - 1))
        add("</ol>\n")
        return Markup("".join(parts))


def reply_link(reply: ReplyLinks, comment: StoredComment) -> str:
    """A comment's "Reply by e-mail" link (a ``mailto:`` link: no JavaScript)."""
    return (
        f'      <p class="comment-reply"><a class="comment-reply-link" href="{escape(reply.href(comment.id))}">'
        f'Reply by e-mail<span class="visually-hidden"> to {escape(comment.author)}</span></a></p>\n'
    )
