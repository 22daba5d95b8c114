"""The app registry: what the apps declare is what core serves, and bad declarations fail loudly at start-up."""

from __future__ import annotations

import io
from contextlib import ExitStack
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.urls import reverse

from xinhuo.core import registry
from xinhuo.core.navigation import navigation_for
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry


@pytest.fixture
def installed():
    """Replace the installed manifests for the rest of one test."""
    with ExitStack() as stack:
        yield lambda *manifests: stack.enter_context(registry.override(*manifests))


def test_every_installed_domain_app_declares_a_manifest():
    from django.apps import apps

    labels = {m.label for m in registry.manifests()}
    domain = {c.label for c in apps.get_app_configs() if c.name.startswith("xinhuo.")}
    assert labels == domain


def test_a_capability_declared_by_two_apps_is_refused(installed):
    installed(AppManifest("a", capabilities={"x.view": frozenset({"admin"})}),
              AppManifest("b", capabilities={"x.view": frozenset({"director"})}))
    with pytest.raises(ValueError, match="x.view"):
        registry.capabilities()


def test_demo_steps_run_after_what_they_need_and_refuse_cycles(installed):
    installed(AppManifest("late", demo=DemoStep("m.late", after=("early",))),
              AppManifest("early", demo=DemoStep("m.early")))
    assert [label for label, _step in registry.demo_steps()] == ["early", "late"]
    installed(AppManifest("a", demo=DemoStep("m.a", after=("b",))),
              AppManifest("b", demo=DemoStep("m.b", after=("a",))))
    with pytest.raises(ValueError, match="cycle"):
        registry.demo_steps()
    installed(AppManifest("a", demo=DemoStep("m.a", after=("nobody",))))
    with pytest.raises(ValueError, match="nobody"):
        registry.demo_steps()


def test_a_hook_needs_exactly_one_provider(installed):
    installed(AppManifest("a"))
    with pytest.raises(LookupError):
        registry.hook("reveal.url")
    installed(AppManifest("a", provides={"reveal.url": "os.path.join"}),
              AppManifest("b", provides={"reveal.url": "os.path.join"}))
    with pytest.raises(LookupError):
        registry.hook("reveal.url")
    with pytest.raises(KeyError):
        registry.hook("no.such.hook")


def test_api_routes_with_a_longer_prefix_come_first(installed):
    installed(AppManifest("a", api_routes=(ApiRoute("elders", "v.E", "e"), ApiRoute("elders/awards", "v.A", "a"))))
    assert [r.prefix for r in registry.api_routes()] == ["elders/awards", "elders"]
    # the real router resolves a sub-resource before an id under the shorter prefix
    assert reverse("api:elder-award-list") == "/api/v1/elders/awards/"


def test_navigation_follows_declared_order_and_capabilities(world):
    director = world.actor("director")
    parent = world.actor("parent_x")
    labels = [e["label"] for e in navigation_for(director, "/")]
    assert labels[0] == "首页"
    flat = {str(c["label"]) for e in navigation_for(parent, "/") for c in e.get("children", [e])}
    # parents see their children (not the staff's searchable list of students), never the logs
    assert "我的孩子" in flat and "学生" not in flat and "日志" not in flat


def test_an_app_added_by_its_manifest_alone_gets_nav_and_capability(world, installed):
    news = next(m for m in registry.manifests() if m.label == "news")
    core = next(m for m in registry.manifests() if m.label == "core")
    extra = replace(news, label="extra", capabilities={"extra.view": frozenset({"director"})},
                    nav=(NavEntry("额外", "news:list", "extra.view", "/extra/", order=1),), nav_groups={})
    installed(core, extra, replace(news, nav=()))
    director = world.actor("director")
    parent = world.actor("parent_x")
    assert director.can("extra.view") and not parent.can("extra.view")
    assert navigation_for(director, "/")[0]["label"] == "额外"
    assert "额外" not in [e["label"] for e in navigation_for(parent, "/")]


def test_describe_apps_lists_each_apps_declarations():
    out = io.StringIO()
    call_command("describe_apps", "care", stdout=out)
    text = out.getvalue()
    assert "/care/" in text and "care.overview" in text and "xinhuo.care.tasks.care_reminders_task" in text
    assert "plans" not in text.split("\n")[0]


def effect_block(actor, obj):
    """A panel context of the "activity" place (test below): shown for even ids only."""
    return {"who": actor, "id": obj} if obj % 2 == 0 else None


def test_object_panels_get_the_actor_and_the_object_and_skip_none(installed):
    from xinhuo.core.registry import Panel

    path = "xinhuo.core.tests.test_registry.effect_block"
    installed(AppManifest("a", panels=(Panel("late", "b.html", path, order=9, place="activity"),
                                       Panel("early", "a.html", path, order=1, place="activity"),
                                       Panel("dash", "c.html", path, place="list"))))
    assert registry.object_panels("activity", "me", 4) == [
        {"template": "a.html", "data": {"who": "me", "id": 4}}, {"template": "b.html", "data": {"who": "me", "id": 4}}]
    assert registry.object_panels("activity", "me", 3) == []
    with pytest.raises(KeyError):
        registry.object_panels("nowhere", "me", 4)
