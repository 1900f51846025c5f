"""The "Reply by e-mail" links: ``mailto:`` links to ``COMMENTS_EMAIL`` whose subject names the post and comment.

The subject ends with a tag that ``python -m plugins.comments inbox`` reads back: ``[comment SLUG]`` for a
reply to the post, ``[comment SLUG#ID]`` for a reply to a comment. The body starts with a one-line hint (what is
published), then room for the reply.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from urllib.parse import quote

# The first line of the body, then room for the reply. Never under a "-- " line: mail programs hide, or cut from
# the reply, what follows one as a signature. ``inbox`` removes the hint wherever it stands.
HINT = (
    "[Write your reply below this line. Replies are moderated: once the author approves yours, your text is "
    "published with the name your e-mail shows as its sender; your e-mail address never is.]"
)
BODY_HINT = HINT + "\n\n"


def check_address(value: object) -> str | None:
    """Why ``value`` is not a usable ``COMMENTS_EMAIL`` (None when it is one address, ``name@domain``)."""
    if not isinstance(value, str) or not value.strip():
        return "must be an e-mail address such as 'comments@example.org' (a string)"
    try:
        address = Address(addr_spec=value.strip())
    except (HeaderParseError, ValueError, IndexError) as error:
        return f"{value!r} is not an e-mail address ({error})"
    if not address.domain or not address.username or address.addr_spec != value.strip():
        return f"{value!r} is not a single plain address such as 'comments@example.org'"
    return None


@dataclass(frozen=True)
class ReplyLinks:
    """The reply links of one post: the address, the post's title (in the subject) and its slug (in the tag)."""

    address: str
    title: str
    slug: str

    def href(self, comment_id: str | None = None) -> str:
        """The ``mailto:`` URL answering the post (``comment_id`` None) or one of its comments."""
        tag = f"[comment {self.slug}#{comment_id}]" if comment_id else f"[comment {self.slug}]"
        subject = f"Re: {' '.join(html.unescape(self.title).split())} {tag}"
        query = f"subject={quote(subject, safe='')}&body={quote(BODY_HINT, safe='')}"
        return f"mailto:{quote(self.address, safe='@')}?{query}"

    def fingerprint(self) -> bytes:
        """A digest of everything the links show, for the comments cache's key."""
        parts = (self.address, self.title, self.slug, BODY_HINT)
        return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).digest()
