"""Pelican settings for the local build (`make html`, `make devserver`)."""

import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# After a WordPress import, content/wordpress/site.yaml (written by the import, listed in its report, yours to edit
# or delete) sets SITENAME, SITESUBTITLE, AUTHOR, DEFAULT_LANG, TIMEZONE, the header menu and the footer over the
# values below, at the start of each build (plugins/wordpress/site_file.py; README "Moving a WordPress blog here").
AUTHOR = "Jess Marlowe"
SITENAME = "Slow Mending"
SITESUBTITLE = "Living with autoimmune dysautonomia, one infusion at a time"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra/favicon.ico"]
# The theme's icon (a link to theme/static/img/favicon.ico) also at /favicon.ico, where browsers look first.
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
IGNORE_FILES = [".#*", "*.json", "*.yaml", "*.yml"]
# One warning per mistake: the essentials plugin names the post and says what to do for an image without
# alt text, so Pelican's own shorter warning about the same image is left out.
LOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]

THEME = str(ROOT / "theme")
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
DEFAULT_CATEGORY = "Health"

# The plugins are one package, ``plugins`` (see plugins/README.md); Pelican finds it in the repository's root.
PLUGIN_PATHS = [str(ROOT)]
PLUGINS = [
    "plugins.front_matter",
    "plugins.essentials",
    "plugins.speed",
    "plugins.callouts",
    "plugins.glossary",
    "plugins.series",
    "plugins.measures",
    "plugins.comments",
    "plugins.search",
    "plugins.related",
    "plugins.wordpress",
]

# Clean URLs: every page is a folder with index.html, so it works at a site root or a sub-path.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "sitemap", "robots"]
INDEX_SAVE_AS = "index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 8
SUMMARY_MAX_LENGTH = 60

# Feeds: on in both builds (the theme links them); publishconf.py makes them absolute.
# Feeds need absolute links: locally they point at `make devserver`.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# The newest 20 posts per feed (WordPress.com gives 10): feed readers keep what they have already fetched.
FEED_MAX_ITEMS = 20

MENUITEMS = [("Archives", "archives/"), ("Tags", "tags/"), ("Series", "series/"), ("Glossary", "glossary/")]
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Typographic quotes (markdown.extensions.smarty) are off: they cost about 30% of the build
# (tests/bench, 5-8 ms a post). Curly quotes typed in a post are kept as typed.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        # Code blocks coloured by Pygments (classes only; the colours are in main.css); a block without a
        # language stays plain text (no guessing).
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
    },
    "output_format": "html5",
}

# Reproducible builds: no build timestamps, stable ordering.
ARTICLE_ORDER_BY = "reversed-date"
PAGE_ORDER_BY = "basename"
OUTPUT_SOURCES = False
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CACHE_PATH = str(ROOT / "cache")

# Templates are read once per build (each build makes a new Jinja environment, so `make devserver` still
# sees template edits): no stat() of the template file on every include.
# Autoescape: every `{{ ... }}` is escaped unless it is Markup (HTML built safely: a post's content and
# summary, a series' introduction, a glossary definition, comments, charts); see README "Security".
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "auto_reload": False,
    "autoescape": True,
}

# Theme settings.
READING_WORDS_PER_MINUTE = 200
# The footer's "SITENAME is written by AUTHOR." and its link to the medical disclaimer ("": no disclaimer sentence).
FOOTER_IDENTITY = True
DISCLAIMER_URL = "disclaimer/"
CONTACT_NOTE = "Comments are closed on this static site. To reach me, write to the address on the About page."
# Replies by e-mail (plugins/comments): set an address made for comments to get "Reply by e-mail" links.
# COMMENTS_EMAIL = "comments@example.org"
USE_FOLDER_AS_CATEGORY = False

# Glossary links (plugins/glossary): "first" occurrence per post, "every" one, or "off".
GLOSSARY_FILE = "glossary.yaml"
GLOSSARY_DEFAULT_MODE = "first"
