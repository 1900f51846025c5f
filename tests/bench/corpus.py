"""A deterministic synthetic blog for the build benchmark.

``generate(dest, posts=1000)`` writes ``dest/content/`` (posts, pages, series files, the glossary, the
comment archives) and ``dest/corpus.json`` (what was written, for the benchmark and its tests). The same
seed gives the same bytes. Run ``python -m tests.bench.corpus DEST --posts N`` to look at one.

The formats the plugins read live in one function each, so they can follow the plugins at merge time:
``glossary_document`` (the glossary file), ``series_document`` (a series file), ``post_document`` (a post's
front matter) and ``comment_archive`` (one comment archive).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

DEFAULT_SEED = 20190114
DEFAULT_POSTS = 1000
COMMENTS_PER_POST = 30  # 30,000 comments at the default 1,000 posts
GLOSSARY_TERMS = 150
TAG_COUNT = 40
FIRST_YEAR = 2015  # ten years of posts: 2015 to 2024
YEARS = 10
CALLOUT_EVERY = 10  # one post in ten carries a scenario callout group
MAX_COMMENT_DEPTH = 5
COMMENTS_END = datetime(FIRST_YEAR + YEARS + 1, 1, 1, tzinfo=UTC)  # a year after the last post
BLOG_AUTHOR = "Jess Marlowe"

GLOSSARY_FILE = "glossary.yaml"
SCENARIOS = ("best-case", "most-likely", "worst-case")
MEASURES = {  # the series plugin's measure declarations (the measures plugin)
    "fever_days": "label=Fever days; unit=days; better=lower; min=0; max=31",
    "hours_upright": "label=Hours upright per day; unit=hours; better=higher; min=0; max=24",
    "energy": "label=Energy score; unit=out of 10; better=higher; min=0; max=10",
}


@dataclass
class Spec:
    """What one corpus holds; ``Spec.for_posts(n)`` scales the series down for tiny smoke corpora."""

    posts: int = DEFAULT_POSTS
    seed: int = DEFAULT_SEED
    comments: int = DEFAULT_POSTS * COMMENTS_PER_POST
    series: int = 5
    updates_per_series: int = 24
    glossary_terms: int = GLOSSARY_TERMS
    tags: int = TAG_COUNT

    @classmethod
    def for_posts(cls, posts: int, seed: int = DEFAULT_SEED, comments: int | None = None) -> Spec:
        updates = min(24, max(3, posts // 40))
        series = min(5, max(1, posts // (2 * updates)))
        return cls(
            posts=posts,
            seed=seed,
            comments=posts * COMMENTS_PER_POST if comments is None else comments,
            series=series,
            updates_per_series=updates,
        )


@dataclass
class Term:
    name: str
    slug: str
    definition: str
    expansion: str | None = None
    aliases: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class Post:
    index: int
    slug: str
    title: str
    date: datetime
    category: str
    tags: list[str]
    summary: str
    series: str | None = None
    month: str | None = None
    scenario: str | None = None
    terms: list[str] = field(default_factory=list)  # glossary slugs used in the body
    callouts: int = 0
    words: int = 0
    measures: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"


# --------------------------------------------------------------------------------------------------------
# The formats the plugins read. Keep each in this one place.
# --------------------------------------------------------------------------------------------------------


def glossary_document(terms: list[Term]) -> str:
    """The glossary file (``content/glossary.yaml``): a YAML list of entries.

    Keys: name, slug, expansion (abbreviations only), aliases (when any), definition, related (names).
    """
    entries = []
    for term in terms:
        entry: dict = {"name": term.name, "slug": term.slug}
        if term.expansion:
            entry["expansion"] = term.expansion
        if term.aliases:
            entry["aliases"] = list(term.aliases)
        entry["definition"] = term.definition
        if term.related:
            entry["related"] = list(term.related)
        entries.append(entry)
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=10**6)


def series_document(title: str, start: str, origin: str | None, skipped: list[str], introduction: str) -> str:
    """One series file (``content/series/<slug>.md``), with the measures its updates report."""
    lines = [f"Title: {title}", "Cadence: monthly", f"Start: {start}"]
    if origin:
        lines.append(f"Origin: {origin}")
    lines.append("Month-label: Month {n} of treatment")
    lines += [f"Skipped: {month} — too unwell to write" for month in skipped]
    lines += [f"Measure-{key}: {declaration}" for key, declaration in MEASURES.items()]
    return "\n".join(lines) + "\n\n" + introduction + "\n"


def post_document(post: Post, body: str) -> str:
    """One post: Pelican's own ``Key: value`` front matter (bare Pelican reads it too), then Markdown."""
    lines = [
        f"Title: {post.title}",
        f"Date: {post.date:%Y-%m-%d %H:%M}",
        f"Slug: {post.slug}",
        f"Category: {post.category}",
        f"Tags: {', '.join(post.tags)}",
        f"Summary: {post.summary}",
    ]
    if post.series:
        lines += [f"Series: {post.series}", f"Month: {post.month}"]
    if post.scenario:
        lines.append(f"Scenario: {post.scenario}")
    if post.measures:
        lines.append("Measures: " + "; ".join(f"{key}={value}" for key, value in post.measures.items()))
    return "\n".join(lines) + "\n\n" + body


