"""Browser journeys (DESIGN.md: Tests): Playwright driving Debian's Chromium against a live server.

Never `playwright install`: the browser is Debian's /usr/bin/chromium, which .ci/run installs.
The journeys run mostly on a phone-sized viewport, because elders and parents mostly use phones.
Links are picked by href, not by their label, so the tests do not depend on the translation catalogue.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("XINHUO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# generous: two test workers and Chromium share a 2-core CI machine
TIMEOUT_MS = 30_000
MASKED_ID_CARD = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")
# Chromium reports each refusal on the console; the event adds what was refused and where
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", function (e) {
  console.error("Content Security Policy violation: " + e.violatedDirective + " refused " + (e.blockedURI || "inline")
                + " at " + e.sourceFile + ":" + e.lineNumber);
});"""


def watch_csp(page, refused: list[str]) -> None:
    """Collect into `refused` everything the Content-Security-Policy refuses on the page."""
    page.add_init_script(CSP_LISTENER)
    page.on("console", lambda msg: refused.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium), "
            "as .ci/run does; the browser tests never download a browser of their own.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse the ORM
    # calls of fixtures and assertions here, although they are not run inside that loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                yield b
            finally:
                b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context (no cookies) per call.

    JavaScript errors, static files that fail to load and anything the Content-Security-Policy refuses (an inline
    script, handler or style element, eval) fail the test."""
    contexts = []
    errors: list[str] = []
    missing: list[str] = []
    refused: list[str] = []

    def make(**options):
        ctx = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  **(options or PHONE))
        ctx.set_default_timeout(TIMEOUT_MS)
        contexts.append(ctx)
        page = ctx.new_page()
        watch_csp(page, refused)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: missing.append(f"{r.status} {r.url}")
                if "/static/" in r.url and r.status >= 400 else None)
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not refused, f"the Content-Security-Policy refused something on the page: {refused}"
    assert not missing, f"static files the pages use did not load: {missing}"


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def open_phone_menu(page) -> None:
    """On a phone the navigation is an off-canvas panel behind the menu button of the top bar."""
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible(), "the navigation should be behind a menu button on a phone"
    assert not page.locator("#mainnav").is_visible(), "the navigation should start hidden on a phone"
    toggler.click()
    page.locator("#mainnav.show").wait_for()  # the transition has ended ("showing" while it runs)


def nav_to(page, href: str) -> None:
    """Follow the menu to `href` as a user would: on a phone open the menu first, then the link's section if it is
    folded (only the current page's section starts open), then the link; returns once the page has loaded."""
    link = page.locator(f"#mainnav a[href='{href}']")
    if page.locator(".navbar-toggler").is_visible():
        open_phone_menu(page)
    if not link.is_visible():
        page.locator("#mainnav .xh-nav-group").filter(has=page.locator(f"a[href='{href}']")).locator(
            ".xh-nav-group-toggle").click()
        page.locator(f"#mainnav .collapse.show a[href='{href}']").wait_for()  # the section has unfolded
    with page.expect_navigation():
        link.click()


def assert_fits_phone(page) -> None:
    """Nothing should make a phone scroll sideways (tables stack, long values wrap)."""
    page.wait_for_load_state()  # measured mid-navigation there is no document yet
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"page is wider than the phone: {widths[0]}px > {widths[1]}px"


def assert_not_found(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 404, f"{path} should answer 404"
    assert page.locator("main h1").count() == 1  # the project's own 404 page, inside the shell
    assert page.locator(f"a[href='{path}']").count() == 0


def toggle_elder_mode(page) -> None:
    page.click("#user-menu")  # in the top bar, on a phone too
    with page.expect_navigation():
        page.click("#elder-mode-toggle")


def test_head_teacher_on_a_phone(new_page, world, live_server):
    page = new_page()
    teacher = world.users["head_teacher_a"]
    x, z = world.student_x, world.student_z
    log_in(page, teacher.username)
    assert page.url == live_server.url + "/", "logging in lands on the dashboard"
    assert_fits_phone(page)

    nav_to(page, "/people/students/")
    page.wait_for_url("**/people/students/")
    rows = page.locator("#student-table tbody tr")
    names = rows.locator("a").all_inner_texts()
    assert sorted(names) == sorted([x.name, world.student_y.name]), "a head teacher sees only their class"
    assert_fits_phone(page)

    page.click(f"#student-table a[href='/people/students/{x.pk}/']")
    page.wait_for_url(f"**/people/students/{x.pk}/")
    assert x.name in page.locator("main h1").inner_text()
    id_card = page.locator("span.sensitive[data-field=id_card] .masked").inner_text().strip()
    assert MASKED_ID_CARD.match(id_card), f"ID-card number should be masked, got {id_card!r}"
    assert id_card[:6] == x.id_card[:6] and id_card[-4:] == x.id_card[-4:]
    assert x.id_card not in page.content()
    # a head teacher may not reveal the ID-card number
    assert page.locator("span.sensitive[data-field=id_card] .reveal-btn").count() == 0
    assert_fits_phone(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "teacher-phone-student.png"), full_page=True)

    assert_not_found(page, f"/people/students/{z.pk}/")

    page.goto("/")
    assert "elder-mode" not in (page.locator("body").get_attribute("class") or "")
    toggle_elder_mode(page)
    assert "elder-mode" in page.locator("body").get_attribute("class").split()
    page.goto(f"/people/students/{x.pk}/")  # the switch belongs to the user, not to the page
    assert "elder-mode" in page.locator("body").get_attribute("class").split()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "teacher-phone-student-elder-mode.png"), full_page=True)
    assert_fits_phone(page)
    toggle_elder_mode(page)
    assert "elder-mode" not in (page.locator("body").get_attribute("class") or "").split()
    assert page.url.endswith(f"/people/students/{x.pk}/"), "the toggle returns to the page it was used on"


