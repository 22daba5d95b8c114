"""Correcting a growth-record entry: the committee any entry, a head teacher those they wrote in their classes;
entries written by other modules are corrected at their source; the change history keeps the old text."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.growth import selectors, services
from xinhuo.care.models import GrowthEntry
from xinhuo.care.tests.helpers import visible

DAY = dt.date(2026, 11, 2)


def entry(world, student, by, **kw):
    return GrowthEntry.objects.create(school=student.school, student=student, kind=kw.pop("kind", "moral_note"),
                                      on=DAY, title=kw.pop("title", "班会发言积极"), internal=True,
                                      recorded_by=world.users[by] if by else None, **kw)


@pytest.fixture
def entries(world):
    return {
        "a_by_teacher": entry(world, world.student_x, "head_teacher_a"),
        "a_by_counsellor": entry(world, world.student_y, "counsellor"),
        "b_by_teacher": entry(world, world.student_z, "head_teacher_b"),
        "from_activity": entry(world, world.student_x, None, kind="activity", title="研学", source_ref="activity:1"),
        "other_school": entry(world, world.other_student, None),
    }


def test_rule_and_selector_agree_for_every_persona(world, entries):
    wrong = []
    for persona in PERSONAS:
        actor = world.actor(persona)
        shown = visible(selectors.editable_growth_entries, actor)
        for e in GrowthEntry.objects.select_related("student"):
            if rules.can(actor, "edit_growth_entry", e) != (e.pk in shown):
                wrong.append(f"{persona} {e.title} {e.student}")
    assert not wrong, wrong
    ids = lambda persona: visible(selectors.editable_growth_entries, world.actor(persona))  # noqa: E731
    ours = {entries[k].pk for k in ("a_by_teacher", "a_by_counsellor", "b_by_teacher")}
    assert ids("director") == ours == ids("counsellor")
    assert ids("head_teacher_a") == {entries["a_by_teacher"].pk}  # not the counsellor's note in their class
    assert ids("parent_x") == set() == ids("elder")


def test_a_correction_changes_the_entry_and_the_history_keeps_the_old_text(world, entries):
    teacher = world.actor("head_teacher_a")
    e = entries["a_by_teacher"]
    services.growth_entry_update(actor=teacher, entry=e, kind="moral_note", on=DAY, title="主题班会发言积极",
                                 detail="主动分享家乡变化", internal=False)
    e.refresh_from_db()
    assert (e.title, e.detail, e.internal) == ("主题班会发言积极", "主动分享家乡变化", False)
    change = LogEntry.objects.get_for_object(e).filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["title"] == ["班会发言积极", "主题班会发言积极"]
    assert change.actor == world.users["head_teacher_a"]


def test_bad_corrections_are_refused_and_change_nothing(world, entries):
    director = world.actor("director")
    e = entries["a_by_teacher"]
    with pytest.raises(ValidationError) as exc:
        services.growth_entry_update(actor=director, entry=e, kind="moral_note", on=dt.date(2999, 1, 1), title="")
    assert set(exc.value.message_dict) == {"on", "title"}
    with pytest.raises(Http404):  # another module's entry
        services.growth_entry_update(actor=director, entry=entries["from_activity"], kind="activity", on=DAY,
                                     title="改")
    with pytest.raises(Http404):  # not theirs
        services.growth_entry_update(actor=world.actor("head_teacher_a"),
                                     entry=entries["a_by_counsellor"], kind="moral_note", on=DAY, title="改")
    e.refresh_from_db()
    assert e.title == "班会发言积极" and GrowthEntry.objects.get(pk=entries["from_activity"].pk).title == "研学"


def test_the_page_offers_correct_only_where_allowed(world, entries):
    url = reverse("care:growth-detail", args=[world.student_x.pk])
    edit = reverse("care:growth-entry-edit", args=[entries["a_by_teacher"].pk])
    assert edit in world.client("head_teacher_a").get(url).content.decode()
    assert reverse("care:growth-entry-edit", args=[entries["from_activity"].pk]) not in (
        world.client("director").get(url).content.decode())
    c = world.client("head_teacher_a")
    r = c.post(edit, {"kind": "moral_note", "on": DAY.isoformat(), "title": "更正后的标题", "detail": "",
                      "hours": "", "internal": "on"})
    assert r.status_code == 302
    assert GrowthEntry.objects.get(pk=entries["a_by_teacher"].pk).title == "更正后的标题"
    # a day to come (within the years any date field takes, 1900–2100, which has a message of its own)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    r = c.post(edit, {"kind": "moral_note", "on": future, "title": "未来", "detail": "", "hours": ""})
    assert r.status_code == 400 and "日期不能晚于今天" in r.content.decode()
    r = c.post(edit, {"kind": "moral_note", "on": "2999-01-01", "title": "未来", "detail": "", "hours": ""})
    assert r.status_code == 400
    assert GrowthEntry.objects.get(pk=entries["a_by_teacher"].pk).title == "更正后的标题"
