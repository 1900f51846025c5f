"""Her site after the import: the settings the export gives, her header menu, and the starter's sample.

``prepare_site`` runs before the posts are written: an untouched sample file where one of her published items
goes is removed (her About page wins), and with ``--replace-sample`` the whole untouched sample goes.
``her_site`` runs after: it writes ``content/wordpress/site.yaml`` (read by ``pelicanconf.py``, see
``site_file.py``) with the blog's name, tagline, language, author, time zone, header menu and footer, each
with where it came from, and returns the report's section saying what changed and what it suggests. A
``site.yaml`` the author edited is kept: the section lists what the import would have set.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from datetime import datetime

from .convert import old_path
from .export import Export
from .menu import Target, export_menu
from .sample import give_way, remove_sample, sample_state
from .site_file import SITE_FILE, file_values
from .time_zone import guess_zone

DEFAULT_TAGLINES = frozenset({"Just another WordPress site", "Just another WordPress.com site", "Just another weblog"})
HEADER = """\
# Your site's settings, taken from your WordPress export by `python -m plugins.wordpress import`.
# Each build reads this file over pelicanconf.py's values. Edit a value here (the import then keeps this file as
# you left it and only suggests), or delete the file to go back to pelicanconf.py's values.
# HEADER_MENU: your header links after Home, [title, link]; the site's own MENUITEMS follow, without
# those in MENU_LEFT_OUT. DISPLAY_PAGES_ON_MENU false: a page is in the header only when it is listed here.
"""


def prepare_site(planned: list, options) -> list[str]:
    """Before writing: make way for her published items over the untouched sample; the sample removed
    with ``--replace-sample``. Lines for the report."""
    paths = {entry.path.as_posix() for entry in planned if not entry.draft}
    lines = give_way(options.content, paths, options.dry_run)
    if options.replace_sample:
        lines += remove_sample(options.content, options.dry_run, handled=frozenset(paths))
    return lines


def her_site(export: Export, planned: list, options, writer, earlier: list[str]) -> str:
    """Write ``site.yaml`` from the export; the report's section (settings changed, suggested, the menu)."""
    from .importer import new_url  # the importer calls this module: imported here, not at the top

    channel = export.document.root.find("channel")
    found: dict[str, tuple[object, str]] = {}
    suggestions: list[str] = []
    title = _text(channel.findtext("title") if channel is not None else "")
    if title:
        found["SITENAME"] = (title, "the export's <title>")
    tagline = _text(channel.findtext("description") if channel is not None else "")
    found["SITESUBTITLE"] = (
        ("", "the export has WordPress's default tagline")
        if tagline in DEFAULT_TAGLINES
        else (tagline, "the export's <description>")
    )
    language = _text(channel.findtext("language") if channel is not None else "")
    code = language.replace("_", "-").split("-")[0].lower()
    if code.isalpha() and 2 <= len(code) <= 3:
        found["DEFAULT_LANG"] = (code, f"the export's <language> {language}")
    else:
        suggestions.append("DEFAULT_LANG: the export names no language; set it (e.g. fr) so pages say theirs")
    author = _author(export)
    if author:
        found["AUTHOR"] = (author, "the display name of the export's author with most posts")
    zone = guess_zone(_date_pairs(export), language, str(options.settings.get("TIMEZONE") or ""))
    if zone.zone:
        found["TIMEZONE"] = (zone.zone, zone.why)
    else:
        suggestions.append(
            f"TIMEZONE: not changed ({zone.why}); each post keeps the time WordPress showed, but set TIMEZONE in "
            "site.yaml to yours for comments and new posts"
        )
    menu_lines = _menu(export, planned, options, found, lambda entry: new_url(entry, options))
    _sample_settings(options, planned, found, bool(author))
    lines = list(earlier)
    lines += _write(found, options, writer)
    lines += [f"suggested: {line}" for line in suggestions]
    lines += menu_lines
    state = sample_state(options.content)
    if state.present and not options.replace_sample:
        lines.append(
            f"The starter's sample is still here ({len(state.untouched)} files: its posts, pages, series, glossary "
            "and comments): import again with --replace-sample (make import-wordpress FILE=... REPLACE_SAMPLE=1) "
            "to remove it in one step (files you edited are kept and listed)"
        )
    return "\n\nYour site (settings in content/wordpress/site.yaml, over pelicanconf.py's):\n" + "\n".join(
        f"  {line}" for line in lines
    )


def _text(value: str | None) -> str:
    """A channel field as plain text: character references decoded, control characters and extra spaces dropped."""
    text = html.unescape(value or "")
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def _author(export: Export) -> str:
    """The display name of the author with most published posts (else the first author of the export)."""
    wp = export.namespace
    channel = export.document.root.find("channel")
    names = {}
    authors = [*channel.findall(f"{wp}author"), *channel.findall(f"{wp}wp_author")] if channel is not None else []
    for element in authors:  # WordPress.com writes wp:wp_author
        login = _text(element.findtext(f"{wp}author_login"))
        names[login] = _text(element.findtext(f"{wp}author_display_name")) or login
    counts = Counter(item.creator for item in export.items if item.type == "post" and item.status == "publish")
    for login, _count in counts.most_common():
        if names.get(login):
            return names[login]
    return next((name for name in names.values() if name), "")


