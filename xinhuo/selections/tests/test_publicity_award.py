"""The publicity (公示) with its objections, and the award: open objections block it, the quota holds, the winners
get certificate numbers, student winners a growth-record entry (once), and a certificate PDF in Chinese."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation
from pdfminer.high_level import extract_text

from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.core.models import AccessLog, Notification
from xinhuo.selections import certificate, services
from xinhuo.selections.models import Objection, Outcome, Review, Selection, SelectionKind, Stage
from xinhuo.selections.tests import helpers as h


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def flat(text: str) -> str:
    return "".join(text.split())


def end_publicity(sel: Selection) -> None:
    Selection.objects.filter(pk=sel.pk).update(publicity_ends=timezone.localdate() - dt.timedelta(days=1))
    sel.refresh_from_db()


def award(w, sel, persona="director"):
    return services.selection_step(actor=w.actor(persona), selection=sel, action="award")


# --- objections --------------------------------------------------------------------------------------------------


def test_anyone_of_the_school_objects_during_the_publicity_and_the_committee_is_told(world):
    n = h.proposed_nomination(world)
    o = services.objection_raise(actor=world.actor("student_y"), nomination=n, text="考试时有违纪")
    assert (o.raised_by, o.is_open) == (world.users["student_y"], True)
    told = set(Notification.objects.filter(title__contains="张小明").values_list("recipient__username", flat=True))
    assert {"director", "leader"} <= told and "student_y" not in told


def test_objections_refused_with_a_reason(world):
    n = h.proposed_nomination(world)
    parent = world.actor("parent_x")  # has an open objection already (helpers)
    with pytest.raises(ValidationError, match="still being handled"):
        services.objection_raise(actor=parent, nomination=n, text="再提一次")
    with pytest.raises(ValidationError) as exc:
        services.objection_raise(actor=world.actor("elder"), nomination=n, text="  ")
    assert "text" in exc.value.message_dict
    end_publicity(n.selection)
    with pytest.raises(ValidationError, match="The publicity ended on"):
        services.objection_raise(actor=world.actor("elder"), nomination=n, text="有异议")
    assert Objection.objects.count() == 1


def test_no_objection_to_someone_off_the_list_or_before_the_publicity(world):
    sel = h.publicity_selection(world)
    off = h.nominate(world, sel, world.student_y, review=Review.REJECTED)
    with pytest.raises(Http404):  # not public: the parent cannot even see it
        services.objection_raise(actor=world.actor("parent_x"), nomination=off, text="x")
    with pytest.raises(ValidationError, match="during the publicity"):  # the committee sees it, still refused
        services.objection_raise(actor=world.actor("leader"), nomination=off, text="x")
    with pytest.raises(Http404):
        services.objection_raise(actor=world.actor("parent_x"), nomination=h.pending_nomination(world),
                                 text="x")
    with pytest.raises(Http404):
        services.objection_raise(actor=world.actor("outsider"), nomination=h.proposed_nomination(world),
                                 text="x")


def test_an_objection_dismissed_keeps_the_nominee_and_tells_the_objector(world):
    o = h.open_objection(world)
    with pytest.raises(ValidationError) as exc:
        services.objection_handle(actor=world.actor("director"), objection=o, outcome="maybe", reply="")
    assert set(exc.value.message_dict) == {"outcome", "reply"}
    services.objection_handle(actor=world.actor("director"), objection=o, outcome=Outcome.DISMISSED,
                              reply="经核实，事迹属实。")
    o.refresh_from_db()
    assert (o.outcome, o.handled_by) == (Outcome.DISMISSED, world.users["director"])
    assert o.nomination.proposed
    assert Notification.objects.filter(recipient=world.users["parent_x"], body="经核实，事迹属实。").exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.objection_handle(actor=world.actor("leader"), objection=o, outcome=Outcome.UPHELD, reply="x")


def test_an_objection_upheld_takes_the_nominee_off_the_list(world):
    o = h.open_objection(world)
    services.objection_handle(actor=world.actor("leader"), objection=o, outcome=Outcome.UPHELD,
                              reply="经核实，存在违纪。")
    n = o.nomination
    n.refresh_from_db()
    assert (n.proposed, n.review) == (False, Review.REJECTED)
    assert "经核实，存在违纪。" in n.review_comment


@pytest.mark.parametrize("persona", ["head_teacher_a", "elder", "parent_x", "outsider"])
def test_only_the_committee_answers_objections(world, persona):
    o = h.open_objection(world)
    with pytest.raises(Http404):
        services.objection_handle(actor=world.actor(persona), objection=o, outcome=Outcome.DISMISSED,
                                  reply="x")
    o.refresh_from_db()
    assert o.is_open


# --- the award ---------------------------------------------------------------------------------------------------


def test_the_award_waits_for_the_end_of_the_publicity_and_for_every_objection(world):
    sel = h.publicity_selection(world)
    with pytest.raises(ValidationError, match="the award can be made from the day after"):
        award(world, sel)
    end_publicity(sel)
    with pytest.raises(ValidationError, match="1 objection"):
        award(world, sel)
    sel.refresh_from_db()
    assert sel.stage == Stage.PUBLICITY and not sel.nominations.filter(awarded_at__isnull=False).exists()
    assert not GrowthEntry.objects.exists()
    services.objection_handle(actor=world.actor("director"), objection=h.open_objection(world),
                              outcome=Outcome.DISMISSED, reply="属实")
    award(world, sel)
    sel.refresh_from_db()
    assert sel.stage == Stage.AWARDED


def test_the_award_gives_numbers_growth_entries_once_and_tells_the_winners(world):
    sel = h.publicity_selection(world)
    y = h.nominate(world, sel, world.student_y, review=Review.ACCEPTED, proposed=True, rank=2)
    Objection.objects.all().delete()
    end_publicity(sel)
    award(world, sel)
    today = timezone.localdate()
    x = sel.nominations.get(student=world.student_x)
    y.refresh_from_db()
    assert (x.certificate_no, y.certificate_no) == (f"PX{today.year}-{sel.pk}-01", f"PX{today.year}-{sel.pk}-02")
    assert x.awarded_at and y.awarded_at
    entry = GrowthEntry.objects.get(student=world.student_x)
    assert (entry.kind, entry.on, entry.internal) == (GrowthKind.AWARD, today, False)
    assert entry.title == "获评“美德少年”（美德少年·公示中）"
    assert entry.source_ref == f"selection:{sel.pk}:nomination:{x.pk}"
    assert GrowthEntry.objects.count() == 2
    services._growth_entries(sel, x, today)  # the same source again: still one entry
    assert GrowthEntry.objects.filter(student=world.student_x).count() == 1
    told = set(Notification.objects.filter(title__contains=sel.title, title__endswith="Awarded")
               .values_list("recipient__username", flat=True))
    assert {"student", "student_y", "parent", "director"} <= told  # winners, a parent, the nominator


def test_a_red_class_honour_goes_on_each_student_s_record(world):
    sel = h.selection(world, "红色班级评选", kind=SelectionKind.RED_CLASS, voting=False, stage=Stage.PUBLICITY,
                      quota=1)
    h.nominate(world, sel, world.class_a, by="head_teacher_a", review=Review.ACCEPTED, proposed=True, rank=1)
    end_publicity(sel)
    award(world, sel)
    entries = GrowthEntry.objects.order_by("student__name")
    assert {e.student_id for e in entries} == {world.student_x.pk, world.student_y.pk}
    assert all(e.title.startswith("所在班级获评“红色班级”") for e in entries)


def test_nobody_is_awarded_beyond_the_quota(world):
    sel = h.selection(world, "名额一个", stage=Stage.PUBLICITY, quota=1)
    h.nominate(world, sel, world.student_x, review=Review.ACCEPTED, proposed=True, rank=1)
    h.nominate(world, sel, world.student_y, review=Review.ACCEPTED, proposed=True, rank=2)
    end_publicity(sel)
    with pytest.raises(ValidationError, match="the quota is 1"):
        award(world, sel)
    assert not sel.nominations.filter(awarded_at__isnull=False).exists() and not GrowthEntry.objects.exists()


def test_nobody_left_on_the_list_means_no_award(world):
    sel = h.publicity_selection(world)
    services.objection_handle(actor=world.actor("director"), objection=h.open_objection(world),
                              outcome=Outcome.UPHELD, reply="不属实")
    end_publicity(sel)
    with pytest.raises(ValidationError, match="Nobody is left"):
        award(world, sel)


# --- the certificate ---------------------------------------------------------------------------------------------


def render(n) -> bytes:
    buf = io.BytesIO()
    certificate.render_certificate(n, buf, school_name="薪火实验中学")
    return buf.getvalue()


def test_the_certificate_reads_back_in_chinese(world):
    n = h.winner(world)
    data = render(n)
    assert data.startswith(b"%PDF")
    body = flat(extract_text(io.BytesIO(data)))
    assert "荣誉证书" in body and "张小明同学：" in body
    assert "中，经推荐、审核、投票和公示，被评为“美德少年”。特发此证，以资鼓励。" in body
    assert "薪火实验中学关工委" in body and f"证书编号：{n.certificate_no}" in body


def test_an_elder_and_a_class_are_addressed_as_such(world):
    sel = h.selection(world, "优秀五老评选", kind=SelectionKind.OUTSTANDING_ELDER, voting=False,
                      stage=Stage.AWARDED)
    e = h.nominate(world, sel, world.elder, review=Review.ACCEPTED, proposed=True, rank=1, awarded=True)
    body = flat(extract_text(io.BytesIO(render(e))))
    assert "周老同志：" in body and "经推荐、审核和公示，被评为“优秀五老”" in body
    classes = h.selection(world, "红色班级", kind=SelectionKind.RED_CLASS, voting=False, stage=Stage.AWARDED)
    c = h.nominate(world, classes, world.class_a, review=Review.ACCEPTED, proposed=True, rank=1, awarded=True)
    assert "初一1班全体同学：" in flat(extract_text(io.BytesIO(render(c))))


@pytest.mark.parametrize("persona", ["director", "leader", "head_teacher_a", "parent_x", "student_x"])
def test_the_winner_their_family_their_head_teacher_and_the_committee_print_it(world, persona):
    n = h.winner(world)
    response = world.client(persona).get(f"/selections/nominations/{n.pk}/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert "张小明同学" in flat(extract_text(io.BytesIO(data)))
    assert AccessLog.objects.filter(action="export", object_type="selection_certificate", object_id=str(n.pk),
                                    user=world.users[persona]).exists()


@pytest.mark.parametrize("persona", ["student_y", "head_teacher_b", "elder", "counsellor", "admin", "outsider"])
def test_others_get_404_for_the_certificate(world, persona):
    n = h.winner(world)
    assert world.client(persona).get(f"/selections/nominations/{n.pk}/certificate/").status_code == 404


def test_no_certificate_before_the_award(world):
    n = h.proposed_nomination(world)
    assert world.client("director").get(f"/selections/nominations/{n.pk}/certificate/").status_code == 404
