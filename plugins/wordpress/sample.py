"""The starter's sample content: recognised by digest, replaced by hers, removed on request.

``starter_sample.json`` lists every file of the sample (posts, pages, series, glossary, comments, images)
with the BLAKE2 digest of its bytes as shipped. A file at one of those paths whose bytes still match is the
untouched sample; any other (edited by her, or not a regular file) is hers and is never removed: it is kept
and reported. Two uses:

- ``give_way``: an untouched sample file where her import writes one of her published pages or posts
  (``pages/about.md``) is removed first, so her WordPress version is written there (her About page wins);
- ``remove_sample`` (``import --replace-sample``): every untouched sample file is removed in one step.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = Path(__file__).with_name("starter_sample.json")


@dataclass
class SampleState:
    """Which sample files are still as shipped (``untouched``) and which were edited (``edited``)."""

    untouched: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.untouched)


def file_digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def sample_files(manifest: Path = MANIFEST) -> dict[str, str]:
    """Relative path (``posts/...md``) -> digest of the file as the starter ships it."""
    return dict(json.loads(manifest.read_text(encoding="utf-8"))["files"])


def sample_state(content: Path, manifest: Path = MANIFEST) -> SampleState:
    state = SampleState()
    root = content.resolve()
    for name, shipped in sample_files(manifest).items():
        path = content / name
        if not path.exists() and not path.is_symlink():
            continue
        inside = path.resolve().is_relative_to(root)
        if inside and path.is_file() and not path.is_symlink() and file_digest(path) == shipped:
            state.untouched.append(name)
        else:
            state.edited.append(name)
    return state


def give_way(content: Path, paths: set[str], dry_run: bool, manifest: Path = MANIFEST) -> list[str]:
    """Remove each untouched sample file at one of ``paths`` (where her import writes); a line for each."""
    lines = []
    for name in sample_state(content, manifest).untouched:
        if name in paths:
            if not dry_run:
                (content / name).unlink()
            done = "would be replaced" if dry_run else "replaced"
            lines.append(f"{name}: the starter's sample, untouched, {done} by your WordPress version")
    return lines


def remove_sample(
    content: Path, dry_run: bool, manifest: Path = MANIFEST, handled: frozenset = frozenset()
) -> list[str]:
    """Remove every untouched sample file but those ``handled`` already (``give_way``); lines saying what was
    removed and which edited files were kept."""
    state = sample_state(content, manifest)
    state.untouched = [name for name in state.untouched if name not in handled]
    for name in state.untouched:
        if not dry_run:
            (content / name).unlink()
    lines = []
    if state.untouched:
        verb = "Would remove" if dry_run else "Removed"
        lines.append(f"{verb} {len(state.untouched)} file(s) of the starter's sample: {_grouped(state.untouched)}")
    lines += [
        f"{name}: a file of the starter's sample that you edited: kept (delete it yourself if it is not yours)"
        for name in state.edited
    ]
    return lines


def _grouped(names: list[str]) -> str:
    """``3 posts, 1 page, ...``: the files counted by folder."""
    counts: dict[str, int] = {}
    for name in names:
        folder = name.split("/", 1)[0] if "/" in name else name
        counts[folder] = counts.get(folder, 0) + 1
    return ", ".join(f"{folder} {count}" for folder, count in counts.items())


def write_manifest(content: Path, names: list[str], manifest: Path = MANIFEST) -> None:
    """List ``names`` (files under ``content``) with their digests: run when the starter's sample changes."""
    files = {name: file_digest(content / name) for name in sorted(names)}
    document = {"about": "the starter's sample content as shipped (plugins/wordpress/sample.py)", "files": files}
    manifest.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
