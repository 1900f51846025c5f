"""The author's own file where a WordPress item would go: linked to the item, nothing else of it changed."""

from __future__ import annotations

from plugins.shared.frontmatter import front_matter_lines
from plugins.wordpress.kept_files import link_kept_file

FIELDS = {"Wordpress-id": "101", "Redirect-from": ["/2019/01/14/ivig/", "/ivig/"]}


def test_a_yaml_block_gets_the_fields_as_its_last_lines(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("---\nTitle: Mine\nDate: 2019-01-14\n---\n\nMy words.\n", encoding="utf-8")
    message = link_kept_file(path, FIELDS, dry_run=False)
    assert path.read_text(encoding="utf-8") == (
        "---\nTitle: Mine\nDate: 2019-01-14\n"
        'Wordpress-id: "101"\nRedirect-from: ["/2019/01/14/ivig/", "/ivig/"]\n'
        "---\n\nMy words.\n"
    )
    assert message == (
        "Added Wordpress-id: 101 and Redirect-from: /2019/01/14/ivig/, /ivig/ to its front matter, so WordPress's "
        "addresses of it lead to it."
    )


def test_pelicans_own_header_gets_the_fields_in_its_own_form_and_line_endings(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(b"Title: Mine\r\nDate: 2019-01-14\r\n\r\nMy words.\r\n")
    link_kept_file(path, FIELDS, dry_run=False)
    assert path.read_bytes() == (
        b"Title: Mine\r\nDate: 2019-01-14\r\nWordpress-id: 101\r\n"
        b"Redirect-from: /2019/01/14/ivig/, /ivig/\r\n\r\nMy words.\r\n"
    )
    assert set(front_matter_lines(path.read_text(encoding="utf-8"))) == {
        "title",
        "date",
        "wordpress-id",
        "redirect-from",
    }


def test_a_field_already_there_is_never_replaced(tmp_path):
    path = tmp_path / "post.md"
    text = "Title: Mine\nRedirect-from: /old/\n\nMy words.\n"
    path.write_text(text, encoding="utf-8")
    link_kept_file(path, FIELDS, dry_run=False)
    assert path.read_text(encoding="utf-8") == text.replace("/old/\n", "/old/\nWordpress-id: 101\n")
    assert link_kept_file(path, FIELDS, dry_run=False).startswith("Its front matter already has")


def test_another_wordpress_id_is_left_and_named(tmp_path):
    path = tmp_path / "post.md"
    text = "Title: Mine\nWordpress-id: 7\n\nMy words.\n"
    path.write_text(text, encoding="utf-8")
    message = link_kept_file(path, {"Wordpress-id": "101"}, dry_run=False)
    assert path.read_text(encoding="utf-8") == text
    assert message == (
        "Its front matter disagrees (it has Wordpress-id: 7, not 101): WordPress's /?p= address leads elsewhere."
    )


def test_a_dry_run_changes_nothing_and_says_what_it_would_add(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("Title: Mine\n\nMy words.\n", encoding="utf-8")
    message = link_kept_file(path, {"Wordpress-id": "101"}, dry_run=True)
    assert path.read_text(encoding="utf-8") == "Title: Mine\n\nMy words.\n"
    assert message.startswith("Would add Wordpress-id: 101 to its front matter")


def test_a_file_it_cannot_edit_safely_gets_an_instruction_instead(tmp_path):
    rst = tmp_path / "post.rst"
    rst.write_text("Mine\n####\n\n:date: 2019-01-14\n", encoding="utf-8")
    headless = tmp_path / "post.md"
    headless.write_text("\nMy words, no header.\n", encoding="utf-8")
    for path in (rst, headless):
        before = path.read_bytes()
        message = link_kept_file(path, {"Wordpress-id": "101"}, dry_run=False)
        assert path.read_bytes() == before
        assert message == (
            "Add Wordpress-id: 101 to its front matter yourself, so WordPress's addresses of it lead to it."
        )
