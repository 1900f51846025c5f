"""WordPress HTML to our Markdown: each rule of issue #16 on small inputs, rendered as the site renders it."""

from __future__ import annotations

import json

import markdown
import pytest
from bs4 import BeautifulSoup

from plugins.wordpress.convert import Attachment, Site, convert_post, media_path, scenario_callouts, wpautop

HOSTS = frozenset({"slowmending.wordpress.com", "slowmending.example.org"})
SITE = Site(
    hosts=HOSTS,
    by_path={"2019/01/14/insurance-finally-approved/": "{filename}/posts/2019-01-14-insurance-finally-approved.md"},
    by_id={"42": "{filename}/posts/2019-01-14-insurance-finally-approved.md", "7": "{filename}/pages/about.md"},
    attachments={
        "11": Attachment(
            "https://slowmending.files.wordpress.com/2019/01/chair.jpg", "Chair", "By the window", "The chair"
        ),
        "12": Attachment("https://slowmending.files.wordpress.com/2019/01/pole.jpg", "Pole", "", "The IV pole", "5", 2),
        "13": Attachment("https://slowmending.files.wordpress.com/2019/01/bag.jpg", "Bag", "", "The bag", "5", 1),
    },
)


def convert(text: str, **options) -> str:
    return convert_post(text, SITE, post_id=options.pop("post_id", "5"), **options).markdown


def rendered(text: str) -> BeautifulSoup:
    """The Markdown as this site renders it (extra, and our callouts and figures extensions)."""
    html = markdown.markdown(
        text, extensions=["extra", "plugins.callouts.extension", "plugins.essentials.figures"], output_format="html5"
    )
    return BeautifulSoup(html, "html.parser")


def test_classic_editor_paragraphs_and_line_breaks():
    text = "First paragraph\nwith a line break.\n\nSecond paragraph.\n<ul>\n<li>one</li>\n\n<li>two</li>\n</ul>\nAfter."
    page = rendered(convert(text))
    paragraphs = page.find_all("p", recursive=False)
    assert [p.get_text() for p in paragraphs] == ["First paragraph\nwith a line break.", "Second paragraph.", "After."]
    assert paragraphs[0].find("br") is not None
    assert [li.get_text() for li in page.find_all("li")] == ["one", "two"]


def test_wpautop_keeps_blank_lines_inside_a_pre_block():
    assert "<pre>a\n\nb</pre>" in wpautop("Text\n\n<pre>a\n\nb</pre>")


def test_gutenberg_block_comments_go_and_their_content_stays():
    text = (
        '<!-- wp:heading --><h2 class="wp-block-heading">Heading</h2><!-- /wp:heading -->\n'
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Quoted</p><cite>Someone</cite></blockquote>'
        "<!-- /wp:quote -->\n"
        '<!-- wp:table --><figure class="wp-block-table"><table><tbody>'
        "<tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></tbody>"
        "</table></figure><!-- /wp:table -->\n"
        '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->\n'
        '<!-- wp:code --><pre class="wp-block-code"><code>x = 1</code></pre><!-- /wp:code -->\n'
        '<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button --><div class="wp-block-button">'
        '<a class="wp-block-button__link" href="https://example.org/donate">Donate</a></div><!-- /wp:button -->'
        "</div><!-- /wp:buttons -->"
    )
    result = convert(text)
    assert "wp:" not in result
    page = rendered(result)
    assert page.find("h2").get_text() == "Heading"
    assert page.find("blockquote").get_text(" ", strip=True).startswith("Quoted")
    assert [cell.get_text() for cell in page.find_all(["td", "th"])] == ["a", "b", "c", "d"]
    assert page.find("hr") is not None and page.find("code").get_text().strip() == "x = 1"
    assert page.find("a", href="https://example.org/donate").get_text() == "Donate"


def test_footnotes_from_the_postmeta_become_markdown_footnotes():
    text = (
        '<!-- wp:paragraph --><p>IVIG<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup> helps.</p>'
        "<!-- /wp:paragraph --><!-- wp:footnotes /-->"
    )
    meta = json.dumps([{"content": "Intravenous <em>immunoglobulin</em>.", "id": "f1"}])
    result = convert(text, footnotes_meta=meta)
    assert "IVIG[^1] helps." in result and "[^1]: Intravenous *immunoglobulin*." in result
    page = rendered(result)
    assert page.find("div", class_="footnote").get_text(" ", strip=True).startswith("Intravenous immunoglobulin")


