"""Her header menu, from the export's ``nav_menu_item`` items: their order, titles and targets.

WordPress keeps each link of a menu as an item (``_menu_item_type``: ``post_type`` for a page or post,
``taxonomy`` for a category or tag, ``custom`` for an address) filed under its menu (``<category
domain="nav_menu">``). The menu with the most links is taken (a theme's other menus are named in the report),
its top-level links in ``menu_order``: a page or post becomes its new address, a category or tag its listing
page, an address of the blog itself the new address of what lived there, another site's address stays as it
is (``http``/``https`` only). A link whose target was not imported, a sub-menu link (the header has one
level) and the blog's home (the header starts with Home) are left out, each with its reason.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from .convert import old_path
from .export import Export, Item


@dataclass(frozen=True)
class Target:
    """An imported post or page as the menu may link it."""

    id: str
    title: str
    url: str  # its new address, relative to the site
    old: str  # its old path ("" when unknown)
    published: bool


@dataclass
class Menu:
    name: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, link)
    left_out: list[str] = field(default_factory=list)  # one line each: what and why
    other_menus: list[str] = field(default_factory=list)


def export_menu(export: Export, targets: list[Target], listing: Callable[[str], str]) -> Menu:
    """The export's main menu as header links. ``listing(name)``: the address of the listing page of that
    category or tag ("" when no imported published post is filed under it)."""
    items = [item for item in export.items if item.type == "nav_menu_item" and item.status == "publish"]
    by_menu: dict[str, list[Item]] = {}
    for item in items:
        by_menu.setdefault(_menu_name(item), []).append(item)
    if not by_menu:
        return Menu()
    sizes = Counter({name: len(entries) for name, entries in by_menu.items()})
    name = sizes.most_common(1)[0][0]
    menu = Menu(
        name=name, other_menus=[f"{other!r} ({count} links)" for other, count in sizes.items() if other != name]
    )
    terms = _terms(export)
    by_id = {target.id: target for target in targets if target.id}
    by_old = {target.old: target for target in targets if target.old}
    for item in sorted(by_menu[name], key=lambda entry: entry.order):
        label = _plain(item.title)
        what = f"{label or '(no title)'!r} (menu item {item.id or '?'}, line {item.line})"
        if item.meta.get("_menu_item_menu_item_parent", "0") not in ("", "0"):
            menu.left_out.append(f"{what}: in a sub-menu; the header has one level")
            continue
        kind = item.meta.get("_menu_item_type", "")
        object_id = item.meta.get("_menu_item_object_id", "")
        if kind == "post_type":
            link, title, why = _to_item(by_id.get(object_id))
        elif kind == "taxonomy":
            link, title, why = _to_term(terms.get(object_id), item.meta.get("_menu_item_object", ""), listing)
        else:
            link, title, why = _to_address(item.meta.get("_menu_item_url", "").strip(), export, by_id, by_old)
        title = label or title
        if why:
            menu.left_out.append(f"{what}: {why}")
        elif not title:
            menu.left_out.append(f"{what}: no title to show")
        elif link in {existing for _title, existing in menu.links}:
            menu.left_out.append(f"{what}: leads where an earlier link of the menu does")
        else:
            menu.links.append((title, link))
    return menu


def _menu_name(item: Item) -> str:
    for category in item.element.findall("category"):
        if category.get("domain") == "nav_menu":
            return " ".join((category.text or "").split()) or category.get("nicename", "")
    return ""


def _terms(export: Export) -> dict[str, tuple[str, str]]:
    """Term id -> (kind, name) of the export's categories and tags (``wp:category``, ``wp:tag``, ``wp:term``)."""
    wp = export.namespace
    channel = export.document.root.find("channel")
    terms: dict[str, tuple[str, str]] = {}
    if channel is None:
        return terms
    for element in channel.findall(f"{wp}category"):
        terms[(element.findtext(f"{wp}term_id") or "").strip()] = ("category", element.findtext(f"{wp}cat_name") or "")
    for element in channel.findall(f"{wp}tag"):
        terms[(element.findtext(f"{wp}term_id") or "").strip()] = ("post_tag", element.findtext(f"{wp}tag_name") or "")
    for element in channel.findall(f"{wp}term"):
        kind = (element.findtext(f"{wp}term_taxonomy") or "").strip()
        if kind in ("category", "post_tag"):
            terms.setdefault(
                (element.findtext(f"{wp}term_id") or "").strip(), (kind, element.findtext(f"{wp}term_name") or "")
            )
    return terms


def _to_item(target: Target | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", "its page or post is not in the export, or was not imported"
    if not target.published:
        return "", "", "its page or post is a draft here"
    return target.url, target.title, ""


def _to_term(term: tuple[str, str] | None, kind: str, listing: Callable[[str], str]) -> tuple[str, str, str]:
    if term is None:
        return "", "", f"its {kind or 'term'} is not in the export"
    name = " ".join(term[1].split())
    url = listing(name)
    if not url:
        return "", "", f"no imported post is filed under {name!r}, so it has no page here"
    return url, name, ""


def _to_address(url: str, export: Export, by_id: dict[str, Target], by_old: dict[str, Target]) -> tuple[str, str, str]:
    parts = urlsplit(url)
    if url.startswith("#"):
        return "", "", f"{url[:80]!r} leads nowhere (a sub-menu's heading); the header has one level"
    if not url or parts.scheme not in ("http", "https", ""):
        return "", "", f"{url[:80]!r} is not a web address"
    path = old_path(url, export.hosts)
    if path is None:
        return (url, "", "") if parts.hostname else ("", "", f"{url[:80]!r} is not a full address")
    query = parse_qs(parts.query)
    wordpress_id = (query.get("p") or query.get("page_id") or [""])[0]
    if wordpress_id:
        return _to_item(by_id.get(wordpress_id))
    if path in ("", old_path(export.site_url, export.hosts) or ""):
        return "", "", "the blog's home: the header starts with Home"
    target = by_old.get(path)
    if target is None:
        return "", "", f"/{path} is not the address of an imported page or post"
    return _to_item(target)


def _plain(title: str) -> str:
    """A menu title's words: tags dropped, character references decoded."""
    if "<" in title:
        from bs4 import BeautifulSoup

        title = BeautifulSoup(title, "html.parser").get_text(" ")
    return " ".join(html.unescape(title).split())
