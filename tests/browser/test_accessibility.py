"""axe-core and keyboard focus on one page of every type, light and dark.

axe-core comes bundled with the PyPI package ``axe-playwright-python`` and is
injected into the page: it makes no request of its own (the ``page`` fixture
would fail the test if it did).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.sitepages import PageType, page_types

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SCHEMES = ["light", "dark"]

# For the focused element: its outline, and the first opaque background behind the outline.
FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  let behind = element.parentElement, background = "rgba(0, 0, 0, 0)";
  while (behind) {
    background = getComputedStyle(behind).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(background) && background !== "transparent") break;
    behind = behind.parentElement;
  }
  return {
    html: element.outerHTML.slice(0, 120),
    style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
    background: background,
  };
}"""


def describe_violation(kind: PageType, scheme: str, violation: dict, limit: int = 8) -> str:
    """The page, the rule and the elements it found, one element a line."""
    lines = [f"{kind} [{scheme}] {violation['id']}: {violation['help']}"]
    for node in violation["nodes"][:limit]:
        snippet = " ".join(node["html"].split())[:160]
        lines.append(f"    {' '.join(node['target'])}: {snippet}")
    if len(violation["nodes"]) > limit:
        lines.append(f"    ... and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type_has_no_wcag_violations(page, base_url, site, scheme):
    axe = Axe()
    page.emulate_media(color_scheme=scheme)
    problems = []
    for kind in page_types(site.output):
        response = page.goto(f"{base_url}/{kind.url}")
        assert response.ok, f"{kind}: HTTP {response.status}"
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        problems += [describe_violation(kind, scheme, violation) for violation in violations]
    assert not problems, "axe found WCAG violations:\n" + "\n".join(problems)


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_known_colours():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_focus_is_visible_with_3_to_1_contrast(page, base_url, site, scheme):
    """WCAG 2.4.7 and 1.4.11: every element reached with Tab shows an outline that stands out."""
    page.emulate_media(color_scheme=scheme)
    problems = []
    for kind in page_types(site.output):
        page.goto(f"{base_url}/{kind.url}")
        stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea, summary').length")
        seen = set()
        for _ in range(stops + 1):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_STYLE)
            if focus is None or focus["html"] in seen:
                continue
            seen.add(focus["html"])
            if focus["style"] == "none" or focus["width"] < 2:
                problems.append(f"{kind} [{scheme}] no visible focus outline on {focus['html']}")
            elif contrast(focus["colour"], focus["background"]) < 3:
                ratio = contrast(focus["colour"], focus["background"])
                problems.append(
                    f"{kind} [{scheme}] focus outline {focus['colour']} on {focus['background']} "
                    f"has contrast {ratio:.2f} < 3 on {focus['html']}"
                )
        assert seen, f"{kind}: Tab reached nothing"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_no_page_type_scrolls_sideways_at_320_px(page, base_url, site):
    """WCAG 1.4.10 Reflow, on every page type the build has (features included as they land)."""
    page.set_viewport_size({"width": 320, "height": 640})
    problems = []
    for kind in page_types(site.output):
        page.goto(f"{base_url}/{kind.url}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{kind} scrolls sideways by {overflow}px at 320px")
    assert not problems, "\n".join(problems)
