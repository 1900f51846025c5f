"""What the author sees when she writes: YAML front matter, alt-text warnings, errors that stop the build."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.sitebuild import build_site


def write_post(content: Path, name: str, text: str) -> Path:
    path = content / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (content / "pages").mkdir(exist_ok=True)
    return path


def test_yaml_front_matter_lists_become_real_tags(tmp_path):
    content = tmp_path / "content"
    write_post(
        content,
        "yaml.md",
        """
        ---
        Title: Salt, water and patience
        Date: 2020-05-01 10:00
        Tags: [IVIG, POTS, "Sjogren's, and more"]
        Summary: A post written with a YAML block.
        ---
        Body text with *emphasis*.
        """,
    )
    build = build_site(tmp_path / "out", content=content, fatal="warnings")
    assert build.returncode == 0, build.log
    tag_links = [a.get_text() for a in build.html("2020/05/salt-water-and-patience/").select(".post-tags a")]
    assert tag_links == ["IVIG", "POTS", "Sjogren's, and more"]
    assert (build.output / "tag" / "pots" / "index.html").exists()
    assert not list(build.output.glob("tag/ivig-*"))


def test_key_value_front_matter_still_works(tmp_path):
    content = tmp_path / "content"
    write_post(
        content,
        "plain.md",
        """
        Title: Plain headers
        Date: 2020-05-02
        Tags: IVIG, POTS

        Body.
        """,
    )
    build = build_site(tmp_path / "out", content=content)
    assert build.returncode == 0, build.log
    assert [a.get_text() for a in build.html("2020/05/plain-headers/").select(".post-tags a")] == ["IVIG", "POTS"]


def test_invalid_yaml_front_matter_stops_the_build_naming_file_and_line(tmp_path):
    content = tmp_path / "content"
    write_post(
        content,
        "broken.md",
        """
        ---
        Title: Broken
        Date: 2020-05-03
        Tags: [IVIG, POTS
        ---
        Body.
        """,
    )
    write_post(content, "fine.md", "Title: Fine\nDate: 2020-05-04\n\nBody.\n")
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode != 0
    assert "broken.md:" in build.log and "invalid YAML front matter" in build.log
    line = int(build.log.split("broken.md:")[1].split(":")[0])
    assert line in (4, 5)


def test_unclosed_front_matter_is_an_error(tmp_path):
    content = tmp_path / "content"
    write_post(content, "open.md", "---\nTitle: Open\nDate: 2020-05-03\n\nBody.\n")
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode != 0
    assert "open.md:1: front matter opened with '---' is never closed" in build.log


def test_image_without_alt_text_warns_naming_the_post(tmp_path):
    content = tmp_path / "content"
    write_post(content, "photo.md", "Title: Photo\nDate: 2020-06-01\n\n![](https://example.invalid/x.jpg)\n")
    build = build_site(tmp_path / "out", content=content, fatal=None)
    assert build.returncode == 0
    assert "photo.md: image https://example.invalid/x.jpg has no alt text" in build.log
    assert build.log.count("x.jpg") == 1, "one warning for one image"
    strict = build_site(tmp_path / "out2", content=content, fatal="warnings")
    assert strict.returncode != 0
