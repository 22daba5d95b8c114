"""The navigation in a browser (issue 20): the director's menu — the longest of any role — fits a 1024 px and a
1280 px screen as a sidebar and a phone as an off-canvas panel, with no label wrapped and nothing wider than the
screen; and every text of the home page and the menu reads at 4.5:1 at least against its background, 7:1 in
elder-friendly mode.

Measured in the page with Playwright's evaluate (a function the test hands to the browser, which the CSP does not
govern), as assert_fits_phone does; waits are locators, never wait_for_function."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    browser,
    log_in,
    new_page,
    open_phone_menu,
    toggle_elder_mode,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"1024": {"viewport": {"width": 1024, "height": 800}}, "1280": DESKTOP, "390": PHONE}

# Each label of the menu (links and section headings): on one line (its text's line boxes all on one row) and
# inside the menu (not cut off at its right edge); the link no taller than 1.6 lines plus its padding.
MEASURE_MENU = """() => {
  const menu = document.querySelector("#mainnav");
  const right = menu.getBoundingClientRect().right;
  return [...menu.querySelectorAll(".xh-nav-link, .xh-nav-group-toggle")].map(el => {
    const style = getComputedStyle(el);
    const text = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const range = document.createRange();
    range.selectNodeContents(text);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const rows = new Set(rects.map(r => Math.round(r.top)));
    const lineHeight = parseFloat(style.lineHeight);
    const content = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return {label: text.textContent.trim(), rows: rows.size, lineHeight, content,
            overflow: Math.max(...rects.map(r => r.right)) - right};
  });
}"""

PAGE_WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"

# Every visible text on the page: its colour against the background behind it (the ancestors' background colours
# composed from the root down), by WCAG 2's contrast ratio. Left out: what no one reads as text on the page
# (hidden, a screen reader's only, drawn in a chart's svg or canvas) and disabled controls (WCAG exempts them).
CONTRAST = """() => {
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = rgb => {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const behind = el => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    return chain.reduce((bg, e) => {
      const c = parse(getComputedStyle(e).backgroundColor);
      return c && c[3] > 0 ? over(c, bg) : bg;
    }, [255, 255, 255, 1]);
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    if (el.closest("svg, canvas, script, style, template, option, noscript, [aria-hidden='true'], .visually-hidden")) {
      continue;
    }
    if (el.closest(":disabled, .disabled, [aria-disabled='true']")) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const bg = behind(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push({text: node.textContent.trim().slice(0, 30), where: el.tagName.toLowerCase() + "." +
              [...el.classList].join("."), ratio: Math.round((a + 0.05) / (b + 0.05) * 100) / 100,
              fg: fg.slice(0, 3).map(Math.round).join(","), bg: bg.slice(0, 3).map(Math.round).join(",")});
  }
  return out;
}"""


def open_every_section(page) -> None:
    folded = page.locator("#mainnav .xh-nav-group-toggle.collapsed")
    while folded.count():
        folded.first.click()
    total = page.locator("#mainnav .xh-nav-group").count()
    page.locator("#mainnav .xh-nav-group > .collapse.show").nth(total - 1).wait_for()  # every transition ended


def assert_menu_fits(page, size: str, mode: str) -> None:
    labels = page.evaluate(MEASURE_MENU)
    assert len(labels) >= 40, f"the director's whole menu is measured ({len(labels)} labels)"
    wrapped = [m for m in labels if m["rows"] != 1 or m["content"] > 1.6 * m["lineHeight"]]
    assert not wrapped, f"labels wrapped at {size} px ({mode}): {wrapped}"
    cut = [m for m in labels if m["overflow"] > 0.5]
    assert not cut, f"labels cut off by the menu's edge at {size} px ({mode}): {cut}"
    width, screen = page.evaluate(PAGE_WIDTH)
    assert width <= screen, f"the page is wider than the screen at {size} px ({mode}): {width} > {screen}"


def show_menu(page, size: str) -> None:
    if size == "390":
        open_phone_menu(page)
    else:
        assert page.locator("#mainnav").is_visible(), f"a sidebar at {size} px"
        assert page.locator(".navbar-toggler").is_hidden()
    open_every_section(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_directors_menu_fits_with_no_label_wrapped(new_page, world, size):  # noqa: F811
    page = new_page(**SIZES[size])
    log_in(page, world.users["director"].username)
    if size == "390":
        open_phone_menu(page)
        sections = page.locator("#mainnav .xh-nav-group-toggle")
        assert sections.count() >= 8 and all(s.is_visible() for s in sections.all()), "the menu shows its groups"
        assert page.locator("#mainnav .collapse.show").count() == 0, "folded: no page of theirs is open yet"
        sections.first.click()
        page.locator("#mainnav .xh-nav-group .collapse.show a").first.wait_for()  # a tap unfolds a group
        open_every_section(page)
    else:
        show_menu(page, size)
        main, menu = page.locator("#main").bounding_box(), page.locator("#mainnav").bounding_box()
        assert main and menu and main["x"] >= menu["x"] + menu["width"] - 1, "the page's content beside the menu"
    assert_menu_fits(page, size, "standard")

    page.goto("/")
    toggle_elder_mode(page)
    show_menu(page, size)
    assert_menu_fits(page, size, "elder-friendly")
    if size == "1024":  # the English labels are longer: the narrowest desktop in elder mode holds them too
        page.goto("/")
        with page.expect_navigation():
            page.select_option("#language-select", "en")
        show_menu(page, size)
        assert_menu_fits(page, size, "elder-friendly, English")


@pytest.mark.parametrize("size", ["1280", "390"])
def test_every_text_of_the_home_page_and_menu_is_legible(new_page, world, size):  # noqa: F811
    """4.5:1 (WCAG AA) in the standard look, 7:1 (AAA) in elder-friendly mode: inactive menu entries, muted text,
    badges and buttons too."""
    from xinhuo.core.access import build_actor
    from xinhuo.core.services import notification_send

    director = world.users["director"]
    notification_send(
        actor=build_actor(director), school=world.school, recipients=[director], title="会议通知", body="周五开会"
    )
    page = new_page(**SIZES[size])
    log_in(page, director.username)
    for mode, least in (("standard", 4.5), ("elder-friendly", 7.0)):
        page.goto("/")
        if mode == "elder-friendly":
            toggle_elder_mode(page)
        show_menu(page, size)
        texts = page.evaluate(CONTRAST)
        menu = [t for t in texts if t["where"].startswith(("a.xh-nav-link", "button.xh-nav-group-toggle"))]
        assert len(menu) >= 40, f"the menu's labels are among the texts measured ({len(menu)})"
        assert any(t["where"].startswith("span.badge") for t in texts), "the inbox's unread badge is measured"
        poor = [t for t in texts if t["ratio"] < least]
        assert not poor, f"{mode} at {size} px: texts under {least}:1: {poor}"