def comment_archive(comments: list[dict]) -> str:
    """One comment archive (``content/comments/<post-slug>.json``, plugins/comments/schema.json).

    Each record: id (int), parent (int or None), author, url (or None), is_author, date (aware datetime),
    body (HTML), likes.
    """
    document = {
        "schema_version": 2,
        "comments": [
            {
                "id": str(comment["id"]),
                "parent": None if comment["parent"] is None else str(comment["parent"]),
                "author": comment["author"],
                **({"author_url": comment["url"]} if comment["url"] else {}),
                "is_author": comment["is_author"],
                "date": comment["date"].isoformat(),
                "body": comment["body"],
                "likes": comment["likes"],
                "source": "wxr",
            }
            for comment in comments
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------------

KNOWN_TERMS = [
    ("IVIG", "intravenous immunoglobulin", ["IVIg"]),
    ("SCIG", "subcutaneous immunoglobulin", ["SCIg"]),
    ("POTS", "postural orthostatic tachycardia syndrome", []),
    ("EDS", "Ehlers-Danlos syndrome", []),
    ("MCAS", "mast cell activation syndrome", []),
    ("ANA", "antinuclear antibody", []),
    ("CRP", "C-reactive protein", []),
    ("ESR", "erythrocyte sedimentation rate", []),
    ("EMG", "electromyography", []),
    ("QSART", "quantitative sudomotor axon reflex test", []),
    ("MRI", "magnetic resonance imaging", []),
    ("PICC line", "peripherally inserted central catheter", ["PICC"]),
    ("immunoglobulin", None, ["immunoglobulins"]),
    ("plasma", None, []),
    ("dysautonomia", None, []),
    ("Sjogren's syndrome", None, ["Sjögren's syndrome", "Sjögren syndrome"]),
    ("autoimmune disease", None, ["autoimmune diseases"]),
    ("aseptic meningitis", None, []),
    ("meningitis", None, []),
    ("tachycardia", None, []),
    ("desmopressin", None, []),
    ("off-label use", None, ["off-label"]),
    ("prior authorization", None, ["prior auth"]),
    ("insurance appeal", None, ["appeal letter"]),
    ("neuropathy", None, ["small fiber neuropathy"]),
    ("infusion", None, ["infusions"]),
    ("midodrine", None, []),
    ("fludrocortisone", None, []),
    ("tilt table test", None, ["tilt test"]),
    ("orthostatic intolerance", None, []),
    ("premedication", None, ["premeds"]),
    ("saline", None, []),
    ("compression garments", None, []),
    ("salt loading", None, []),
    ("flare", None, []),
    ("rheumatologist", None, []),
    ("neurologist", None, []),
    ("infusion nurse", None, []),
    ("blood pressure", None, []),
    ("antibody", None, ["antibodies"]),
]

WORD_SYLLABLES = ["ra", "ve", "lo", "min", "tor", "sa", "ke", "dri", "pho", "cy", "lan", "mer", "zo", "ti", "ba"]
TERM_KINDS = [
    "syndrome",
    "test",
    "therapy",
    "deficiency",
    "panel",
    "receptor",
    "reflex",
    "scan",
    "antibody test",
    "protocol",
    "disorder",
    "score",
]
TAGS = [
    "IVIG",
    "POTS",
    "dysautonomia",
    "Sjogren's",
    "insurance",
    "fatigue",
    "fevers",
    "sleep",
    "family",
    "doctors",
    "hospital",
    "infusions",
    "medications",
    "side effects",
    "salt",
    "exercise",
    "diet",
    "travel",
    "work",
    "pacing",
    "books",
    "garden",
    "weather",
    "winter",
    "summer",
    "mental health",
    "friends",
    "research",
    "advocacy",
    "paperwork",
    "lab results",
    "neurology",
    "rheumatology",
    "home care",
    "equipment",
    "wheelchair",
    "good days",
    "bad days",
    "anniversaries",
    "updates",
]
CATEGORIES = ["Health", "Treatment", "Treatment updates", "Daily life", "Insurance", "Reading"]
OPENERS = [
    "This week",
    "Most mornings",
    "After the last appointment",
    "On a slow afternoon",
    "Since the spring",
    "Every few days",
    "When the weather turned",
    "Looking back",
    "For the first time in months",
    "Before the next visit",
]
SUBJECTS = [
    "my energy",
    "the fevers",
    "my blood pressure",
    "the dizziness",
    "the nausea",
    "my sleep",
    "the burning in my feet",
    "the brain fog",
    "my heart rate",
    "the headaches",
    "the paperwork",
    "the garden",
    "my family",
    "the new routine",
]
VERBS = [
    "stayed about the same",
    "improved a little",
    "got worse for a while",
    "surprised everyone",
    "asked for more patience than I had",
    "settled into a pattern",
    "came and went without warning",
    "needed a new plan",
    "turned out better than I feared",
    "took most of the week",
]
TAILS = [
    "and I wrote it all down in the notebook",
    "so I rested more than I wanted to",
    "which my doctor expected",
    "though nobody can say why",
    "and the cat did not mind at all",
    "while the kettle boiled twice",
    "and I tried not to read too much into it",
    "so we moved dinner to the couch",
    "which made the evenings easier",
    "and I am keeping count",
]
LINK_TEXTS = ["a patient guide", "the society's page", "this summary", "an older post", "the clinic's notes"]
LIST_ITEMS = [
    "drink water before standing up",
    "keep the compression socks by the bed",
    "write the questions down before the visit",
    "take the slow stairs, not the fast ones",
    "rest before the tiredness arrives",
    "bring snacks and a charger to the infusion",
    "ask for copies of every letter",
    "check the pharmacy order twice",
    "leave one evening a week empty",
    "say no to the second errand",
    "keep the pill organiser filled on Sundays",
    "call the nurse line before the weekend",
]
HEADINGS = [
    "How the weeks went",
    "What the doctors said",
    "Small wins",
    "What did not work",
    "Numbers",
    "Questions for next time",
    "At home",
    "What I am trying next",
    "Paperwork",
    "A note to family",
]
TITLE_STARTS = [
    "Notes on",
    "A week of",
    "Living with",
    "Thinking about",
    "Another round of",
    "Learning about",
    "Slow days and",
    "What I know about",
]
TITLE_ENDS = [
    "rest",
    "fevers",
    "salt and water",
    "waiting rooms",
    "good news",
    "setbacks",
    "new medicine",
    "the insurer",
    "standing up",
    "small victories",
    "winter",
    "the garden",
]
FIRST_NAMES = [
    "Ann",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hana",
    "Ivo",
    "June",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tomás",
    "Uma",
    "Vera",
    "Will",
    "Yuki",
    "Zoë",
]
LAST_NAMES = ["A.", "B.", "Chen", "Díaz", "Evans", "Fox", "Gupta", "Hale", "Ito", "Jones", "Kim", "Lopez"]
COMMENT_SENTENCES = [
    "Thinking of you and hoping the next month is kinder.",
    "This is such good news, thank you for telling us.",
    "My daughter went through the same appeal, so I know how long it feels.",
    "Sending a big hug from the coast.",
    "Did your doctor say how long before you would know if it works?",
    "The notebook idea is brilliant, I am going to start one.",
    "Rest well, we will be here when you write again.",
    "I had the same headache after my first infusion; it got easier.",
    "Your garden photos always cheer me up.",
    "Thank you for explaining it so clearly.",
]
AUTHOR_REPLIES = [
    "Thank you, that means a lot.",
    "Good question: my neurologist says a fair trial is a year.",
    "Hugs back! I will post again next month.",
    "I hope your daughter is doing better now.",
]
SERIES_NAMES = [
    ("ivig-updates", "IVIG updates"),
    ("scig-trial", "SCIG trial"),
    ("pots-diary", "POTS diary"),
    ("salt-and-water", "Salt and water"),
    ("appeal-log", "Appeal log"),
]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --------------------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------------------


class CorpusWriter:
    """Writes one corpus; all randomness comes from one ``random.Random(seed)``."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)

    # -- glossary -----------------------------------------------------------------------------------------

    def make_terms(self) -> list[Term]:
        terms: list[Term] = []
        used_words = {name.lower() for name, _, aliases in KNOWN_TERMS} | {
            alias.lower() for _, _, aliases in KNOWN_TERMS for alias in aliases
        }
        for name, expansion, aliases in KNOWN_TERMS[: self.spec.glossary_terms]:
            terms.append(Term(name, slugify(name), self.definition(name), expansion, list(aliases)))
        while len(terms) < self.spec.glossary_terms:
            root = self.pseudo_word()
            name = f"{root} {self.rng.choice(TERM_KINDS)}"
            if name.lower() in used_words or root.lower() in used_words:
                continue
            used_words.update({name.lower(), root.lower()})
            aliases = []
            if self.rng.random() < 0.3:
                alias = f"{root}-{name.split(' ', 1)[1]}"
                if alias.lower() not in used_words:
                    aliases.append(alias)
                    used_words.add(alias.lower())
            related = [self.rng.choice(terms).name] if self.rng.random() < 0.2 else []
            terms.append(Term(name, slugify(name), self.definition(name), None, aliases, related))
        return terms

    def pseudo_word(self) -> str:
        return "".join(self.rng.choice(WORD_SYLLABLES) for _ in range(self.rng.randint(3, 4))).capitalize()

    def definition(self, name: str) -> str:
        first = self.rng.choice(
            [
                "A plain-language note on {n}: what it is and why a doctor might bring it up.",
                "{n} is something a specialist checks or prescribes when symptoms do not add up.",
                "A word for part of living with an autoimmune illness; {n} comes up at many visits.",
            ]
        ).format(n=name)
        second = self.rng.choice(
            [
                "Ask your own doctor what it means for you.",
                "It is *not* the same for every patient.",
                "The details vary from clinic to clinic.",
            ]
        )
        return f"{first} {second}"

    def measures(self) -> dict[str, str]:
        values = {
            "fever_days": str(self.rng.randint(0, 20)),
            "hours_upright": f"{self.rng.uniform(1, 12):.1f}",
            "energy": str(self.rng.randint(1, 9)),
        }
        if self.rng.random() < 0.15:  # a measure not tracked that month: missing, never zero
            del values[self.rng.choice(sorted(values))]
        return values

    # -- posts --------------------------------------------------------------------------------------------

    def make_posts(self, terms: list[Term]) -> tuple[list[Post], list[dict]]:
        spec = self.spec
        tags = TAGS[: spec.tags]
        series_posts: list[Post] = []
        series_info: list[dict] = []
        span_months = YEARS * 12
        for number, (slug, title) in enumerate(SERIES_NAMES[: spec.series]):
            gaps = min(3, max(1, spec.updates_per_series // 8))
            months_total = spec.updates_per_series + gaps
            first_month = number * max(1, (span_months - months_total) // max(1, spec.series))
            missing = sorted(self.rng.sample(range(1, months_total - 1), gaps)) if months_total > 2 else []
            months = [m for m in range(months_total) if m not in missing]
            start = _month(first_month)
            series_info.append(
                {
                    "slug": slug,
                    "title": title,
                    "start": f"{start:%Y-%m}",
                    "missing": [f"{_month(first_month + m):%Y-%m}" for m in missing],
                    "skipped": [f"{_month(first_month + m):%Y-%m}" for m in missing[:1]],
                    "updates": len(months),
                }
            )
            for position, offset in enumerate(months, start=1):
                month = _month(first_month + offset)
                posted = _month(first_month + offset + 1) + timedelta(days=self.rng.randint(0, 9), hours=18)
                series_posts.append(
                    Post(
                        index=-1,
                        slug=f"{slug}-{position}",
                        title=f"{title} {position}: {self.rng.choice(TITLE_ENDS).capitalize()}",
                        date=posted,
                        category="Treatment updates",
                        tags=["updates", *self.rng.sample(tags, 2)],
                        summary=self.sentence().rstrip("."),
                        series=slug,
                        month=f"{month:%Y-%m}",
                        scenario=self.rng.choice(SCENARIOS),
                        measures=self.measures(),
                    )
                )
        regular_count = max(0, spec.posts - len(series_posts))
        start = datetime(FIRST_YEAR, 1, 1, 9, 0)
        span_minutes = YEARS * 365 * 24 * 60
        regular_dates = sorted(
            start + timedelta(minutes=self.rng.randrange(span_minutes)) for _ in range(regular_count)
        )
        regular_posts = []
        for number, when in enumerate(regular_dates):
            title = f"{self.rng.choice(TITLE_STARTS)} {self.rng.choice(TITLE_ENDS)}"
            regular_posts.append(
                Post(
                    index=-1,
                    slug=f"{slugify(title)}-{number + 1}",
                    title=title.capitalize(),
                    date=when,
                    category=self.rng.choice(CATEGORIES),
                    tags=sorted(self.rng.sample(tags, self.rng.randint(1, 4))),
                    summary=self.sentence().rstrip("."),
                )
            )
        posts = sorted(series_posts + regular_posts, key=lambda post: (post.date, post.slug))[: spec.posts]
        for index, post in enumerate(posts):
            post.index = index
        # The origin of each series: the last regular post before its first update.
        for info in series_info:
            first = min(post.date for post in posts if post.series == info["slug"])
            before = [post for post in posts if post.series is None and post.date < first]
            info["origin"] = before[-1].slug if before else None
        return posts, series_info

    def body(self, post: Post, terms: list[Term], earlier: list[Post]) -> str:
        """About 800 words: paragraphs with emphasis and links, headings, lists, glossary terms."""
        chosen = self.rng.sample(terms, self.rng.randint(4, 10))
        post.terms = []
        blocks = [self.paragraph(chosen, post, 5)]
        if post.index % CALLOUT_EVERY == 0:
            blocks.append("Time for the scenario game again.")
            blocks.append(self.callout_group(chosen, post))
            post.callouts = len(SCENARIOS)
        for heading in self.rng.sample(HEADINGS, 4):
            blocks.append(f"## {heading}")
            blocks.append(self.paragraph(chosen, post, self.rng.randint(4, 6)))
            if self.rng.random() < 0.6:
                blocks.append(self.bullet_list())
            blocks.append(self.paragraph(chosen, post, self.rng.randint(3, 5), earlier=earlier))
        words = sum(len(block.split()) for block in blocks)
        while words < 780:
            extra = self.paragraph(chosen, post, 4)
            blocks.append(extra)
            words += len(extra.split())
        post.words = words
        return "\n\n".join(blocks) + "\n"

    def paragraph(self, terms: list[Term], post: Post, sentences: int, earlier: list[Post] | None = None) -> str:
        parts = [self.sentence() for _ in range(sentences)]
        # Glossary terms used naturally: one or two per paragraph, as name, alias or possessive.
        for _ in range(self.rng.randint(1, 2)):
            term = self.rng.choice(terms)
            position = self.rng.randrange(len(parts))
            parts[position] = self.term_sentence(term)
            if term.slug not in post.terms:
                post.terms.append(term.slug)
        if self.rng.random() < 0.5:  # emphasis on one plain word of the first sentence
            words = parts[0].split(" ")
            plain = [i for i, word in enumerate(words) if i > 0 and word.isalpha()]
            if plain:
                i = self.rng.choice(plain)
                words[i] = f"*{words[i]}*"
                parts[0] = " ".join(words)
        if self.rng.random() < 0.3:
            parts[-1] = f"**{parts[-1]}**"
        if earlier and self.rng.random() < 0.5:
            target = self.rng.choice(earlier[-50:])
            parts.append(f"I wrote about this in [{target.title.lower()}]({{filename}}/posts/{target.filename}).")
        elif self.rng.random() < 0.4:
            text = self.rng.choice(LINK_TEXTS)
            parts.append(f"There is more in [{text}](https://example.org/{slugify(text)}/) if you are curious.")
        return " ".join(parts)

    def sentence(self) -> str:
        rng = self.rng
        return f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)}, {rng.choice(TAILS)}."

    def term_sentence(self, term: Term) -> str:
        rng = self.rng
        forms = [term.name, *term.aliases]
        word = rng.choice(forms)
        if rng.random() < 0.15 and not word.endswith("s"):
            word += rng.choice(["'s", "’s"])
        template = rng.choice(
            [
                "My {w} appointment {v}, {t}.",
                "We talked about {w} again, {t}.",
                "{o}, the question of {w} {v}.",
                "The nurse explained {w} in plain words, {t}.",
            ]
        )
        return template.format(w=word, v=rng.choice(VERBS), t=rng.choice(TAILS), o=rng.choice(OPENERS))

    def bullet_list(self) -> str:
        items = self.rng.sample(LIST_ITEMS, self.rng.randint(3, 6))
        if self.rng.random() < 0.3:
            return "\n".join(f"{number}. {item.capitalize()}." for number, item in enumerate(items, start=1))
        return "\n".join(f"- {item.capitalize()}." for item in items)

    def callout_group(self, terms: list[Term], post: Post) -> str:
        callouts = []
        for scenario in SCENARIOS:
            title = self.rng.choice(["", " What I hope for", " If it goes badly", " Somewhere in between"])
            body = self.paragraph(terms, post, 2)
            callouts.append(f"> [!{scenario}]{title}\n> {body}")
        return "\n\n".join(callouts)

    # -- comments -----------------------------------------------------------------------------------------

    def comments_per_post(self, posts: list[Post]) -> list[int]:
        """Spread ``spec.comments`` over the posts: most get a few, some get many, some none."""
        weights = [self.rng.paretovariate(1.5) if self.rng.random() < 0.9 else 0.0 for _ in posts]
        total = sum(weights) or 1.0
        counts = [int(self.spec.comments * weight / total) for weight in weights]
        shortfall = self.spec.comments - sum(counts)
        order = sorted(range(len(posts)), key=lambda i: -weights[i])
        for i in range(shortfall):
            counts[order[i % len(order)]] += 1
        return counts

    def thread(self, post: Post, count: int) -> list[dict]:
        comments: list[dict] = []
        depth: dict[int, int] = {}
        when = post.date.replace(tzinfo=UTC) + timedelta(hours=1)
        # Every comment lands before COMMENTS_END: the build refuses comments dated in the future, and a
        # post with a thousand comments three days apart would run years past the corpus.
        room = int((COMMENTS_END - when).total_seconds() // 60) // max(count, 1)
        longest_gap = max(1, min(60 * 24 * 3, room))
        for number in range(1, count + 1):
            when += timedelta(minutes=self.rng.randint(1, longest_gap))
            candidates = [c["id"] for c in comments[-30:] if depth[c["id"]] < MAX_COMMENT_DEPTH]
            parent = self.rng.choice(candidates) if candidates and self.rng.random() < 0.45 else None
            is_author = parent is not None and self.rng.random() < 0.25
            depth[number] = 1 if parent is None else depth[parent] + 1
            if is_author:
                author, url, text = BLOG_AUTHOR, None, self.rng.choice(AUTHOR_REPLIES)
            else:
                author = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                url = f"https://example.org/~{slugify(author)}" if self.rng.random() < 0.2 else None
                text = " ".join(self.rng.sample(COMMENT_SENTENCES, self.rng.randint(1, 3)))
            body = f"<p>{text}</p>"
            if self.rng.random() < 0.1:
                body += "<p>I <em>really</em> mean it.</p>"
            likes = self.rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 12]) if self.rng.random() < 0.3 else 0
            comments.append(
                {
                    "id": number,
                    "parent": parent,
                    "author": author,
                    "url": url,
                    "is_author": is_author,
                    "date": when,
                    "body": body,
                    "likes": likes,
                }
            )
        return comments

    # -- pages --------------------------------------------------------------------------------------------

    @staticmethod
    def pages() -> dict[str, str]:
        return {
            "about.md": "Title: About\nSlug: about\nSummary: Who writes this synthetic blog.\n\n"
            "A synthetic blog written by a generator, so that the build can be timed on ten years of posts.\n",
            "disclaimer.md": "Title: Medical Disclaimer\nSlug: disclaimer\nSummary: Not medical advice.\n\n"
            "Nothing in this generated text is medical advice.\n",
            "404.md": "Title: Page not found\nSlug: 404\nStatus: hidden\nSave_as: 404.html\nURL: 404.html\n"
            "Template: 404\n\nThere is no page at this address.\n",
        }

    # -- everything ---------------------------------------------------------------------------------------

    def write(self, dest: Path) -> dict:
        content = dest / "content"
        for folder in ("posts", "pages", "series", "comments"):
            (content / folder).mkdir(parents=True, exist_ok=True)
        terms = self.make_terms()
        posts, series_info = self.make_posts(terms)
        for number, post in enumerate(posts):
            body = self.body(post, terms, posts[max(0, number - 60) : number])
            (content / "posts" / post.filename).write_text(post_document(post, body), encoding="utf-8")
        glossary = glossary_document(terms)
        (content / GLOSSARY_FILE).write_text(glossary, encoding="utf-8")
        for info in series_info:
            introduction = "Once a month, how it is going. " + " ".join(self.sentence() for _ in range(3))
            document = series_document(info["title"], info["start"], info["origin"], info["skipped"], introduction)
            (content / "series" / f"{info['slug']}.md").write_text(document, encoding="utf-8")
        comment_total = 0
        commented_posts = 0
        for post, count in zip(posts, self.comments_per_post(posts), strict=True):
            if not count:
                continue
            thread = self.thread(post, count)
            (content / "comments" / f"{post.slug}.json").write_text(comment_archive(thread), encoding="utf-8")
            comment_total += len(thread)
            commented_posts += 1
        for name, text in self.pages().items():
            (content / "pages" / name).write_text(text, encoding="utf-8")
        editable = [term for term in terms if glossary.count(term.definition) == 1]
        manifest = self.manifest(editable, terms, posts, series_info, comment_total, commented_posts)
        (dest / "corpus.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return manifest

    def manifest(self, editable, terms, posts, series_info, comment_total, commented_posts) -> dict:
        usage: dict[str, list[str]] = {}
        for post in posts:
            for slug in post.terms:
                usage.setdefault(slug, []).append(post.slug)
        # The term the benchmark edits: the most used of those whose definition the file holds verbatim.
        edit_term = max(editable, key=lambda term: (len(usage.get(term.slug, [])), term.slug))
        middle = posts[len(posts) // 2]
        return {
            "spec": asdict(self.spec),
            "counts": {
                "posts": len(posts),
                "words_per_post": round(sum(post.words for post in posts) / max(1, len(posts))),
                "comments": comment_total,
                "posts_with_comments": commented_posts,
                "series": len(series_info),
                "series_updates": sum(1 for post in posts if post.series),
                "callout_posts": sum(1 for post in posts if post.callouts),
                "callouts": sum(post.callouts for post in posts),
                "glossary_terms": len(terms),
                "tags": len({tag for post in posts for tag in post.tags}),
                "categories": len({post.category for post in posts}),
                "pages": len(self.pages()),
            },
            "first_date": f"{posts[0].date:%Y-%m-%d}",
            "last_date": f"{posts[-1].date:%Y-%m-%d}",
            "series": series_info,
            "glossary_file": f"content/{GLOSSARY_FILE}",
            "edit_term": {
                "slug": edit_term.slug,
                "definition": edit_term.definition,
                "used_in": usage.get(edit_term.slug, [])[:5],
            },
            "edit_post": {
                "slug": middle.slug,
                "file": f"content/posts/{middle.filename}",
                "url": f"{middle.date:%Y}/{middle.date:%m}/{middle.slug}/",
            },
            "posts": [
                {
                    "slug": post.slug,
                    "file": f"content/posts/{post.filename}",
                    "url": f"{post.date:%Y}/{post.date:%m}/{post.slug}/",
                    "terms": post.terms,
                }
                for post in posts
            ],
        }


def _month(offset: int) -> datetime:
    """The first day of the month ``offset`` months after January of the first year."""
    year, month = divmod(offset, 12)
    return datetime(FIRST_YEAR + year, month + 1, 1)


def generate(dest: Path, posts: int = DEFAULT_POSTS, seed: int = DEFAULT_SEED, comments: int | None = None) -> dict:
    """Write a corpus of ``posts`` posts into ``dest``; return its manifest (also in ``dest/corpus.json``)."""
    return CorpusWriter(Spec.for_posts(posts, seed, comments)).write(Path(dest))


def edit_glossary_definition(content: Path, definition: str, marker: str) -> None:
    """Append ``marker`` to one entry's definition in the glossary file (format-independent text edit)."""
    path = content / GLOSSARY_FILE
    text = path.read_text(encoding="utf-8")
    if text.count(definition) != 1:
        raise ValueError(f"{path}: the definition to edit is not there exactly once: {definition!r}")
    path.write_text(text.replace(definition, f"{definition} {marker}"), encoding="utf-8")


def edit_post(path: Path, marker: str) -> None:
    """Append a paragraph holding ``marker`` to one post."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{marker}\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=DEFAULT_POSTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--comments", type=int, default=None, help=f"default: {COMMENTS_PER_POST} per post")
    args = parser.parse_args(argv)
    manifest = generate(args.dest, args.posts, args.seed, args.comments)
    print(json.dumps(manifest["counts"], indent=1))


if __name__ == "__main__":
    main()