def test_caption_becomes_our_captioned_figure_with_the_local_image():
    text = (
        '[caption id="attachment_11" align="alignright" width="300"]<a href="https://slowmending.files.wordpress.com/'
        '2019/01/chair.jpg"><img src="https://slowmending.files.wordpress.com/2019/01/chair-300x200.jpg?w=640" '
        'alt="The recliner" width="300" /></a> Where the infusions happen[/caption]'
    )
    result = convert_post(text, SITE)
    assert result.markdown.strip() == '![The recliner]({static}/images/2019/01/chair.jpg "Where the infusions happen")'
    figure = rendered(result.markdown).find("figure")
    assert figure.find("img")["alt"] == "The recliner"
    assert figure.find("figcaption").get_text() == "Where the infusions happen"
    assert result.media == ["2019/01/chair.jpg"]


def test_gallery_becomes_its_images_in_order():
    with_ids = rendered(convert('[gallery ids="12,11" columns="2"]'))
    assert [img["alt"] for img in with_ids.find_all("img")] == ["The IV pole", "The chair"]
    assert with_ids.find("figcaption").get_text() == "By the window"
    attached = rendered(convert("[gallery]", post_id="5"))  # the post's attachments, by menu order
    assert [img["alt"] for img in attached.find_all("img")] == ["The bag", "The IV pole"]


@pytest.mark.parametrize(
    ("text", "href", "words"),
    [
        ("[embed]https://www.youtube.com/watch?v=abc[/embed]", "https://www.youtube.com/watch?v=abc", "YouTube"),
        ("[youtube https://www.youtube.com/watch?v=abc]", "https://www.youtube.com/watch?v=abc", "YouTube"),
        ("[youtube=abc]".replace("=", " "), "https://www.youtube.com/watch?v=abc", "YouTube"),
        ("Before\n\nhttps://vimeo.com/12345\n\nAfter", "https://vimeo.com/12345", "Vimeo"),
        ('[audio mp3="https://example.net/a/song.mp3"][/audio]', "https://example.net/a/song.mp3", "song.mp3"),
        ('[video mp4="https://example.net/v/walk.mp4"][/video]', "https://example.net/v/walk.mp4", "walk.mp4"),
        (
            '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=xyz"} -->'
            '<figure class="wp-block-embed is-type-video">'
            '<div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=xyz\n</div>'
            "<figcaption>My tilt table test</figcaption></figure><!-- /wp:embed -->",
            "https://www.youtube.com/watch?v=xyz",
            "My tilt table test",
        ),
    ],
)
def test_embeds_audio_and_video_become_plain_links_never_iframes(text, href, words):
    result = convert_post(text, SITE)
    page = rendered(result.markdown)
    link = page.find("a", href=href)
    assert link is not None and words in link.get_text()
    assert page.find(["iframe", "video", "audio", "script", "object", "embed"]) is None
    assert result.embeds == 1


def test_an_unknown_shortcode_stays_as_text_and_is_reported():
    result = convert_post("Before [contact-form to='me'] after.", SITE)
    assert "[contact-form to='me']" in rendered(result.markdown).get_text()
    assert result.unknown_shortcodes == ["contact-form"]


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("https://slowmending.files.wordpress.com/2019/01/ivig.jpg?w=640", "2019/01/ivig.jpg"),
        ("https://slowmending.files.wordpress.com/2019/01/ivig-300x200.jpg", "2019/01/ivig.jpg"),
        (
            "https://slowmending.example.org/wp-content/uploads/2018/11/tilt-table-1024x768.png",
            "2018/11/tilt-table.png",
        ),
        ("/wp-content/uploads/2018/11/notes.pdf", "2018/11/notes.pdf"),
        ("https://other.example.net/wp-content/uploads/2018/11/theirs.png", None),
        ("https://slowmending.example.org/2019/01/14/a-post/", None),
    ],
)
def test_upload_addresses_map_to_the_original_file(url, local):
    assert media_path(url, HOSTS) == local


def test_links_to_the_blogs_own_old_addresses_become_filename_links():
    text = (
        '<p><a href="https://slowmending.wordpress.com/2019/01/14/insurance-finally-approved/">approved</a>, '
        '<a href="https://slowmending.wordpress.com/?p=42#comment-102">a comment</a>, '
        '<a href="/?page_id=7">about</a>, <a href="https://elsewhere.example.net/2019/01/14/x/">elsewhere</a></p>'
    )
    page = rendered(convert(text))
    assert [a["href"] for a in page.find_all("a")] == [
        "{filename}/posts/2019-01-14-insurance-finally-approved.md",
        "{filename}/posts/2019-01-14-insurance-finally-approved.md#comment-102",
        "{filename}/pages/about.md",
        "https://elsewhere.example.net/2019/01/14/x/",
    ]


