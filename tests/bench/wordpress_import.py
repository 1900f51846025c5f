"""Time the WordPress move-in: 1,000 posts with 30,000 comments (target: at most 10 s of CPU).

    python -m tests.bench.wordpress_import --posts 1000 --comments 30000 --out /tmp/wordpress-bench

Reuses the comment benchmark's synthetic export (``tests/bench/comments_corpus.py``: threads, author replies,
pending, spam, pingbacks, e-mails and IPs) and gives each item what a real post has: a title, an address,
dates with an offset, a category, tags and a body with paragraphs, a captioned image, a list, a heading and a
link to an older post. Then runs the import (a fresh content folder) and the import again (nothing new), each
in its own process, and prints wall and CPU time (the child's user + system; on a busy machine CPU is the
fairer figure).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

from tests.bench.comments_corpus import sentence, timed, write_corpus

TARGET_CPU = 10.0


def post_body(rng: random.Random, number: int) -> str:
    paragraphs = "\n\n".join(sentence(rng, rng.randint(30, 60)) for _ in range(4))
    image = (
        f'[caption id="attachment_{number}" align="alignnone" width="640"]<img src="https://bench.files.wordpress.com/'
        f'2019/01/photo-{number}-640x480.jpg?w=640" alt="Photo {number}" /> {sentence(rng, 6)}[/caption]'
    )
    older = max(number - 1, 0)
    return (
        f"{paragraphs}\n\n{image}\n\n<h2>Best case</h2>\n{sentence(rng, 20)}\n\n<h2>Worst case</h2>\n"
        f"{sentence(rng, 20)}\n<ul>\n<li>{sentence(rng, 5)}</li>\n<li>{sentence(rng, 5)}</li>\n</ul>\n"
        f'See <a href="https://bench.wordpress.com/?p={older + 1}">the last one</a>.'
    )


def enrich(export: Path, seed: int = 16) -> None:
    """Give every item of the comment corpus the fields of a published post."""
    rng = random.Random(seed)
    text = export.read_text(encoding="utf-8")
    text = text.replace(
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        1,
    ).replace("<title>Bench</title>", "<title>Bench</title><link>https://bench.wordpress.com</link>", 1)

    def fields(match: re.Match) -> str:
        number = int(match.group(1)) - 1
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        year = 2012 + number // 336
        local = f"{year}-{month:02d}-{day:02d} 10:00:00"
        gmt = f"{year}-{month:02d}-{day:02d} 16:00:00"
        return (
            f"{match.group(0)}<link>https://bench.wordpress.com/{year}/{month:02d}/{day:02d}/post-{number:05d}/</link>"
            f'<guid isPermaLink="false">https://bench.wordpress.com/?p={number + 1}</guid>'
            f"<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>"
            "<wp:status>publish</wp:status>"
            '<category domain="category" nicename="updates"><![CDATA[Updates]]></category>'
            '<category domain="post_tag" nicename="ivig"><![CDATA[IVIG]]></category>'
            f"<content:encoded><![CDATA[{post_body(rng, number)}]]></content:encoded>"
        )

    text = re.sub(r"<wp:post_id>(\d+)</wp:post_id>", fields, text)
    export.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=30000)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    export, _ = write_corpus(arguments.out, arguments.posts, arguments.comments)
    enrich(export)
    content = arguments.out / "wordpress-content"
    shutil.rmtree(content, ignore_errors=True)  # a fresh content folder: the first import writes everything
    command = [sys.executable, "-m", "plugins.wordpress", "import", str(export), "--content", str(content)]
    print(f"{export} ({export.stat().st_size / 1e6:.1f} MB): {arguments.posts} posts, {arguments.comments} comments")
    print(f"{'':28} {'wall':>8} {'cpu':>8}")
    results = {"import": timed(command), "import again (nothing new)": timed(command)}
    for name, (wall, cpu) in results.items():
        print(f"{name:28} {wall:7.2f}s {cpu:7.2f}s")
    cpu = results["import"][1]
    verdict = "met" if cpu <= TARGET_CPU else "MISSED"
    print(f"target: import <= {TARGET_CPU:.0f} s CPU: {verdict} ({cpu:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
