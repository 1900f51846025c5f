"""What converting one post needs to know about the whole export: the blog's hosts, addresses and media."""

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