def test_parent_sees_only_their_child(new_page, world):
    page = new_page()
    x, y = world.student_x, world.student_y
    log_in(page, world.users["parent_x"].username)

    # the home page's card of the one child (family.home), linked to the child's page
    child_links = page.locator("#family-home a[href^='/people/students/']")
    assert child_links.count() == 1
    assert child_links.first.get_attribute("href") == f"/people/students/{x.pk}/"
    assert x.name in child_links.first.inner_text()
    assert y.name not in page.content()
    assert_fits_phone(page)

    # "My children" with one child opens that child's page, not the searchable list
    nav_to(page, "/people/mine/")
    page.wait_for_url(f"**/people/students/{x.pk}/")
    page.locator("#family-child-block").wait_for()
    assert x.name in page.locator("main h1").inner_text()
    assert page.locator("#mainnav a[href='/people/students/']").count() == 0
    assert_fits_phone(page)

    assert_not_found(page, f"/people/students/{y.pk}/")


def test_director_reveals_a_phone_and_sees_it_logged(new_page, world):
    page = new_page(**DESKTOP)
    x = world.student_x
    phones = {world.guardian_x.phone, world.guardian_x2.phone}
    log_in(page, world.users["director"].username)

    page.goto(f"/people/students/{x.pk}/")
    span = page.locator("span.sensitive[data-field=phone]").first
    masked = span.inner_text().strip()
    assert re.match(r"^1\d{2}\*{4}\d{4}", masked), f"phone should be masked, got {masked!r}"
    assert not any(p in page.content() for p in phones)

    with page.expect_response(lambda r: "/people/reveal/" in r.url and r.request.method == "POST") as info:
        span.locator(".reveal-btn").click()
    assert info.value.status == 200
    assert page.url.endswith(f"/people/students/{x.pk}/"), "the reveal is an htmx swap, not a page load"
    revealed = span.locator(".revealed")
    revealed.wait_for()
    assert revealed.inner_text().strip() in phones
    assert span.locator(".reveal-btn").count() == 0

    page.goto("/logs/access/?action=reveal")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    # in words: whose record (the guardian, by name) and what of it (the phone), not model names and ids
    person = rows.first.locator("[data-person]").inner_text().strip()
    assert person in (world.guardian_x.name, world.guardian_x2.name), person
    assert rows.first.locator("[data-what]").inner_text().strip() not in ("", "phone")


def test_wrong_password_stays_on_the_login_page(new_page, world):
    page = new_page()
    page.goto("/login/")
    page.fill("input[name=username]", world.users["head_teacher_a"].username)
    page.fill("input[name=password]", "not-the-password")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/login/" in page.url
    error = page.locator("main .alert-danger")
    assert error.is_visible()
    assert error.inner_text().strip()
    assert page.locator("input[name=username]").input_value() == world.users["head_teacher_a"].username
    assert page.locator(".navbar-toggler").count() == 0  # still logged out


