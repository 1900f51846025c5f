"""Old addresses that keep working: a static redirect page per old path, ``_redirects`` and an nginx map.

Pure: paths and text in, text out. The plugin (``__init__.py``) collects the ``Redirect-from`` paths of
the posts and pages and writes what these functions give.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from plugins.shared import SourceError

REDIRECTS_FILE = "_redirects"
# The redirect page's two phrases in the site's language ("Moved", "This page has moved"); any other language
# keeps the English ones, marked lang="en" so a screen reader speaks them as English.
MOVED = {
    "en": ("Moved", "This page has moved"),
    "fr": ("Page déplacée", "Cette page a déménagé"),
    "de": ("Verschoben", "Diese Seite ist umgezogen"),
    "es": ("Movida", "Esta página se ha movido"),
    "it": ("Spostata", "Questa pagina è stata spostata"),
    "pt": ("Movida", "Esta página mudou de endereço"),
    "nl": ("Verplaatst", "Deze pagina is verhuisd"),
}


@dataclass(frozen=True)
class Redirect:
    """One old path (``2019/01/14/slug/``) and where it leads now."""

    old: str  # relative to the site root, no leading slash; ends with "/" for folder addresses
    url: str  # the new page's URL, relative to the site root ("2019/01/slug/")
    title: str
    source: str  # the file whose front matter asked for it, for messages

    @property
    def save_as(self) -> str:
        """The file the redirect page is written to."""
        return self.old + "index.html" if self.old.endswith("/") or not self.old else self.old


MAX_PATH_CHARACTERS = 1000  # an old address longer than this is not one a reader follows
MAX_SEGMENT_BYTES = 200  # a file name is at most 255 bytes on common file systems


class RedirectError(SourceError):
    """A ``Redirect-from`` path the build cannot write: ``file:line: message``."""


def path_problem(path: object) -> str | None:
    """Why ``path`` cannot be an old address of this site, or None when it can. The one check of what the
    build accepts: the importer runs it before writing ``Redirect-from`` and the build before writing a page."""
    if not isinstance(path, str) or not path.strip():
        return "it is empty"
    text = path.strip()
    if len(text) > MAX_PATH_CHARACTERS:
        return f"it is {len(text):,} characters long (at most {MAX_PATH_CHARACTERS:,})"
    try:
        parts = urlsplit(text)
    except ValueError:
        return "it is not an address"
    decoded = unquote(parts.path).strip()
    if parts.query or "?" in decoded:
        return "it has a query (?...), which a static page cannot answer"
    if any(ord(character) < 32 or ord(character) == 127 for character in decoded):
        return "it holds a control character (such as %00)"
    if "\\" in decoded:
        return "it holds a backslash"
    segments = [segment for segment in decoded.split("/") if segment]
    if not segments:
        return "it is the home page"
    if any(segment in (".", "..") for segment in segments):
        return "it holds '..' or '.', which would lead out of its folder"
    if any(len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES for segment in segments):
        return f"a part of it is longer than {MAX_SEGMENT_BYTES} bytes, more than a file name may be"
    return None


def normalized(path: object) -> str | None:
    """An old address as a path relative to the site root: ``/2019/01/14/slug`` and
    ``https://old.example.org/2019/01/14/slug/`` both give ``2019/01/14/slug/``. None when it cannot be a
    file of the site (see :func:`path_problem`)."""
    if path_problem(path) is not None:
        return None
    text = unquote(urlsplit(path.strip()).path).strip()
    segments = [segment for segment in text.split("/") if segment]
    joined = "/".join(segments)
    last = segments[-1]
    if "." in last and last.rsplit(".", 1)[1].lower() in ("html", "htm", "php", "xml"):
        return joined
    return joined + "/"


def owner_of(save_as: str, owners: Mapping[str, str]) -> str | None:
    """What of the site's own takes the file ``save_as`` (``robots.txt/index.html``), or None: the same file;
    a file where it needs a folder (``robots.txt``, ``theme/css/main.css``); or a folder the build fills
    (keys ending in ``/``: ``pagefind/``, ``theme/``)."""
    if save_as in owners:
        return owners[save_as]
    segments = save_as.split("/")
    for end in range(1, len(segments)):
        folder = "/".join(segments[:end])
        if folder in owners:
            return f"{owners[folder]}: a file where the redirect page needs a folder"
        if f"{folder}/" in owners:
            return f"{owners[folder + '/']}, which fills {folder}/"
    return None


def direct_template_files(settings: dict) -> dict[str, str]:
    """The files of the site's ``DIRECT_TEMPLATES`` (``index.html``, ``tags/index.html``...) -> which page."""
    files = {}
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            files[save_as] = f"the {name} page"
    return files


# The theme's colours, light and dark, in a few bytes: the page shows for a moment in the reader's scheme (no
# white flash in dark mode), and stays readable without JavaScript or the stylesheet.
REDIRECT_STYLE = (
    "body{margin:0 auto;max-width:36em;padding:1rem 1.25rem;font:1.1875rem/1.6 Georgia,serif;"
    "background:#fdfcf8;color:#1f1d1a}a{color:#17507a}h1{font-size:1.6rem;line-height:1.25}"
    "@media (prefers-color-scheme:dark){body{background:#17181c;color:#ebe8e2}a{color:#8cc8f5}}"
)


