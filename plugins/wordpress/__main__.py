"""``python -m plugins.wordpress import EXPORT.xml [--media DIR] [--dry-run] [--replace-sample]``, ``... verify``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace

from .importer import Options, run
from .site_pages import site_settings


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m plugins.wordpress", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser("import", help="bring posts, pages, media and comments into content/")
    importer.add_argument("export", type=Path, metavar="EXPORT.xml", help="the WordPress export (WXR) file")
    importer.add_argument("--media", type=Path, help="the media library export, laid out YYYY/MM/name.ext")
    importer.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")
    importer.add_argument(
        "--replace-sample",
        action="store_true",
        help="remove the starter's sample posts, pages, series, glossary and comments (files you edited are kept)",
    )
    importer.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    importer.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="also mark comments by this name or WordPress user id as yours (repeatable; updates earlier imports)",
    )
    checker = commands.add_parser("verify", help="check the built site (output/) against the export")
    checker.add_argument("export", type=Path, metavar="EXPORT.xml")
    checker.add_argument("--output", type=Path, default=Path("output"), help="built site (default: output)")
    checker.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    streams = SimpleNamespace(out=sys.stdout, err=sys.stderr)
    if arguments.command == "verify":
        from .verify import verify

        return verify(arguments.export, arguments.output, arguments.content, streams)
    options = Options(
        export=arguments.export,
        content=arguments.content,
        media=arguments.media,
        dry_run=arguments.dry_run,
        authors=arguments.author,
        replace_sample=arguments.replace_sample,
        settings=site_settings(),
    )
    return run(options, streams)


if __name__ == "__main__":
    sys.exit(main())