PHONE_PAGES = {
    "admin": ["/", "/people/students/", "/people/guardians/", "/people/staff/", "/committee/", "/structure/",
              "/inbox/", "/notices/", "/accounts/", "/accounts/new/", "/logs/access/", "/logs/audit/",
              "/password/", "/account/", "/elders/", "/elders/new/", "/elders/import/", "/elders/match/",
              "/elders/assignments/",
              "/elders/inspections/", "/elders/inspections/new/", "/elders/training/", "/elders/training/new/",
              "/elders/training/induction/", "/elders/care/", "/elders/pairs/", "/elders/young-teachers/",
              "/elders/projects/", "/elders/awards/", "/elders/honours/"],
    "elder": ["/", "/committee/", "/structure/", "/inbox/", "/account/", "/elders/home/", "/elders/me/", "/elders/",
              "/elders/assignments/", "/elders/training/", "/elders/pairs/", "/elders/honours/"],
}


@pytest.mark.parametrize("username", ["admin", "elder"])
def test_every_page_of_the_navigation_fits_a_phone(new_page, world, username):
    """Every page a role reaches from its navigation, plus detail pages, on a 390-px screen."""
    page = new_page()
    log_in(page, username)
    paths = list(PHONE_PAGES[username])
    if username == "admin":
        paths += [f"/people/students/{world.student_x.pk}/", f"/people/guardians/{world.guardian_x.pk}/",
                  f"/people/staff/{world.staff_a.pk}/", f"/accounts/{world.users['head_teacher_a'].pk}/",
                  f"/structure/classes/{world.class_a.pk}/head-teacher/", f"/committee/{world.committee_member.pk}/",
                  f"/elders/{world.elder.pk}/", f"/elders/{world.elder.pk}/edit/", f"/elders/{world.elder.pk}/hours/"]
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_fits_phone(page)
    if username == "elder":
        assert "elder-mode" in (page.locator("body").get_attribute("class") or ""), "on by default for elders"


def test_admin_opens_a_parent_login_on_a_phone_and_the_parent_changes_the_password(new_page, world):
    """An administrator opens a login from a guardian's record; the parent's first login must set a password."""
    admin = new_page()
    log_in(admin, "admin")
    admin.goto(f"/people/guardians/{world.guardian_z.pk}/")
    with admin.expect_navigation():
        admin.click("text=开通登录账号")
    username = admin.locator("#new-username").inner_text()
    password = admin.locator("#new-password").inner_text()
    assert username == world.guardian_z.phone
    parent = new_page()
    log_in(parent, username, password)
    assert "/password/" in parent.url
    parent.fill("input[name=old_password]", password)
    parent.fill("input[name=new_password1]", "Wang-Family-2026")
    parent.fill("input[name=new_password2]", "Wang-Family-2026")
    with parent.expect_navigation():
        parent.click("main form button[type=submit]")
    parent.goto("/people/students/")
    rows = parent.locator("#student-table tbody tr")
    assert rows.count() == 1 and world.student_z.name in rows.first.inner_text()


def test_parent_gives_and_withdraws_screening_consent_on_a_phone(new_page, world):
    """The parent reads the notice and agrees on a phone; the head teacher sees it on the student's page;
    the parent withdraws it and has_consent turns false at once."""
    from xinhuo.people.consent import has_consent
    from xinhuo.people.tests.consent_helpers import publish_all

    notices = publish_all(world)
    x = world.student_x
    row = f"#consent-{x.pk}-screening"

    parent = new_page()
    log_in(parent, world.users["parent_x"].username)
    nav_to(parent, "/people/consents/mine/")
    parent.wait_for_url("**/people/consents/mine/")
    assert parent.locator("section.consent-card").count() == 1, "a parent sees only their own child"
    assert parent.locator(row).get_attribute("data-consent") == "missing"
    assert_fits_phone(parent)
    parent.click(f"{row} summary")  # read the notice
    assert notices["screening"].body in parent.locator(f"{row} .consent-notice-text").inner_text()
    assert_fits_phone(parent)
    ARTIFACTS.mkdir(exist_ok=True)
    parent.screenshot(path=str(ARTIFACTS / "parent-phone-consent-notice.png"), full_page=True)
    with parent.expect_navigation():
        parent.click(f"{row} button.consent-agree")
    assert parent.locator(row).get_attribute("data-consent") == "complete"
    assert parent.locator(f"{row} .consent-mine").count() == 1
    assert has_consent(x, "screening")

    teacher = new_page()
    log_in(teacher, world.users["head_teacher_a"].username)
    teacher.goto(f"/people/students/{x.pk}/")
    item = teacher.locator("#consent-section .consent-item[data-purpose=screening]")
    assert item.get_attribute("data-consent") == "complete"
    assert world.guardian_x.name in item.inner_text()
    assert teacher.locator("#consent-section .consent-item[data-purpose=publicity]").get_attribute(
        "data-consent") == "missing"
    assert_fits_phone(teacher)
    teacher.screenshot(path=str(ARTIFACTS / "teacher-phone-consent-section.png"), full_page=True)

    with parent.expect_navigation():
        parent.click(f"{row} .consent-withdraw button")
    assert parent.url.endswith("/people/consents/mine/")
    assert parent.locator(row).get_attribute("data-consent") == "missing"
    assert not has_consent(x, "screening"), "the withdrawal takes effect at once"
    teacher.reload()
    assert teacher.locator("#consent-section .consent-item[data-purpose=screening]").get_attribute(
        "data-consent") == "missing"


