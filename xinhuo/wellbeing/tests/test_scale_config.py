"""The counsellor's configured scales (PSY-1): written one line per option, item and band, they score as
scales.score says; a line that cannot be read is named and nothing is written; a gap in the bands keeps a scale
from being ready; a scale a screening uses is frozen and copied instead; a standard scale's code is refused;
another school's scale does not exist; only the counsellors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from xinhuo.wellbeing.models import Campaign, CampaignScale, Scale, ScaleItem
from xinhuo.wellbeing.scales import BandSpec, ItemSpec, OptionSpec, Risk, ScaleSpec, score
from xinhuo.wellbeing.scales_config import services
from xinhuo.wellbeing.scales_config.forms import ScaleForm, parse_items

from .matrix_scales import configured_scale
from .matrix_screening import a_campaign, standard_scale

pytestmark = pytest.mark.django_db

OPTIONS = "从不=0\n有时=1\n经常=2"
ITEMS = """我担心考试 | 学业
我能放松下来 | 反向 | 学业
我和同学相处融洽 | 反向 | 人际
我想伤害自己 | 预警≥1
你愿意和老师谈谈吗？ | 不计分 | 选项:不愿意=0;愿意=1"""
BANDS = """0-3 正常 无
4-6 偏高 关注
7-8 很高 预警
学业: 0-2 正常
学业: 3-4 偏高 关注"""


def form(**over) -> dict:
    return {"name": "学习压力量表", "code": "stress", "instructions": "最近一个月，下面的说法符合你吗？",
            "source": "本校心理组 2026", "options": OPTIONS, "items": ITEMS, "bands": BANDS, **over}


def test_a_counsellor_writes_a_scale_with_reverse_items_and_subscales_and_it_scores_as_scales_score(world):
    c = world.client("counsellor")
    page = c.get(reverse("wellbeing:scale-new"))
    assert page.status_code == 200 and 'id="scale-form"' in page.content.decode()
    saved = c.post(reverse("wellbeing:scale-new"), form())
    assert saved.status_code == 302
    scale = Scale.objects.get(school=world.school, code="stress")
    assert saved["Location"] == reverse("wellbeing:scale-detail", args=[scale.pk])
    assert (scale.ready, scale.standard, scale.created_by) == (False, False, world.users["counsellor"])
    often = (OptionSpec("从不", 0), OptionSpec("有时", 1), OptionSpec("经常", 2))
    expected = ScaleSpec(
        code="stress", name="学习压力量表", instructions="最近一个月，下面的说法符合你吗？", options=often,
        items=(ItemSpec(1, "我担心考试", subscale="学业"), ItemSpec(2, "我能放松下来", reverse=True, subscale="学业"),
               ItemSpec(3, "我和同学相处融洽", reverse=True, subscale="人际"), ItemSpec(4, "我想伤害自己", alert_at=1),
               ItemSpec(5, "你愿意和老师谈谈吗？", (OptionSpec("不愿意", 0), OptionSpec("愿意", 1)), scored=False)),
        bands=(BandSpec(0, 3, "正常", Risk.NONE), BandSpec(4, 6, "偏高", Risk.ATTENTION),
               BandSpec(7, 8, "很高", Risk.WARNING), BandSpec(0, 2, "正常", Risk.NONE, "学业"),
               BandSpec(3, 4, "偏高", Risk.ATTENTION, "学业")),
        source="本校心理组 2026")
    spec = scale.spec()
    assert spec == expected
    # reverse-scored: "从不" (0) on 我能放松下来 and 我和同学相处融洽 scores 2 each
    result = score(spec, {1: 2, 2: 0, 3: 0, 4: 0, 5: 1})
    assert (result.total, result.subscales) == (6, {"学业": 4, "人际": 2})
    assert result.band == BandSpec(4, 6, "偏高", Risk.ATTENTION)
    assert result.subscale_bands["学业"].label == "偏高" and result.risk == Risk.ATTENTION
    assert score(spec, {1: 0, 2: 2, 3: 2, 4: 1, 5: 0}).risk == Risk.CRISIS, "an alert item answered"
    assert score(spec, {1: 0, 2: 2, 3: 2, 4: 0, 5: 0}) == score(expected, {1: 0, 2: 2, 3: 2, 4: 0, 5: 0})
    # the page shows it, with a preview of the first questions
    detail = c.get(reverse("wellbeing:scale-detail", args=[scale.pk])).content.decode()
    assert all(t in detail for t in ("我担心考试", "我能放松下来", "人际", "本校心理组 2026", 'id="preview"'))
    assert 'id="problems"' not in detail
    # ready; then choosable for a screening
    assert c.post(reverse("wellbeing:scale-ready", args=[scale.pk])).status_code == 302
    assert Scale.objects.get(pk=scale.pk).ready
    listing = c.get(reverse("wellbeing:scales")).content.decode()
    assert "学习压力量表" in listing and standard_scale("phq9").name in listing


def test_the_form_writes_a_scale_back_as_the_lines_it_reads(world):
    scale = standard_scale("phqa")
    bound = ScaleForm(ScaleForm.initial_for(scale.spec()) | {"code": "phqa-school"})
    assert bound.is_valid(), bound.errors
    d = bound.cleaned_data
    assert (d["options"], d["items"], d["bands"]) == (scale.spec().options, scale.spec().items, scale.spec().bands)


@pytest.mark.parametrize(("field", "text", "line"), [
    ("options", "从不=0\n有时\n经常=2", 2),
    ("options", "从不=0\n\n经常=两", 3),
    ("items", "我担心考试\n | 反向\n我能放松下来", 2),
    ("items", "我担心考试\n我能放松下来 | 预警≥很多", 2),
    ("items", "我担心考试 | 学业 | 人际", 1),
    ("items", "我担心考试\n我能放松下来\n我想伤害自己 | 选项:是", 3),
    ("bands", "0-3 正常 无\n4到 偏高", 2),
    ("bands", "0-3 正常 无\n4-6 偏高 很危险", 2),
])
def test_a_line_that_cannot_be_read_is_named_and_nothing_is_written(world, field, text, line):
    c = world.client("counsellor")
    refused = c.post(reverse("wellbeing:scale-new"), form(**{field: text}))
    assert refused.status_code == 400
    prefix = gettext("Line %(line)d: %(problem)s") % {"line": line, "problem": ""}
    assert prefix.strip() in refused.content.decode()
    assert not Scale.objects.filter(school=world.school).exists()
    assert not ScaleItem.objects.filter(scale__school=world.school).exists()


def test_an_unknown_mark_names_its_line():
    with pytest.raises(ValidationError) as refused:
        parse_items("我担心考试\n\n我能放松下来 | 反相 | 学业")
    assert refused.value.messages[0].startswith(gettext("Line %(line)d: %(problem)s") % {"line": 3, "problem": ""})


def test_rules_the_lines_cannot_show_are_the_services(world):
    c = world.client("counsellor")
    same = c.post(reverse("wellbeing:scale-new"), form(options="从不=0\n有时=0"))
    assert same.status_code == 400
    assert gettext("%(what)s: give at least two options, each with a different score.") % {
        "what": gettext("The options")} in same.content.decode()
    orphan = c.post(reverse("wellbeing:scale-new"), form(bands="0-8 正常 无\n情绪: 0-2 正常"))
    assert orphan.status_code == 400
    assert not Scale.objects.filter(school=world.school).exists()


def test_a_gap_in_the_bands_keeps_the_scale_from_being_ready(world):
    c = world.client("counsellor")
    assert c.post(reverse("wellbeing:scale-new"), form(bands="0-3 正常 无\n5-8 偏高 关注")).status_code == 302
    scale = Scale.objects.get(school=world.school, code="stress")
    detail = c.get(reverse("wellbeing:scale-detail", args=[scale.pk])).content.decode()
    assert 'id="problems"' in detail
    problem = gettext("The bands must cover every total from %(low)d to %(high)d exactly once (not so for "
                      "%(values)s).") % {"low": 0, "high": 8, "values": "4"}
    assert problem in detail
    refused = c.post(reverse("wellbeing:scale-ready", args=[scale.pk]), follow=True)
    assert problem in refused.content.decode()
    assert not Scale.objects.get(pk=scale.pk).ready
    with pytest.raises(ValidationError):
        services.scale_ready(actor=world.actor("counsellor"), scale=scale)
    # filled: ready
    assert c.post(reverse("wellbeing:scale-edit", args=[scale.pk]),
                  form(bands="0-4 正常 无\n5-8 偏高 关注")).status_code == 302
    services.scale_ready(actor=world.actor("counsellor"), scale=scale)
    assert Scale.objects.get(pk=scale.pk).ready


def test_a_used_scale_cannot_be_edited_but_can_be_copied(world):
    scale = configured_scale(world, ready=True)
    campaign = a_campaign(world, "压力调查", status="draft")
    CampaignScale.objects.create(campaign=campaign, scale=scale, order=1)
    before = scale.spec()
    c = world.client("counsellor")
    edit = c.get(reverse("wellbeing:scale-edit", args=[scale.pk]), follow=True)
    assert edit.redirect_chain[-1][0] == reverse("wellbeing:scale-detail", args=[scale.pk])
    assert c.post(reverse("wellbeing:scale-edit", args=[scale.pk]), form(code="stress")).status_code == 302
    with pytest.raises(ValidationError):
        services.scale_save(actor=world.actor("counsellor"), scale=scale, **ScaleForm.initial_for(before) | {
            "options": before.options, "items": before.items[:1], "bands": before.bands})
    assert Scale.objects.get(pk=scale.pk).spec() == before
    detail = c.get(reverse("wellbeing:scale-detail", args=[scale.pk])).content.decode()
    assert 'id="frozen"' in detail and "压力调查" in detail and 'id="scale-edit"' not in detail
    copied = c.post(reverse("wellbeing:scale-copy", args=[scale.pk]))
    copy = Scale.objects.exclude(pk=scale.pk).get(school=world.school)
    assert copied["Location"] == reverse("wellbeing:scale-edit", args=[copy.pk])
    assert (copy.name, copy.ready, copy.code) == ("学习压力量表（副本）", False, "stress-copy")
    assert copy.spec().items == before.items and copy.spec().bands == before.bands
    assert c.post(reverse("wellbeing:scale-edit", args=[copy.pk]),
                  form(code="stress-copy", items="我担心考试\n我睡不好", bands="0-4 正常 无")).status_code == 302
    assert [i.text for i in Scale.objects.get(pk=copy.pk).spec().items] == ["我担心考试", "我睡不好"]
    assert Scale.objects.get(pk=scale.pk).spec() == before


def test_a_standard_scale_is_read_only_and_its_copy_is_the_schools(world):
    phq9 = standard_scale("phq9")
    c = world.client("counsellor")
    detail = c.get(reverse("wellbeing:scale-detail", args=[phq9.pk])).content.decode()
    assert phq9.source in detail and "有不如死掉或用某种方式伤害自己的念头" in detail
    assert c.get(reverse("wellbeing:scale-edit", args=[phq9.pk])).status_code == 404
    assert c.post(reverse("wellbeing:scale-ready", args=[phq9.pk])).status_code == 404
    assert c.post(reverse("wellbeing:scale-copy", args=[phq9.pk])).status_code == 302
    copy = Scale.objects.get(school=world.school)
    assert (copy.code, copy.standard, copy.spec().items) == ("phq9-copy", False, phq9.spec().items)


def test_a_standard_scales_code_or_a_taken_one_is_refused(world):
    c = world.client("counsellor")
    standard_scale("phq9")
    clash = c.post(reverse("wellbeing:scale-new"), form(code="phq9"))
    assert clash.status_code == 400
    assert escape(gettext("The code “%(code)s” is a standard scale's: choose another.") % {"code": "phq9"}) in \
        clash.content.decode()
    configured_scale(world)
    taken = c.post(reverse("wellbeing:scale-new"), form(code="stress"))
    assert taken.status_code == 400
    assert Scale.objects.filter(school=world.school).count() == 1


def test_another_schools_scale_does_not_exist_here(world):
    theirs = configured_scale(world, "外校量表", "theirs", school=world.other)
    c = world.client("counsellor")
    for name in ("wellbeing:scale-detail", "wellbeing:scale-edit"):
        assert c.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in ("wellbeing:scale-copy", "wellbeing:scale-ready"):
        assert c.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert "外校量表" not in c.get(reverse("wellbeing:scales")).content.decode()
    # the same code is free in another school
    assert c.post(reverse("wellbeing:scale-new"), form(code="theirs")).status_code == 302
    assert not Scale.objects.get(pk=theirs.pk).ready


def test_only_the_counsellors(world):
    scale = configured_scale(world)
    for persona in ("director", "leader", "head_teacher_a", "student_x", "parent_x", "admin"):
        c = world.client(persona)
        assert c.get(reverse("wellbeing:scales")).status_code == 404
        assert c.post(reverse("wellbeing:scale-new"), form(code="x")).status_code == 404
        assert c.post(reverse("wellbeing:scale-ready", args=[scale.pk])).status_code == 404
    with pytest.raises(Http404):
        services.scale_save(actor=world.actor("director"), **form(code="x") | {
            "options": (OptionSpec("否", 0), OptionSpec("是", 1)), "items": (ItemSpec(1, "x"),), "bands": ()})
    assert Scale.objects.filter(school=world.school).count() == 1
    assert not Campaign.objects.exists()
