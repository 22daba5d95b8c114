"""The Content-Security-Policy in the browser (issue 21, finding 12).

Every journey fails on a refusal (test_browser.new_page); these check that the guard itself catches one, and that
what the pages did with inline scripts and handlers still works from the static files under the policy.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.core.tests.test_browser import DESKTOP, browser, log_in, new_page, watch_csp  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUB_PRINT = "window.print = function () { window.printed = (window.printed || 0) + 1; };"


def test_the_guard_catches_what_the_policy_refuses(browser, live_server):  # noqa: F811
    ctx = browser.new_context(base_url=live_server.url)
    try:
        page = ctx.new_page()
        refused: list[str] = []
        watch_csp(page, refused)
        page.goto("/login/")
        with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
            page.evaluate("""() => {
                const s = document.createElement("script");
                s.textContent = "window.ran = 'script'";
                document.body.append(s);
                document.body.insertAdjacentHTML("beforeend", '<img src="data:," onload="window.ran = \\'handler\\'">');
                document.head.insertAdjacentHTML("beforeend", "<style>body { display: none }</style>");
            }""")
        page.wait_for_timeout(300)  # the image's load and the rest of the reports
        assert page.evaluate("window.ran") is None, "an injected script or handler ran"
        assert page.locator("body").is_visible(), "an injected style element applied"
        assert any("script-src" in r for r in refused) and any("style-src-elem" in r for r in refused), refused
    finally:
        ctx.close()


def test_htmx_is_set_up_for_the_policy(new_page, world):  # noqa: F811
    page = new_page()
    log_in(page, world.users["director"].username)
    config = page.evaluate("() => [htmx.config.allowEval, htmx.config.includeIndicatorStyles]")
    assert config == [False, False]
    assert page.locator("style").count() == 0, "no style element of htmx's own (the policy would refuse it)"


def test_the_language_switch_submits_on_change(new_page):  # noqa: F811
    page = new_page()
    page.goto("/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/login/")


def test_a_confirmed_form_asks_first(new_page, world):  # noqa: F811
    page = new_page(**DESKTOP)
    log_in(page, world.users["admin"].username)
    elder = world.users["elder"]
    page.goto(reverse("account-detail", args=[elder.pk]))
    form = page.locator(f"form[action='{reverse('account-reset-password', args=[elder.pk])}']")
    question = form.get_attribute("data-confirm")
    assert question
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    form.locator("button").click()
    page.wait_for_timeout(500)
    assert asked == [question]
    elder.refresh_from_db()
    assert not elder.must_change_password, "cancelling the question must not reset the password"

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        form.locator("button").click()
    elder.refresh_from_db()
    assert elder.must_change_password, "confirming resets the password"


def test_print_buttons_print(new_page, world):  # noqa: F811
    from xinhuo.plans.tests.matrix import a_plan

    page = new_page(**DESKTOP)
    page.add_init_script(STUB_PRINT)
    log_in(page, world.users["director"].username)
    page.goto(reverse("care:growth-detail", args=[world.student_x.pk]))
    page.click("#print")
    assert page.evaluate("window.printed") == 1
    page.goto(reverse("plans:print", args=[a_plan(world).pk]))  # a page of its own, outside the site's frame
    page.click(".toolbar button")
    assert page.evaluate("window.printed") == 1


def test_the_activity_form_shows_the_kinds_fields(new_page, world):  # noqa: F811
    page = new_page(**DESKTOP)
    log_in(page, world.users["director"].username)
    page.goto(reverse("activities:new"))
    kinds = page.locator("#id_kind option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert len(kinds) > 1
    seen = set()
    for kind in kinds:
        page.select_option("#id_kind", kind)
        wrong = page.evaluate("""kind => [...document.querySelectorAll(".kind-field")]
            .filter(el => el.hidden === el.dataset.kinds.split(" ").includes(kind))
            .map(el => el.dataset.kinds)""", kind)
        assert wrong == [], f"{kind}: fields shown or hidden wrongly: {wrong}"
        shown = page.locator(".kind-field:not([hidden])").count()
        assert page.locator("#kind-fields").is_hidden() == (shown == 0)
        seen.add(shown)
    assert len(seen) > 1, "the kinds need different fields"


def test_the_mentor_form_shows_the_kinds_fields(new_page, world):  # noqa: F811
    page = new_page(**DESKTOP)
    log_in(page, world.users["director"].username)
    page.goto(reverse("care:mentor-new"))
    page.check("input[name=kind][value=volunteer]")
    assert page.locator("#id_name").is_visible() and page.locator("#id_phone").is_visible()
    assert page.locator("#id_elder").is_hidden()
    page.check("input[name=kind][value=elder]")
    assert page.locator("#id_elder").is_visible()
    assert page.locator("#id_name").is_hidden() and page.locator("#id_phone").is_hidden()


def test_a_moral_note_starts_internal(new_page, world):  # noqa: F811
    page = new_page(**DESKTOP)
    log_in(page, world.users["director"].username)
    page.goto(reverse("care:growth-entry-new", args=[world.student_x.pk]))
    other = page.locator("#id_kind option").evaluate_all(
        "os => os.map(o => o.value).filter(v => v && v !== 'moral_note')")[0]
    page.select_option("#id_kind", "moral_note")
    assert page.is_checked("#id_internal")
    page.select_option("#id_kind", other)
    assert not page.is_checked("#id_internal")
    page.check("#id_internal")  # touched: the kind no longer changes it
    page.select_option("#id_kind", "moral_note")
    page.select_option("#id_kind", other)
    assert page.is_checked("#id_internal")


def test_the_api_documentation_works_under_the_policy(new_page, world):  # noqa: F811
    page = new_page(**DESKTOP)
    log_in(page, world.users["admin"].username)  # the administrator's page (issue 20)
    page.goto(reverse("api-docs"))
    page.locator(".swagger-ui .opblock").first.wait_for()  # Swagger UI ran, loaded the schema and drew it
    assert page.locator(".swagger-ui .info .title").is_visible()