def test_scenario_headings_become_callouts_up_to_the_next_heading_of_the_same_level():
    text = (
        "<h2>What are my hopes?</h2><p>Let us play.</p>"
        "<h3>Best Case</h3><p>It works.</p><h4>Details</h4><p>More.</p>"
        "<h3>WORST CASE SCENARIO</h3><p>Nothing changes.</p>"
        "<h3>Most Likely Case</h3><p>Somewhere between.</p>"
        "<h2>Next steps</h2><p>Wait.</p>"
    )
    page = rendered(convert(text))
    group = page.find("div", class_="callout-group")
    kinds = [aside["data-callout"] for aside in group.find_all("aside")]
    assert kinds == ["best-case", "worst-case", "most-likely"]
    best = group.find("aside")
    assert best.find(class_="callout-title").get_text() == "Best Case"
    assert "More." in best.get_text() and best.find("h4").get_text() == "Details"
    assert page.find("h2", string="Next steps") is not None
    assert "Wait." not in group.get_text()


def test_scenario_callouts_leave_code_alone():
    text = "```\n## Best case\n```\n"
    assert scenario_callouts(text) == text


def test_summary_from_the_excerpt_or_the_more_split():
    assert convert_post("<p>Intro words.</p><!--more--><p>Rest.</p>", SITE).summary == "Intro words."
    assert convert_post("Body<!--more-->Rest", SITE, excerpt="<p>My <b>own</b> summary</p>").summary == "My own summary"
    assert "<!--more-->" not in convert("Intro<!--more-->Rest")


def test_hostile_html_is_sanitized():
    text = '<p onclick="x()">Hi<script>alert(1)</script><iframe src="https://evil.example/"></iframe></p><style>p{}</style>'
    result = convert(text)
    page = rendered(result)
    assert page.find(["script", "iframe", "style"]) is None and "alert" not in result and "onclick" not in result


