"""Production settings (`make publish`): absolute URLs and feeds on."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = (os.environ.get("SITEURL") or "https://slowmending.example.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
# Drafts are previewed locally at /drafts/<slug>/ but never published.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