def test_director_imports_a_roster_fixing_the_bad_row_from_the_error_report(new_page, world, tmp_path, settings):
    """Upload a workbook with one bad row, see the problem by row and column, download the error report,
    fix the row in it, upload it again, confirm: the students are there."""
    from openpyxl import load_workbook

    from xinhuo.people.tests.rosterbook import save, student_row, workbook

    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [student_row("2026951", "钱一", seq=1, guardians=[("钱父", "父亲", "13700009511")]),
            student_row("2026952", "钱二", seq=2, klass="3班", 性别="男孩",
                        guardians=[("钱父", "父亲", "13700009511")])]
    upload = save(workbook(rows), tmp_path / "名册.xlsx")
    page = new_page(**DESKTOP)
    log_in(page, world.users["director"].username)
    nav_to(page, "/people/roster/")
    page.wait_for_url("**/people/roster/")
    page.set_input_files("#roster-upload-form input[type=file]", str(upload))
    with page.expect_navigation():
        page.click("#roster-upload-form button[type=submit]")
    problems = page.locator("#roster-errors tbody tr")
    assert problems.count() == 1
    bad = problems.first
    assert (bad.get_attribute("data-row"), bad.get_attribute("data-column")) == ("3", "性别")
    assert "第3行「性别」" in bad.inner_text() and "男孩" in bad.inner_text()
    assert page.locator("#roster-confirm").count() == 0, "no confirm while there is a problem"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "director-roster-preview-errors.png"), full_page=True)

    with page.expect_download() as download:
        page.click("#roster-error-report")
    report = tmp_path / "report.xlsx"
    download.value.save_as(report)
    wb = load_workbook(report)
    ws = wb.active
    head = [c.value for c in ws[1]]
    assert head[-1] == "错误原因" and ws.cell(2, len(head)).value is None
    assert ws.cell(3, len(head)).value.startswith("第3行「性别」")
    ws.cell(3, head.index("性别") + 1).value = "男"  # fixed in the report itself
    fixed = tmp_path / "改好的名册.xlsx"
    wb.save(fixed)

    page.set_input_files("#roster-upload-form input[type=file]", str(fixed))
    with page.expect_navigation():
        page.click("#roster-upload-form button[type=submit]")
    assert page.locator("#roster-errors").count() == 0
    assert page.locator("[data-count=students_create]").inner_text() == "2"
    assert "初一3班" in page.locator("#roster-classes-to-create").inner_text()
    with page.expect_navigation():
        page.click("#roster-confirm")
    page.locator("#roster-done").wait_for()
    page.screenshot(path=str(ARTIFACTS / "director-roster-imported.png"), full_page=True)

    page.goto("/people/students/?q=钱")
    names = page.locator("#student-table tbody tr a").all_inner_texts()
    assert sorted(names) == ["钱一", "钱二"]
    assert "初一3班" in page.locator("#student-table tbody").inner_text()


def test_roster_pages_fit_a_phone(new_page, world, tmp_path, settings):
    """A head teacher on a phone: the roster page, and a preview whose messages are long."""
    from xinhuo.people.tests.rosterbook import save, student_row, workbook

    settings.MEDIA_ROOT = tmp_path / "media"
    page = new_page()
    log_in(page, world.users["head_teacher_a"].username)
    nav_to(page, "/people/roster/")
    page.wait_for_url("**/people/roster/")
    assert page.locator("#roster-upload-form").is_visible() and page.locator("#roster-export-form").is_visible()
    assert_fits_phone(page)
    bad = save(workbook([student_row("2026961", seq=1, 身份证号="11010120130501013", klass="2班")]),
               tmp_path / "bad.xlsx")
    page.set_input_files("#roster-upload-form input[type=file]", str(bad))
    with page.expect_navigation():
        page.click("#roster-upload-form button[type=submit]")
    assert page.locator("#roster-errors tbody tr").count() == 2  # the ID's length; 2班 is not the teacher's class
    assert_fits_phone(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "teacher-phone-roster-errors.png"), full_page=True)