def test_a_table_footer_row_is_kept_as_the_last_row_without_a_row_of_dashes():
    text = (
        "<table><thead><tr><th>Dose</th><th>Day</th></tr></thead><tfoot><tr><td>Total</td><td>30 g</td></tr></tfoot>"
        "<tbody><tr><td>10 g</td><td>1</td></tr><tr><td>20 g</td><td>2</td></tr></tbody></table>"
    )
    table = rendered(convert(text)).find("table")
    rows = [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
    assert rows == [["Dose", "Day"], ["10 g", "1"], ["20 g", "2"], ["Total", "30 g"]]


@pytest.mark.parametrize(
    "text",
    [
        '[caption id="attachment_11" width="300"]<img src="https://slowmending.files.wordpress.com/2019/01/chair-300x2'
        '00.jpg" alt="The chair" title="chair" /> By the window, see <a href="https://example.org/chairs">the maker</a>'
        "[/caption]",
        '<figure class="wp-block-image"><img src="https://slowmending.files.wordpress.com/2019/01/chair.jpg" '
        'alt="The chair" class="wp-image-11"/><figcaption>By the window, see <a href="https://example.org/chairs">'
        "the maker</a></figcaption></figure>",
    ],
)
def test_a_link_in_a_caption_stays_a_link_in_the_figure_caption(text):
    figure = rendered(convert(text)).find("figure")
    assert figure.find("img")["src"] == "{static}/images/2019/01/chair.jpg"
    assert figure.find("img")["alt"] == "The chair" and figure.find("img")["loading"] == "lazy"
    assert not figure.find("img").get("title")
    caption = figure.find("figcaption")
    assert " ".join(caption.get_text().split()) == "By the window, see the maker"
    assert caption.find("a")["href"] == "https://example.org/chairs"


def test_a_captioned_image_inside_a_link_becomes_a_linked_figure():
    text = (
        '[caption id="attachment_11" width="300"]<a href="https://example.org/big-picture"><img src="https://slowmend'
        'ing.files.wordpress.com/2019/01/chair.jpg" alt="The chair" /></a> By the window[/caption]'
    )
    figure = rendered(convert(text)).find("figure")
    assert figure.find("a")["href"] == "https://example.org/big-picture"
    assert figure.find("a").find("img")["src"] == "{static}/images/2019/01/chair.jpg"
    assert figure.find("figcaption").get_text().strip() == "By the window"
    # a link to the image file itself is dropped: the image is enough, and it stays a Markdown figure
    own = text.replace("https://example.org/big-picture", "https://slowmending.files.wordpress.com/2019/01/chair.jpg")
    assert convert(own).strip() == '![The chair]({static}/images/2019/01/chair.jpg "By the window")'


def test_a_missing_image_in_a_figure_kept_as_html_becomes_its_words_never_a_remote_image():
    from plugins.wordpress.missing_media import without_missing

    text = (
        '[caption id="attachment_11" width="300"]<img src="https://slowmending.files.wordpress.com/2019/01/chair.jpg"'
        ' alt="The chair" /> See <a href="https://example.org/chairs">the maker</a>[/caption]'
    )
    original = "https://slowmending.files.wordpress.com/2019/01/chair.jpg"
    page = rendered(without_missing(convert(text), {"2019/01/chair.jpg"}, {"2019/01/chair.jpg": original}))
    assert page.find("img") is None
    assert [(a["href"], a.get_text()) for a in page.find_all("a")] == [("https://example.org/chairs", "the maker")]
    assert " ".join(page.find("figure").get_text(" ").split()) == "[Image: The chair] See the maker"


def test_an_image_that_is_not_an_upload_becomes_its_words_and_is_never_requested():
    site = Site(hosts=HOSTS, base_url="https://slowmending.wordpress.com")
    result = convert_post(
        '<p>Our cat <img src="https://i.imgur.com/cat.png" alt="Pepper asleep"> and the old theme\'s '
        '<img src="/theme/img/leaf.png" alt="A leaf">. <a href="https://i.imgur.com/big.png">'
        '<img src="//i.imgur.com/small.png" alt="Pepper again"></a></p>',
        site,
        post_id="5",
    )
    page = rendered(result.markdown)
    assert page.find("img") is None
    assert (
        page.get_text() == "Our cat [Image: Pepper asleep] and the old theme's [Image: A leaf]. [Image: Pepper again]"
    )
    assert [(a.get_text(), a["href"]) for a in page.find_all("a")] == [
        ("[Image: Pepper again]", "https://i.imgur.com/big.png"),  # the author's own link, never empty
    ]
    assert result.not_requested == [
        "https://i.imgur.com/cat.png",
        "https://slowmending.wordpress.com/theme/img/leaf.png",
        "https://i.imgur.com/small.png",
    ]


def test_an_inline_data_image_becomes_its_words_and_links_nowhere():
    site = Site(hosts=HOSTS, base_url="https://slowmending.wordpress.com")
    result = convert_post('<p>Scan: <img src="data:image/png;base64,AAAA" alt="My chart"></p>', site, post_id="5")
    page = rendered(result.markdown)
    assert page.find("img") is None and page.find("a") is None
    assert page.get_text() == "Scan: [Image: My chart]"
    assert result.not_requested == []


def test_wordpress_smileys_and_emoji_pictures_become_their_characters():
    page = rendered(
        convert(
            '<p>Approved <img src="https://s0.wp.com/wp-content/mu-plugins/wpcom-smileys/twemoji/2/72x72/1f642.png" '
            'alt="🙂" class="wp-smiley" style="height: 1em"> at last '
            '<img src="https://slowmending.example.org/wp-includes/images/smilies/icon_wink.gif" alt=";)"> '
            '<img draggable="false" class="emoji" alt="💜" src="https://s.w.org/images/core/emoji/11/svg/1f49c.svg">'
            "</p>"
        )
    )
    assert page.find("img") is None and page.find("a") is None
    assert page.get_text() == "Approved 🙂 at last ;) 💜"


def test_backslashes_in_the_text_stay_backslashes():
    # From WordPress's own importer tests (slashes.xml), and a shrug: Markdown would read each as an escape.
    page = rendered(convert('Slashes aren\\\'t \\"cool\\". ¯\\_(ツ)_/¯ \\*not bold\\* C:\\Users a\\<em>b</em>'))
    assert page.get_text() == 'Slashes aren\\\'t \\"cool\\". ¯\\_(ツ)_/¯ \\*not bold\\* C:\\Users a\\b'
    assert [em.get_text() for em in page.find_all("em")] == ["b"]
