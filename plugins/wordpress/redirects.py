"""Old addresses that keep working: a static redirect page per old path, ``_redirects`` and an nginx map.

Pure: paths and text in, text out. The plugin (``__init__.py``) collects the ``Redirect-from`` paths of
the posts and pages and writes what these functions give.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

REDIRECTS_FILE = "_redirects"


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


def normalized(path: object) -> str | None:
    """An old address as a path relative to the site root: ``/2019/01/14/slug`` and
    ``https://old.example.org/2019/01/14/slug/`` both give ``2019/01/14/slug/``. None when it cannot be a
    file of the site (empty, a query, ``..``)."""
    if not isinstance(path, str) or not path.strip():
        return None
    parts = urlsplit(path.strip())
    if parts.query:
        return None
    text = unquote(parts.path).strip()
    segments = [segment for segment in text.split("/") if segment]
    if not segments or any(segment in (".", "..") or "\\" in segment for segment in segments):
        return None
    joined = "/".join(segments)
    last = segments[-1]
    if "." in last and last.rsplit(".", 1)[1].lower() in ("html", "htm", "php", "xml"):
        return joined
    return joined + "/"


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


def redirect_page(redirect: Redirect, site_url: str) -> str:
    """The small page at the old path: a meta refresh, a canonical link, a heading and a visible link in a
    ``main``, ``noindex``, and a tiny style in the reader's colour scheme; a one-line script carries the
    ``#fragment`` (a meta refresh drops it) where JavaScript runs."""
    target = target_url(redirect, site_url)
    canonical = f"{site_url.rstrip('/')}/{redirect.url}" if site_url else target
    title = html.escape(redirect.title or redirect.url)
    target_attr = html.escape(target, quote=True)
    target_js = target.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c")
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
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
        "<h1>This page has moved</h1>\n"
        f'<p>It is now here: <a href="{target_attr}">{title}</a>.</p>\n'
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


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