def _date_pairs(export: Export) -> list[tuple[datetime, datetime]]:
    """(local, GMT) of every published post and page with both dates, as WordPress wrote them."""
    wp = export.namespace
    pairs = []
    for item in export.items:
        if item.type not in ("post", "page") or item.status != "publish":
            continue
        try:
            local = datetime.fromisoformat((item.element.findtext(f"{wp}post_date") or "").strip())
            gmt = datetime.fromisoformat((item.element.findtext(f"{wp}post_date_gmt") or "").strip())
        except ValueError:
            continue  # a missing or 0000-00-00 date: nothing to learn from it
        pairs.append((local, gmt))
    return pairs


def _menu(export: Export, planned: list, options, found: dict, url_of) -> list[str]:
    """HEADER_MENU from the export's menu, else her About page; lines for the report."""
    targets = [
        Target(
            id=entry.wordpress_id,
            title=_text(entry.item.title) or entry.slug,
            url=url_of(entry),
            old=old_path(entry.item.link, export.hosts) or "" if entry.item.link else "",
            published=not entry.draft,
        )
        for entry in planned
    ]
    listings = _listings(planned, options.settings)
    menu = export_menu(export, targets, lambda name: listings.get(name, ""))
    found["DISPLAY_PAGES_ON_MENU"] = (False, "the header lists only HEADER_MENU's pages, not every page")
    pages = [entry for entry in planned if entry.kind == "page" and not entry.draft]
    lines = []
    own_titles = {str(title).casefold() for title, _link in options.settings.get("MENUITEMS") or ()}
    for title, link in [entry for entry in menu.links if entry[0].casefold() in own_titles]:
        menu.links.remove((title, link))
        menu.left_out.append(f"{title!r} ({link}): the site's own {title!r} link is in the header")
    if menu.name:
        links = menu.links
        source = f"the export's menu {menu.name!r}"
        lines.append(f"Header menu: {len(links)} link(s) from {source}: {', '.join(t for t, _link in links) or '-'}")
        lines += [f"menu link left out: {line}" for line in menu.left_out]
        if menu.other_menus:
            lines.append(f"other menus of the export, not used: {', '.join(menu.other_menus)}")
    else:
        about = [entry for entry in pages if entry.slug in ("about", "a-propos", "qui-suis-je")]
        links = [(target.title, target.url) for target in targets if about and target.id == about[0].wordpress_id]
        source = "the export has no menu: your About page only" if links else "the export has no menu"
        lines.append(f"Header menu: {source}")
    shown = {link for _title, link in links}
    hidden = [entry for entry in pages if url_of(entry) not in shown]
    if hidden:
        lines.append(
            f"{len(hidden)} of your {len(pages)} page(s) are not in the header (add the ones you want to "
            'HEADER_MENU as ["Title", "slug/"])'
        )
    found["HEADER_MENU"] = ([list(link) for link in links], source)
    return lines


def _listings(planned: list, settings: dict) -> dict[str, str]:
    """Category or tag name -> its listing page, for the names the imported published posts are filed under
    (the first category is the post's Category, the others join its Tags, as in the front matter)."""
    from pelican.urlwrappers import Category, Tag

    urls: dict[str, str] = {}
    for entry in planned:
        if entry.kind != "post" or entry.draft:
            continue
        categories = entry.item.categories or []
        if categories:
            urls.setdefault(categories[0], Category(categories[0], settings).url)
        for name in [*categories[1:], *entry.item.tags]:
            urls.setdefault(name, Tag(name, settings).url)
    return urls


def _sample_settings(options, planned: list, found: dict, her_author: bool) -> None:
    """The menu links and footer sentences that would lead nowhere once the sample's series, glossary or
    disclaimer are gone (computed from what is in the content folder, so a later import keeps them)."""
    content = options.content
    left_out = []
    if not any((content / "series").glob("*.md")):
        left_out.append(options.settings.get("SERIES_INDEX_URL", "series/"))
    if not (content / options.settings.get("GLOSSARY_FILE", "glossary.yaml")).is_file():
        left_out.append(options.settings.get("GLOSSARY_URL", "glossary/"))
    if left_out:
        found["MENU_LEFT_OUT"] = (left_out, "no series or glossary in content/: their links would lead nowhere")
    if not (content / "pages" / "disclaimer.md").is_file() and not any(
        entry.path.as_posix() == "pages/disclaimer.md" for entry in planned
    ):
        found["DISCLAIMER_URL"] = ("", "no pages/disclaimer.md: the footer's disclaimer sentence is left out")
    if not her_author and not sample_state(content).present:
        found["FOOTER_IDENTITY"] = (False, "the sample is gone and the export names no author")


def _write(found: dict[str, tuple[object, str]], options, writer) -> list[str]:
    """Write ``site.yaml`` (unless she edited it); lines: each setting changed, with its old value."""
    rows = [HEADER]
    for key, (value, source) in found.items():
        rows.append(f"{key}: {json.dumps(value, ensure_ascii=False)}  # {' '.join(source.split())}\n")
    current = {**options.settings, **file_values(options.content / SITE_FILE)}
    outcome = writer.write(SITE_FILE, "".join(rows).encode("utf-8"), "site settings", report=False)
    lines = []
    for key, (value, source) in found.items():
        before = current.get(key)
        if key != "HEADER_MENU" and before != value:
            was = "not set" if before is None else json.dumps(before, ensure_ascii=False)
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)} (was {was}; {source})")
    if outcome in ("edited", "yours"):
        kept = f"content/{SITE_FILE.as_posix()} is yours (edited since the import): kept as it is"
        return [kept, *[f"the import would set {line}" for line in lines]]
    return lines
