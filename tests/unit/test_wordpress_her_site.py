"""Her site's settings after a WordPress import: the time zone guessed from the posts' offsets, the
``site.yaml`` file each build reads, and the starter sample's manifest (issue #26, item 7)."""

from __future__ import annotations

import logging
from datetime import datetime

from plugins.wordpress.sample import remove_sample, sample_files, sample_state, write_manifest
from plugins.wordpress.site_file import settings_from_site_file
from plugins.wordpress.time_zone import guess_zone
from tests.sitebuild import ROOT

WINTER = (datetime(2019, 1, 14, 10), datetime(2019, 1, 14, 9))  # local, GMT: UTC+1
SUMMER = (datetime(2019, 7, 14, 10), datetime(2019, 7, 14, 8))  # UTC+2


def test_the_zone_whose_rules_give_every_post_its_offset_is_chosen():
    guess = guess_zone([WINTER, SUMMER], "fr-FR")
    assert guess.zone == "Europe/Paris"
    assert "+01:00, +02:00" in guess.why


def test_the_sites_zone_stays_when_it_already_gives_every_post_its_offset():
    chicago = [
        (datetime(2019, 1, 14, 10), datetime(2019, 1, 14, 16)),
        (datetime(2019, 7, 1, 10), datetime(2019, 7, 1, 15)),
    ]
    assert guess_zone(chicago, "", "America/Chicago").zone == "America/Chicago"
    assert guess_zone(chicago, "", "").zone == ""  # -6 and -5 and no language: no candidate, a suggestion
    assert guess_zone([WINTER, SUMMER], "fr-FR", "America/Chicago").zone == "Europe/Paris"


def test_one_offset_all_year_is_kept_as_a_fixed_offset_with_the_tz_databases_inverted_sign():
    winter_only = [WINTER, (datetime(2019, 12, 1, 10), datetime(2019, 12, 1, 9))]
    assert guess_zone(winter_only, "ja").zone == "Etc/GMT-1"  # UTC+1; no zone of Japan fits
    assert guess_zone([(datetime(2019, 7, 1, 9), datetime(2019, 7, 1, 9))] * 2, "en").zone == "UTC"


def test_offsets_no_zone_explains_are_a_suggestion_not_a_change():
    mixed = [WINTER, SUMMER, (datetime(2019, 8, 1, 10), datetime(2019, 8, 1, 10))]  # a hand-set +00:00 in August
    guess = guess_zone(mixed, "fr-FR")
    assert guess.zone == ""
    assert "closest: Europe/Paris, right for 2 of them" in guess.why
    assert guess_zone([], "fr").zone == ""


def test_a_half_hour_offset_without_a_fitting_zone_is_not_forced():
    india = [(datetime(2019, 1, 1, 10, 30), datetime(2019, 1, 1, 5))]
    assert guess_zone(india, "en-IN").zone == "Asia/Kolkata"
    assert guess_zone(india, "fr").zone == ""  # no Etc/ zone has +05:30


def test_site_file_sets_its_keys_and_puts_her_menu_first(tmp_path):
    path = tmp_path / "site.yaml"
    path.write_text(
        'SITENAME: "Carnet"\nTIMEZONE: "Europe/Paris"\nHEADER_MENU: [["Qui suis-je", "about/"]]\n'
        'MENU_LEFT_OUT: ["series/"]\nDISPLAY_PAGES_ON_MENU: false\n',
        encoding="utf-8",
    )
    menu = [("Archives", "archives/"), ("Series", "series/"), ("About", "about/")]
    found = settings_from_site_file(path, {"MENUITEMS": menu})
    assert found == {
        "SITENAME": "Carnet",
        "TIMEZONE": "Europe/Paris",
        "DISPLAY_PAGES_ON_MENU": False,
        "MENUITEMS": [("Qui suis-je", "about/"), ("Archives", "archives/")],
    }
    assert settings_from_site_file(tmp_path / "absent.yaml", {}) == {}


def test_a_bad_value_is_one_warning_naming_the_file_and_key_and_is_not_used(tmp_path, caplog):
    path = tmp_path / "site.yaml"
    path.write_text('TIMEZONE: "Paris"\nSITENAME: "Carnet"\nTHEME: "/tmp/x"\nFOOTER_IDENTITY: "no"\n', "utf-8")
    with caplog.at_level(logging.WARNING):
        found = settings_from_site_file(path, {})
    assert found == {"SITENAME": "Carnet"}
    messages = [record.getMessage() for record in caplog.records]
    assert f"{path}: TIMEZONE: 'Paris' is not a time zone (e.g. Europe/Paris); the value in pelicanconf.py is used" in (
        messages
    )
    assert any("THEME: not a setting this file may change" in message for message in messages)
    assert any("FOOTER_IDENTITY: not true or false" in message for message in messages)


def test_broken_yaml_names_the_line_and_changes_nothing(tmp_path, caplog):
    path = tmp_path / "site.yaml"
    path.write_text('SITENAME: "Carnet"\nAUTHOR: [unclosed\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert settings_from_site_file(path, {}) == {}
    assert f"{path}:3: not valid YAML" in caplog.records[0].getMessage()


def test_the_manifest_is_the_starters_sample_as_shipped():
    state = sample_state(ROOT / "content")
    assert sorted(state.untouched) == sorted(sample_files()) and not state.edited, (
        f"content/ changed: {state.edited}; run plugins.wordpress.sample.write_manifest to list the sample again"
    )
    assert "pages/404.md" not in sample_files() and "extra/favicon.ico" not in sample_files()


def test_a_symlink_or_an_edited_file_at_a_sample_path_is_hers(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "a.md").write_text("sample\n", encoding="utf-8")
    (content / "posts" / "b.md").write_text("sample\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("sample\n", encoding="utf-8")
    (content / "posts" / "c.md").symlink_to(tmp_path / "outside.md")
    manifest = tmp_path / "manifest.json"
    write_manifest(content, ["posts/a.md", "posts/b.md", "posts/c.md"], manifest)  # c.md: same bytes, via the link
    (content / "posts" / "b.md").write_text("sample, and my words\n", encoding="utf-8")
    lines = remove_sample(content, dry_run=False, manifest=manifest)
    assert not (content / "posts" / "a.md").exists()
    assert (content / "posts" / "b.md").read_text(encoding="utf-8") == "sample, and my words\n"
    assert lines == [
        "Removed 1 file(s) of the starter's sample: posts 1",
        "posts/b.md: a file of the starter's sample that you edited: kept (delete it yourself if it is not yours)",
        "posts/c.md: a file of the starter's sample that you edited: kept (delete it yourself if it is not yours)",
    ]
    assert (content / "posts" / "c.md").is_symlink() and (tmp_path / "outside.md").exists()
