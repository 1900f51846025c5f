"""The redirect pages speak the site's language (issue #26, item 7), and a later build still knows them."""

from __future__ import annotations

from plugins.wordpress.redirects import Redirect, looks_like_redirect_page, redirect_page

REDIRECT = Redirect("2019/07/14/nuit-blanche/", "2019/07/nuit-blanche/", "Nuit blanche", "posts/x.md")


def test_a_french_site_gets_a_french_redirect_page():
    page = redirect_page(REDIRECT, "", "fr")
    assert '<html lang="fr">' in page
    assert "<title>Page déplacée: Nuit blanche</title>" in page
    assert '<h1>Cette page a déménagé</h1>\n<p><a href="../../nuit-blanche/">Nuit blanche</a></p>' in page


def test_a_language_without_its_phrases_marks_the_english_sentence():
    page = redirect_page(REDIRECT, "", "ja")
    assert '<html lang="ja">' in page
    assert '<h1><span lang="en">This page has moved</span></h1>\n<p><a href="../../nuit-blanche/">' in page


def test_redirect_pages_of_every_language_are_recognised_and_nothing_else():
    for lang in ("en", "fr", "de", "ja"):
        assert looks_like_redirect_page(redirect_page(REDIRECT, "", lang).encode("utf-8")[:4096])
    assert not looks_like_redirect_page(b"<!doctype html>\n<html><p>This page has moved on, and so have I.</p>")
    assert not looks_like_redirect_page(b"<!DOCTYPE html>\n<p>Cette page a d\xc3\xa9m\xc3\xa9nag\xc3\xa9: <a>")
