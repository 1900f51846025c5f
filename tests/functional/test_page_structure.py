"""Every HTML page a reader can open has a title, a language, one h1 and the landmarks."""

from __future__ import annotations

LANDMARKS = ("header", "nav", "main", "footer")


def structure_problems(soup) -> list[str]:
    problems = []
    if not (soup.html and soup.html.get("lang", "").strip()):
        problems.append("no lang attribute on <html>")
    if not (soup.title and soup.title.get_text(strip=True)):
        problems.append("no <title>")
    headings = soup.find_all("h1")
    if len(headings) != 1:
        problems.append(f"{len(headings)} h1 elements instead of one")
    problems += [f"no <{landmark}>" for landmark in LANDMARKS if not soup.find(landmark)]
    if len(soup.find_all("main")) > 1:
        problems.append("more than one <main>")
    return problems


def test_every_page_has_title_lang_one_h1_and_landmarks(site):
    problems = []
    for path in site.html_files():
        relative = str(path.relative_to(site.output))
        problems += [f"{relative}: {problem}" for problem in structure_problems(site.html(relative))]
    assert not problems, "\n".join(problems)


def test_the_structure_check_names_what_is_missing():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup("<html><title></title><h1>a</h1><h1>b</h1><main></main><main></main></html>", "html.parser")
    assert structure_problems(soup) == [
        "no lang attribute on <html>",
        "no <title>",
        "2 h1 elements instead of one",
        "no <header>",
        "no <nav>",
        "no <footer>",
        "more than one <main>",
    ]
