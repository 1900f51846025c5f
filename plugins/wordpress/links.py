"""Addresses in a WordPress post: the blog's own uploads, posts and attachment pages, and known video sites.

Every address goes through :func:`split_url`, which never raises: a malformed address (``http://[x``, which
``urllib`` calls an invalid IPv6 URL) is then simply not one of the blog's.
"""

from __future__ import annotations

import html
import re
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from .site import Site

NOT_AN_ADDRESS = SplitResult("", "", "", "", "")


def split_url(url: str) -> SplitResult:
    """``urlsplit``, with an empty result for an address it cannot read."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 -- reading it raises for a bracketed host that is not one
    except ValueError:
        return NOT_AN_ADDRESS
    return parts


VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "wordpress.tv": "WordPress.tv",
    "videopress.com": "VideoPress",
    "dailymotion.com": "Dailymotion",
    "ted.com": "TED",
    "twitter.com": "Twitter",
    "x.com": "X",
    "instagram.com": "Instagram",
    "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify",
    "flickr.com": "Flickr",
    "tiktok.com": "TikTok",
}
VIDEO_SITES = frozenset({"YouTube", "Vimeo", "WordPress.tv", "VideoPress", "Dailymotion", "TED", "TikTok"})
SIZE_SUFFIX_RE = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
UPLOAD_PATH_RE = re.compile(r"(?:^|/)(?:wp-content/uploads/)?((?:19|20)\d\d)/(\d\d)/([^/?#]+)$")


def media_path(url: str, hosts: frozenset[str]) -> str | None:
    """``YYYY/MM/name.ext`` of an uploaded file's URL (any size variant), or None when it is not one.

    ``https://blog.files.wordpress.com/2019/01/ivig-300x200.jpg?w=640`` and
    ``https://example.org/wp-content/uploads/2019/01/ivig.jpg`` both give ``2019/01/ivig.jpg``.
    """
    parts = split_url(html.unescape(url.strip()))
    host = (parts.hostname or "").lower()
    path = unquote(parts.path)
    on_wordpress_com = host.endswith((".files.wordpress.com", ".wp.com"))
    if not (on_wordpress_com or "/wp-content/uploads/" in path):
        return None
    if not on_wordpress_com and host and host not in hosts and not host.endswith(".wordpress.com"):
        return None
    match = UPLOAD_PATH_RE.search(path)
    if match is None:
        return None
    year, month, name = match.groups()
    if "/" in name or name.startswith("."):
        return None
    return f"{year}/{month}/{SIZE_SUFFIX_RE.sub('', name)}"


def video_provider(url: str) -> str | None:
    host = (split_url(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for known, name in VIDEO_HOSTS.items():
        if host == known or host.endswith("." + known):
            return name
    return None


def is_attachment_page(href: str, site: Site) -> bool:
    parts = split_url(href)
    if parts.hostname and parts.hostname.lower() not in site.hosts:
        return False
    if "attachment_id" in parse_qs(parts.query):
        return True
    return old_path(href, site.hosts) in site.attachment_paths


def old_path(url: str, hosts: frozenset[str]) -> str | None:
    """The path of one of the blog's own addresses, without leading slash and with a trailing one
    (``2019/01/14/slug/``); None for another site's address."""
    parts = split_url(html.unescape(url.strip()))
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.hostname and parts.hostname.lower() not in hosts:
        return None
    if not parts.hostname and not parts.path.startswith("/"):
        return None
    path = unquote(parts.path).strip("/")
    return f"{path}/" if path else ""


def internal_link(href: str, site: Site) -> str | None:
    """A link to one of the blog's own posts as a ``{filename}`` link (fragment kept), or None."""
    if not href or href.startswith("{"):
        return None
    parts = split_url(html.unescape(href.strip()))
    path = old_path(href, site.hosts)
    if path is None:
        return None
    query = parse_qs(parts.query)
    target = None
    for key in ("p", "page_id"):
        if key in query and query[key][0] in site.by_id:
            target = site.by_id[query[key][0]]
    if target is None:
        path = re.sub(r"(?:comment-page-\d+/|amp/)$", "", path)
        target = site.by_path.get(path)
    if target is None:
        return None
    return target + (f"#{parts.fragment}" if parts.fragment else "")
