"""A synthetic WordPress blog with many comments, to time the comment importer and the build.

    python -m tests.bench.comments_corpus --posts 1000 --comments 30000 --out /tmp/comments-bench --measure

writes ``export.xml`` (a WXR 1.2 export: threads up to five deep, author replies, some pending, spam and
pingbacks, emails and IPs like a real export) and ``content/posts/*.md``, then with ``--measure`` times
the import into ``content/comments/`` and the site build with and without the comments.
Deterministic: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "infusion",
    "fatigue",
    "nurse",
    "appeal",
    "fever",
    "rest",
    "salt",
    "water",
    "morning",
    "chair",
    "window",
    "family",
    "doctor",
    "heart",
    "pressure",
    "walk",
    "slow",
    "better",
    "worse",
    "week",
    "month",
    "hope",
    "plan",
    "sleep",
    "kind",
    "thanks",
    "reading",
    "friend",
]
NAMES = ["Ana Ruiz", "Ben Cole", "Cara Diaz", "Dev Shah", "Eli Moss", "Fay Lin", "Gus Hart", "Ida Ng", "Jo Park"]
STATUSES = ["1"] * 46 + ["0", "spam", "trash"]
TYPES = [""] * 48 + ["pingback", "trackback"]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_corpus(out: Path, posts: int, comments: int, seed: int = 6) -> tuple[Path, Path]:
    """Write the export and the posts; returns (export path, content folder)."""
    rng = random.Random(seed)
    content = out / "content"
    (content / "posts").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    start = datetime(2015, 1, 1, 12, 0, tzinfo=UTC)
    items = []
    next_id = 1
    per_post = [comments // posts + (1 if n < comments % posts else 0) for n in range(posts)]
    for number in range(posts):
        slug = f"post-{number:05d}"
        date = start + timedelta(days=number * 3)
        body = "\n\n".join(sentence(rng, 40) for _ in range(5))
        (content / "posts" / f"{slug}.md").write_text(
            f"Title: Post {number}\nDate: {date:%Y-%m-%d %H:%M}\nSlug: {slug}\n\n{body}\n", encoding="utf-8"
        )
        thread: list[tuple[int, int]] = []  # (comment id, depth)
        lines = []
        for index in range(per_post[number]):
            parent, depth = 0, 1
            if thread and rng.random() < 0.5:
                parent, parent_depth = rng.choice(thread)
                depth = parent_depth + 1
                if depth > 5:
                    parent, depth = 0, 1
            is_author = parent != 0 and rng.random() < 0.2
            name = "jess" if is_author else rng.choice(NAMES)
            when = date + timedelta(hours=index + 1)
            comment_id = next_id
            next_id += 1
            thread.append((comment_id, depth))
            text = "\n\n".join(sentence(rng, rng.randint(8, 30)) for _ in range(rng.randint(1, 3)))
            lines.append(
                "<wp:comment>"
                f"<wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author><![CDATA[{name}]]></wp:comment_author>"
                f"<wp:comment_author_email>reader{comment_id}@mail.example.com</wp:comment_author_email>"
                f"<wp:comment_author_url>https://reader{comment_id % 50}.example.org/</wp:comment_author_url>"
                f"<wp:comment_author_IP>203.0.113.{comment_id % 250}</wp:comment_author_IP>"
                f"<wp:comment_date>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date>"
                f"<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
                f"<wp:comment_approved>{rng.choice(STATUSES)}</wp:comment_approved>"
                f"<wp:comment_type>{rng.choice(TYPES)}</wp:comment_type>"
                f"<wp:comment_parent>{parent}</wp:comment_parent>"
                f"<wp:comment_user_id>{7 if is_author else 0}</wp:comment_user_id>"
                "</wp:comment>"
            )
        items.append(
            f"<item><title>{escape(f'Post {number}')}</title><dc:creator>jess</dc:creator>"
            f"<wp:post_id>{number + 1}</wp:post_id><wp:post_name>{slug}</wp:post_name>"
            f"<wp:post_type>post</wp:post_type>{''.join(lines)}</item>"
        )
    export = out / "export.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="https://wordpress.org/export/1.2/"><channel><title>Bench</title>'
        "<wp:author><wp:author_id>7</wp:author_id><wp:author_login>jess</wp:author_login></wp:author>"
        + "\n".join(items)
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    return export, content


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system of the child): on a busy machine CPU time is the fairer one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{process.stdout[-2000:]}\n{process.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(out: Path, export: Path, content: Path) -> dict[str, tuple[float, float]]:
    """Import time, then build time with the comments and with COMMENTS_PATH pointing nowhere."""
    python = sys.executable
    archive = content / "comments"
    results = {"import": timed([python, "-m", "plugins.comments", "import", str(export), "--output", str(archive)])}
    results["import again (nothing new)"] = timed(
        [python, "-m", "plugins.comments", "import", str(export), "--output", str(archive)]
    )
    build = [python, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(out / "output")]
    results["build with comments"] = timed(build)
    results["build without comments"] = timed([*build, "-e", 'COMMENTS_PATH="no-comments-here"'])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=30000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--measure", action="store_true", help="time the import and the build")
    arguments = parser.parse_args(argv)
    export, content = write_corpus(arguments.out, arguments.posts, arguments.comments)
    print(f"wrote {export} ({export.stat().st_size / 1e6:.1f} MB) and {arguments.posts} posts in {content}")
    if arguments.measure:
        print(f"{'':28} {'wall':>8} {'cpu':>8}")
        for name, (wall, cpu) in measure(arguments.out, export, content).items():
            print(f"{name:28} {wall:7.2f}s {cpu:7.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
