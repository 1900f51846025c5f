"""``--media`` never follows a symlink: only regular files inside the media folder are copied, each refused one
is a line of the report, and the counts are true. ``content/images`` leading out of the content folder is one
clear message, not a traceback. (Issue 30, item 4.)"""

from __future__ import annotations

import os
from pathlib import Path

from tests.functional.test_wordpress import HEAD, PNG, cli, item

UPLOADS = "https://slowmending.files.wordpress.com"
NAMES = ("2019/01/chair.jpg", "2019/01/passwd.jpg", "2019/01/key.jpg", "2019/02/passwd", "2019/01/fifo.jpg")


def export_with_media(folder: Path) -> Path:
    images = "".join(
        f'<p><img src="{UPLOADS}/{name}" alt="picture {number}"/></p>' for number, name in enumerate(NAMES)
    )
    path = folder / "export.xml"
    path.write_text(HEAD + item("201", "photos", "Photos", images) + "</channel></rss>\n", encoding="utf-8")
    return path


def hostile_media(folder: Path, secret: Path) -> Path:
    """One real photo; a symlink to /etc/passwd, one to a key file, a month folder that is a symlink to /etc,
    and a named pipe (reading it would hang)."""
    media = folder / "media"
    (media / "2019" / "01").mkdir(parents=True)
    (media / "2019" / "01" / "chair.jpg").write_bytes(PNG)
    (media / "2019" / "01" / "passwd.jpg").symlink_to("/etc/passwd")
    (media / "2019" / "01" / "key.jpg").symlink_to(secret)
    (media / "2019" / "02").symlink_to("/etc")
    os.mkfifo(media / "2019" / "01" / "fifo.jpg")
    return media


def test_symlinks_in_the_media_folder_are_never_followed(tmp_path):
    secret = tmp_path / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY----- secret\n", encoding="utf-8")
    media = hostile_media(tmp_path, secret)
    content = tmp_path / "content"
    code, out, err = cli("import", str(export_with_media(tmp_path)), "--media", str(media), "--content", str(content))
    assert code == 0, err
    assert "Traceback" not in out + err
    copied = sorted(path.relative_to(content / "images").as_posix() for path in (content / "images").rglob("*"))
    assert copied == ["2019", "2019/01", "2019/01/chair.jpg"]
    assert (content / "images" / "2019" / "01" / "chair.jpg").read_bytes() == PNG
    for path in content.rglob("*"):
        assert not path.is_symlink(), path
        if path.is_file():
            data = path.read_bytes()
            assert b"root:x:0:0" not in data and b"PRIVATE KEY" not in data, path
    report = (content / "wordpress" / "import-report.txt").read_text(encoding="utf-8")
    assert report.startswith(out.rstrip("\n") + "\n")  # the printed summary, then every line
    assert "media files used by posts: 1 copied, 0 already there, 0 missing, 4 refused" in report
    refused = report.split("Media refused")[1].split("\n\n")[0]
    assert "  2019/01/passwd.jpg: not copied: passwd.jpg is a symlink" in refused
    assert "  2019/01/key.jpg: not copied: key.jpg is a symlink" in refused
    assert "  2019/02/passwd: not copied: 02 is a symlink" in refused
    assert "  2019/01/fifo.jpg: not copied: not a regular file" in refused
    # The post links the refused images to their old address instead of showing them.
    post = (content / "posts" / "2019-01-14-photos.md").read_text(encoding="utf-8")
    assert "{static}/images/2019/01/chair.jpg" in post
    assert "\\[Image: picture 1\\]" in post and "passwd.jpg" not in post  # its words; the address in the report only


def test_content_images_leading_out_of_the_content_folder_is_one_clear_message(tmp_path):
    media = tmp_path / "media"
    (media / "2019" / "01").mkdir(parents=True)
    (media / "2019" / "01" / "chair.jpg").write_bytes(PNG)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    content = tmp_path / "content"
    content.mkdir()
    (content / "images").symlink_to(elsewhere)
    code, out, err = cli("import", str(export_with_media(tmp_path)), "--media", str(media), "--content", str(content))
    assert code == 1
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {content / 'images'} leads to {elsewhere}")
    assert "make it a real folder" in lines[0]
    assert list(elsewhere.iterdir()) == []
    assert sorted(path.name for path in content.iterdir()) == ["images"]  # nothing written
