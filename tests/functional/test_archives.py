"""The archives page: a year-at-a-glance overview (posts per year, twelve months each) above the full list."""

from __future__ import annotations

from collections import Counter

from tests.sitebuild import source_documents

PUBLISHED = [post for post in source_documents("posts") if post.status == "published"]
PER_YEAR = Counter(post.metadata["date"].year for post in PUBLISHED)
PER_MONTH = Counter((post.metadata["date"].year, post.metadata["date"].month) for post in PUBLISHED)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def overview(site):
    return site.html("archives/").select_one("section.archive-overview")


def test_the_sample_has_the_years_the_tests_expect():
    assert PER_YEAR == {2019: 8, 2018: 2}


def test_one_line_per_year_newest_first_with_its_post_count(site):
    years = overview(site).select(".year-summary")
    titles = [year.select_one(".year-summary-title").get_text(" ", strip=True) for year in years]
    assert titles == ["2019 8 posts", "2018 2 posts"]
    assert [year.select_one(".year-summary-title a")["href"] for year in years] == ["#year-2019", "#year-2018"]


def test_twelve_months_per_year_linked_only_when_there_are_posts(site):
    page = site.html("archives/")
    for year_item in page.select(".year-summary"):
        year = int(year_item.select_one(".year-summary-title a").get_text())
        months = year_item.select(".month-overview > li")
        assert [month.find(attrs={"aria-hidden": "true"}).get_text() for month in months] == MONTHS
        for number, month in enumerate(months, start=1):
            count = PER_MONTH[(year, number)]
            link = month.find("a")
            spoken = month.select_one(".visually-hidden").get_text()
            if count:
                assert link is not None, (year, number)
                assert link["href"] == f"#month-{year}-{number:02d}"
                assert page.find(id=link["href"][1:]) is not None, "the anchor exists in the detailed list"
                assert spoken.endswith(f"{year}: {count} post{'s' if count > 1 else ''}")
            else:
                assert link is None, (year, number)
                assert month.select_one(".month-empty") is not None
                assert spoken.endswith(f"{year}: no posts")


def test_the_spoken_month_name_is_the_full_name(site):
    march = overview(site).select(".year-summary")[0].select(".month-overview > li")[2]
    assert march.get_text("", strip=True) == "MarMarch 2019: 2 posts"
    assert march.a.get_text() == "MarMarch 2019: 2 posts"


def test_the_detailed_list_still_follows_with_every_post(site):
    page = site.html("archives/")
    detailed = page.select("section.archive-year")
    assert [section.h2["id"] for section in detailed] == ["year-2019", "year-2018"]
    assert sum(len(section.select(".archive-list li")) for section in detailed) == len(PUBLISHED)
    assert page.find("a", string="Search the posts")["href"] == "../search/"
