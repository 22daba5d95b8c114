"""A parent listens to a family-education micro-lecture on a 390 × 844 phone (Playwright): from the library's home
page to the collection, the lecture's page with its player, which loads and seeks over the ranged stream; the
parent adds it to their favourites and rates it, then finds it again with the search box; nothing is wider than the
phone."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.family.school.demo import placeholder_audio
from xinhuo.library.models import Favourite, Rating
from xinhuo.library.resources import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def poll(locator, predicate: str, tries: int = 200) -> None:
    """Polled from here: wait_for_function's string predicate is evaluated in the page, which the CSP may refuse
    when the wait has to poll (a slow machine)."""
    for _ in range(tries):
        if locator.evaluate(predicate):
            return
        locator.page.wait_for_timeout(50)
    raise AssertionError(f"never true: {predicate}")


def test_a_parent_listens_to_a_micro_lecture_on_a_phone(new_page, world):  # noqa: F811
    cache.clear()
    director = world.actor("director")
    family = services.collection_save(actor=director, title="家庭教育微课", description="家长学校的微课")
    lecture = services.resource_save(
        actor=director, kind="audio", title="家庭教育微课01：学会倾听孩子说话", summary="十分钟，三个小建议。",
        audiences=["parents"], status="published", collections=[family.pk], tags="家庭教育,微课",
        upload=SimpleUploadedFile("倾听.wav", placeholder_audio(6.0)))
    page = new_page()
    log_in(page, world.users["parent_x"].username)
    page.goto("/library/resources/")
    page.locator("#library-collections a", has_text="家庭教育微课").click()
    page.locator("#library-collection-items a", has_text="学会倾听").click()
    page.wait_for_url(f"**/library/resources/{lecture.pk}/")
    player = page.locator("#library-player")
    player.wait_for()
    poll(player, "p => p.readyState >= 1")
    assert player.evaluate("p => p.duration") > 5
    player.evaluate("p => { p.currentTime = 4; }")
    poll(player, "p => p.seekable.length > 0 && p.seekable.end(0) > 5")
    assert_fits_phone(page)
    page.locator("#library-favourite").click()
    page.wait_for_url(f"**/library/resources/{lecture.pk}/")
    page.locator("#library-rate button[value='5']").click()
    page.wait_for_url(f"**/library/resources/{lecture.pk}/")
    assert Favourite.objects.filter(resource=lecture, user=world.users["parent_x"]).exists()
    assert Rating.objects.get(resource=lecture).stars == 5
    lecture.refresh_from_db()
    assert lecture.view_count == 1  # three visits of the page today, one view
    # a week later: the parent finds it again with the library's one search box
    page.goto("/library/resources/")
    page.locator("#search-box input[name=q]").fill("倾听孩子")
    page.locator("#search-box button").click()
    page.locator(f"#search-results a[data-kind=resource][data-id='{lecture.pk}']").click()
    page.wait_for_url(f"**/library/resources/{lecture.pk}/")
    assert_fits_phone(page)
