"""What converting one post needs to know about the whole export (the blog's hosts, addresses and media), and what
it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Attachment:
    """A media library item: its address and the words that go with it."""

    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent: str = ""
    order: int = 0


@dataclass
class Site:
    """What conversion needs to know about the whole export."""

    hosts: frozenset[str]  # the blog's own hosts (example.wordpress.com, www.example.org...)
    base_url: str = ""  # the blog's old address, for root-relative URLs ("/theme/img/x.png")
    by_path: dict[str, str] = field(default_factory=dict)  # old path ("2019/01/14/slug/") -> "{filename}..."
    by_id: dict[str, str] = field(default_factory=dict)  # post id -> "{filename}..."
    attachments: dict[str, Attachment] = field(default_factory=dict)  # attachment id -> Attachment
    attachment_paths: set[str] = field(default_factory=set)  # old paths of attachment pages


@dataclass
class Converted:
    """One post as Markdown, with what the report needs."""

    markdown: str
    summary: str = ""
    media: list[str] = field(default_factory=list)  # "YYYY/MM/name.ext", in order of first use
    unknown_shortcodes: list[str] = field(default_factory=list)
    embeds: int = 0  # embeds, audio and video turned into links
    gallery_links: int = 0  # links around gallery images, dropped
    not_requested: list[str] = field(default_factory=list)  # images that are not uploads: links now (see below)
    notes: list[str] = field(default_factory=list)  # what conversion removed or changed, one line each