def redirect_page(redirect: Redirect, site_url: str, lang: str = "en") -> str:
    """The small page at the old path, in the site's language: a meta refresh, a canonical link, a heading and a
    visible link in a ``main``, ``noindex``, and a tiny style in the reader's colour scheme; a one-line script
    carries the ``#fragment`` (a meta refresh drops it) where JavaScript runs."""
    target = target_url(redirect, site_url)
    canonical = f"{site_url.rstrip('/')}/{redirect.url}" if site_url else target
    title = html.escape(redirect.title or redirect.url)
    target_attr = html.escape(target, quote=True)
    language = lang.split("-")[0].lower()
    moved, sentence = MOVED.get(language, MOVED["en"])
    if language not in MOVED:
        sentence = f'<span lang="en">{sentence}</span>'
    target_js = target.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c")
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{moved}: {title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
        f'<script>location.replace("{target_js}" + location.hash)</script>\n'
        f'<meta http-equiv="refresh" content="0; url={target_attr}">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<style>{REDIRECT_STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"<h1>{sentence}</h1>\n"
        f'<p><a href="{target_attr}">{title}</a></p>\n'
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def looks_like_redirect_page(head: bytes) -> bool:
    """Whether the start of a file is a page ``redirect_page`` wrote (in any of its languages)."""
    if not head.startswith(b"<!doctype html>"):
        return False
    sentences = [sentence for _moved, sentence in MOVED.values()] + [f'<span lang="en">{MOVED["en"][1]}</span>']
    marks = [f"<h1>{sentence}</h1>" for sentence in sentences] + [f"<p>{sentence}: " for sentence in sentences]
    return any(mark.encode() in head for mark in marks)  # (the second: a page written before the heading)


def target_url(redirect: Redirect, site_url: str) -> str:
    """The new address as the redirect page links it: absolute with a ``SITEURL``, else relative to the page."""
    if site_url:
        return f"{site_url.rstrip('/')}/{redirect.url}"
    here = posixpath.dirname(redirect.save_as) or "."
    relative = posixpath.relpath(redirect.url or ".", here)
    if redirect.url.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative


def site_path(site_url: str) -> str:
    """The path part of ``SITEURL`` (``/blog`` for ``https://example.org/blog``), empty at a site root."""
    return urlsplit(site_url).path.rstrip("/") if site_url else ""


@dataclass(frozen=True)
class QueryRedirect:
    """WordPress's own address of a post or page, ``/?p=123`` or ``/?page_id=45``, and where it leads now."""

    key: str  # "p" or "page_id"
    id: str  # digits
    url: str  # the new page's URL, relative to the site root


QUERY_KEYS = ("p", "page_id")


def query_redirects(wordpress_id: object, url: str, is_page: bool) -> list[QueryRedirect]:
    """``?p=ID`` for every post and page (WordPress answers both), and ``?page_id=ID`` for a page."""
    if not isinstance(wordpress_id, str) or not wordpress_id.isascii() or not wordpress_id.isdigit():
        return []
    keys = QUERY_KEYS if is_page else QUERY_KEYS[:1]
    return [QueryRedirect(key, wordpress_id, url) for key in keys]


def redirects_file(
    redirects: list[Redirect],
    site_url: str,
    extra: list[tuple[str, str]] = (),
    queries: list[QueryRedirect] = (),
) -> str:
    """Netlify / Cloudflare Pages ``_redirects``: ``/old/ /new/ 301`` per line (fragments survive a 301), and
    ``/ p=123 /new/ 301`` per query address (Netlify matches query parameters; a host that does not, such as
    Cloudflare Pages, skips those lines)."""
    prefix = site_path(site_url)
    lines = ["# Old WordPress addresses (written by plugins/wordpress at every build; do not edit)"]
    pairs = [(redirect.old, redirect.url) for redirect in redirects] + list(extra)
    for old, new in pairs:
        lines.append(f"{prefix}/{quote(old)} {prefix}/{quote(new)} 301")
    if queries:
        lines.append("# WordPress's own addresses, /?p=ID and /?page_id=ID")
    for query in queries:
        lines.append(f"{prefix}/ {query.key}={query.id} {prefix}/{quote(query.url)} 301")
    return "\n".join(lines) + "\n"


def previous_redirects(lines: list[str], site_url: str) -> list[str]:
    """The old paths of a ``_redirects`` file written by :func:`redirects_file` (its redirect pages)."""
    prefix = site_path(site_url) + "/"
    found = []
    for line in lines:
        fields = line.split()
        if len(fields) == 3 and not line.startswith("#") and fields[0].startswith(prefix):
            found.append(unquote(fields[0][len(prefix) :]))
    return found


def nginx_map(
    redirects: list[Redirect],
    site_url: str,
    extra: list[tuple[str, str]] = (),
    queries: list[QueryRedirect] = (),
) -> str:
    """An nginx ``map`` of old paths to new ones, one ``map`` per query key (``$arg_p``, ``$arg_page_id``),
    and the lines that use them (kept outside the site)."""
    prefix = site_path(site_url)
    keys = [key for key in QUERY_KEYS if any(query.key == key for query in queries)]
    lines = [
        "# Old WordPress addresses, written by plugins/wordpress at every build.",
        "# Put the maps in the http block and the 'if' lines in the server block:",
        "#     if ($slowmending_redirect) { return 301 $slowmending_redirect; }",
        *[f"#     if ($slowmending_redirect_{key}) {{ return 301 $slowmending_redirect_{key}; }}" for key in keys],
        "map $uri $slowmending_redirect {",
        '    default "";',
    ]
    pairs = [(redirect.old, redirect.url) for redirect in redirects] + list(extra)
    for old, new in pairs:
        source = f"{prefix}/{old}".replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    "{source}" "{prefix}/{quote(new)}";')
    lines.append("}")
    for key in keys:
        lines += [f"map $arg_{key} $slowmending_redirect_{key} {{", '    default "";']
        lines += [f'    "{query.id}" "{prefix}/{quote(query.url)}";' for query in queries if query.key == key]
        lines.append("}")
    return "\n".join(lines) + "\n"
