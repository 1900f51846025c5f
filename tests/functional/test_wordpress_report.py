"""The import report she can read (issue #26, item 8): "Needs you: N" first, then groups with a count and the
first few examples each (never one line per shortcode or per pingback), every line in the kept report file;
``make import-wordpress FILE=... DRY_RUN=1`` writes nothing and ``make verify-wordpress`` checks the site."""

from __future__ import annotations

import re
import subprocess

from tests.functional.test_wordpress import HEAD, cli, comment, item
from tests.sitebuild import ROOT


def pingback(number: int) -> str:
    return comment(str(100 + number), f"Blog {number}", "", f"linked {number}", "2019-01-15 10:00:00").replace(
        "<wp:comment_type></wp:comment_type>", "<wp:comment_type>pingback</wp:comment_type>"
    )


def noisy_export(folder):
    """Ten posts, each with two unknown shortcodes, a missing upload and a hotlinked image; twelve pingbacks."""
    items = [
        item(
            str(300 + number),
            f"day-{number}",
            f"Day {number}",
            f'Rested. [mystery-box size="{number}"] [poll id="{number}"]\n\n'
            f'<img src="https://slowmending.files.wordpress.com/2019/01/day-{number}.jpg" alt="Day {number}"/>\n\n'
            f'<img src="https://i.imgur.com/day{number}.png" alt="Elsewhere {number}"/>',
            local=f"2019-01-{10 + number:02d} 10:00:00",
            gmt=f"2019-01-{10 + number:02d} 16:00:00",
            extra="".join(pingback(number * 2 + extra) for extra in range(2)) if number < 6 else "",
        )
        for number in range(10)
    ]
    path = folder / "noisy.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path


def test_the_printed_report_puts_what_needs_her_first_grouped_with_a_few_examples(tmp_path):
    content = tmp_path / "content"
    code, out, _ = cli("import", str(noisy_export(tmp_path)), "--content", str(content))
    assert code == 0
    lines = out.splitlines()
    assert lines[2] == "Needs you: 30"  # 10 missing uploads + 10 hotlinked images + 10 posts with shortcodes
    assert "  10 media file(s) not found (not in --media)" in out
    assert "  10 image(s) from other sites, shown to readers as their words" in out
    assert "  10 post(s) with unknown shortcodes, kept as text ([mystery-box] ×10, [poll] ×10): edit or delete" in out
    assert "    - 'Day 0' (posts/2019-01-10-day-0.md): [mystery-box], [poll]" in out
    assert out.count("    ... and 7 more (see Details)") == 3  # three examples of each group, not ten
    assert "Comments: 12 in = 0 imported + 0 already in the archive + 12 skipped (12 pingback)" in out
    assert "pingback" not in out.replace("(12 pingback)", "")  # no line per pingback
    assert out.index("Needs you") < out.index("Imported:")
    kept_path = content / "wordpress" / "import-report.txt"
    assert lines[-1] == f"Details: every line in {kept_path.as_posix()}"
    assert len(lines) < 40
    kept = kept_path.read_text(encoding="utf-8")
    assert kept.startswith(out.rstrip("\n"))  # the same summary, then every line
    assert len(re.findall(r"^  \[mystery-box\] in 'Day \d' \(posts/", kept, re.MULTILINE)) == 10
    assert len(re.findall(r"skipped comment 1\d\d .*: pingback$", kept, re.MULTILINE)) == 12
    every_line = kept.partition("\nDetails (every line)\n")[2]
    assert every_line.count("https://i.imgur.com/day") == 10 and every_line.count("2019/01/day-") == 10


def test_a_clean_import_needs_nothing(tmp_path):
    export = tmp_path / "clean.xml"
    export.write_text(HEAD + item("1", "rest", "Rest", "Rested today.") + "</channel></rss>\n", encoding="utf-8")
    code, out, _ = cli("import", str(export), "--content", str(tmp_path / "content"))
    assert code == 0 and "Needs you: 0 (nothing to do)" in out and "For your information" not in out


def make(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_make_import_wordpress_with_dry_run_writes_nothing(tmp_path):
    content = tmp_path / "content"
    result = make("import-wordpress", f"FILE={noisy_export(tmp_path)}", f"CONTENT={content}", "DRY_RUN=1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "WordPress import of noisy.xml (https://slowmending.wordpress.com) -- dry run, nothing written" in result.stdout
    )
    assert "Needs you: 30" in result.stdout and "Details: none written (dry run)" in result.stdout
    assert not content.exists()


def test_make_import_then_verify_wordpress(tmp_path):
    from tests.sitebuild import build_site

    content, output = tmp_path / "content", tmp_path / "output"
    export = tmp_path / "one.xml"
    export.write_text(
        HEAD + item("1", "rest", "Rest", "Rested today, slowly.") + "</channel></rss>\n", encoding="utf-8"
    )
    result = make("import-wordpress", f"FILE={export}", f"CONTENT={content}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (content / "posts" / "2019-01-14-rest.md").is_file()
    assert build_site(output, content).returncode == 0
    result = make("verify-wordpress", f"FILE={export}", f"CONTENT={content}", f"OUTPUT={output}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Content: 1 of 1 published post(s) and 0 of 0 page(s) faithful" in result.stdout
