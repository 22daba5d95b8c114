"""Supervision's services: the default checklist, exact scores (hypothesis), marking done and filing the report in
the archive, every step of a rectification item and its refusals, the evidence file's checks, the notices, and
accountability records that only the leading group may write."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils.translation import override
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from xinhuo.core.models import Notification
from xinhuo.core.tests.helpers import refused_unchanged
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.governance.models import (
    Accountability,
    ArchiveRecord,
    ChecklistItem,
    InspectionStatus,
    Rectification,
    RectificationStatus,
)
from xinhuo.governance.supervision import services
from xinhuo.governance.supervision.services import DEFAULT_CHECKLIST, totals

from .test_supervision_support import make_inspection, make_item, overdue, put_in_leading_group, today

pytestmark = pytest.mark.django_db
S = RectificationStatus


def snapshot():
    return (sorted(Rectification.objects.values_list("pk", "status", "evidence", "evidence_file", "closed_at")),
            sorted(ChecklistItem.objects.values_list("pk", "text", "max_score", "score", "finding")),
            Accountability.objects.count(), ArchiveRecord.objects.count())


refused = partial(refused_unchanged, snapshot)


# --- checklist and scores ----------------------------------------------------------------------------------------


def test_a_new_inspection_starts_with_the_default_checklist_of_100_marks(world):
    inspection = make_inspection(world)
    items = list(inspection.items.order_by("order"))
    assert [i.text for i in items] == [t for t, _m in DEFAULT_CHECKLIST]
    assert sum(i.max_score for i in items) == Decimal("100")
    assert any("经费" in i.text for i in items) and any("档案" in i.text for i in items)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9999), st.integers(0, 9999)), min_size=1, max_size=12))
def test_totals_are_exact(rows):
    pairs = [(Decimal(full) / 10, Decimal(min(score, full)) / 10) for full, score in rows]
    result = totals(pairs)
    assert result.full == sum(f for f, _s in pairs) and result.score == sum(s for _f, s in pairs)
    assert result.complete
    exact = result.score * 100 / result.full
    assert result.percent is not None and abs(result.percent - exact) <= Decimal("0.05")
    assert result.percent == result.percent.quantize(Decimal("0.1"))


def test_totals_round_half_up_and_count_unscored_items():
    result = totals([(Decimal("3"), Decimal("1")), (Decimal("5"), None)])
    assert (result.full, result.score, result.scored, result.items) == (Decimal("8"), Decimal("1"), 1, 2)
    assert result.percent == Decimal("12.5") and not result.complete
    assert totals([(Decimal("3"), Decimal("2"))]).percent == Decimal("66.7")
    assert totals([]).percent is None


def test_scores_are_saved_all_or_nothing(world):
    inspection = make_inspection(world)
    first, second = list(inspection.items.order_by("order"))[:2]
    with refused("15"):
        services.scores_save(actor=world.actor("director"), inspection=inspection,
                             entries={first.pk: ("12", "好"), second.pk: ("16", "超出满分")})
    for bad in ("abc", "NaN", "7.25", "-1"):
        with refused():
            services.scores_save(actor=world.actor("director"), inspection=inspection, entries={first.pk: (bad, "")})
    result = services.scores_save(actor=world.actor("director"), inspection=inspection,
                                  entries={first.pk: ("13.5", "领导小组健全，分工明确"), second.pk: ("12", "")})
    assert result.score == Decimal("25.5") and result.scored == 2
    first.refresh_from_db()
    assert first.score == Decimal("13.5") and first.finding == "领导小组健全，分工明确"


def test_items_are_added_changed_and_removed_while_planned(world):
    director = world.actor("director")
    inspection = make_inspection(world)
    added = services.item_save(actor=director, inspection=inspection, text="心理健康教育：心理辅导室正常开放",
                               max_score="10")
    assert added.order == len(DEFAULT_CHECKLIST) + 1
    with refused():
        services.item_save(actor=director, inspection=inspection, text="", max_score="0")
    services.scores_save(actor=director, inspection=inspection, entries={added.pk: ("8", "")})
    with refused("8"):  # full marks below the score given
        services.item_save(actor=director, inspection=inspection, item=added, text=added.text, max_score="5")
    services.item_delete(actor=director, item=added)
    assert not ChecklistItem.objects.filter(pk=added.pk).exists()


def test_done_needs_every_item_scored_then_files_the_report_and_freezes_the_checklist(world):
    director = world.actor("director")
    inspection = make_inspection(world)
    items = list(inspection.items.order_by("order"))
    with refused():
        services.inspection_done(actor=director, inspection=inspection)
    services.scores_save(actor=director, inspection=inspection,
                         entries={i.pk: (str(i.max_score - 1), "") for i in items})
    item = make_item(world, inspection)
    done = services.inspection_done(actor=director, inspection=inspection)
    assert done.status == InspectionStatus.DONE
    record = ArchiveRecord.objects.get(source=f"governance.inspection:{inspection.pk}")
    assert record.category == "inspection" and record.school_id == world.school.pk
    assert inspection.title in record.title and record.file
    text = "\n".join(p.text for p in Document(io.BytesIO(record.file.read())).paragraphs)
    assert "91" in text and "100" in text and "91%" in text and item.problem in text
    with refused():
        services.scores_save(actor=director, inspection=inspection, entries={items[0].pk: ("1", "")})
    with refused():
        services.item_save(actor=director, inspection=inspection, text="新增", max_score="5")
    with refused():
        services.inspection_done(actor=director, inspection=inspection)
    # changing the overall findings afterwards refiles the same catalogue row
    services.inspection_save(actor=director, inspection=done, kind=done.kind, title=done.title,
                             held_on=done.held_on, inspectors=done.inspectors, summary="总体良好，档案管理需加强")
    assert ArchiveRecord.objects.filter(source=f"governance.inspection:{inspection.pk}").count() == 1


def test_only_the_committee_runs_inspections(world):
    for persona in ("head_teacher_a", "finance", "admin"):
        with pytest.raises(Http404):
            services.inspection_save(actor=world.actor(persona), kind="self", title="自查", held_on=today())
    with refused():
        services.inspection_save(actor=world.actor("director"), kind="weekly", title="", held_on=None)


# --- rectification items -----------------------------------------------------------------------------------------


def test_an_item_is_assigned_to_a_staff_member_who_is_told(world):
    item = make_item(world)
    assert item.status == S.OPEN and item.steps.get().to_status == S.OPEN
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"], link__contains=str(item.pk)).exists()
    inspection = item.inspection
    for owner in ("parent_x", "elder", "outsider"):
        with refused():
            services.rectification_add(actor=world.actor("director"), inspection=inspection, problem="问题",
                                       owner=world.users[owner], due_on=today())
    with refused():
        services.rectification_add(actor=world.actor("director"), inspection=inspection, problem="问题",
                                   owner=world.users["head_teacher_a"],
                                   due_on=inspection.held_on - dt.timedelta(days=1))


def test_submit_close_the_whole_way(world):
    item = make_item(world)
    upload = SimpleUploadedFile("例会记录.pdf", pdf_bytes("minutes"), content_type="application/pdf")
    item = services.rectification_submit(actor=world.actor("head_teacher_a"), rectification=item,
                                         evidence="已补齐9月至11月例会记录", file=upload)
    assert item.status == S.SUBMITTED and item.evidence_name == "例会记录.pdf" and item.evidence_file
    assert Notification.objects.filter(recipient=world.users["director"], link__contains=str(item.pk)).exists()
    item = services.rectification_step(actor=world.actor("director"), rectification=item, action="close",
                                       comment="记录齐全")
    assert item.status == S.CLOSED and item.closed_at is not None
    assert [s.to_status for s in item.steps.order_by("at", "pk")] == [S.OPEN, S.SUBMITTED, S.CLOSED]


def test_return_needs_a_comment_and_the_owner_submits_again(world):
    item = make_item(world)
    item = services.rectification_submit(actor=world.actor("head_teacher_a"), rectification=item, evidence="已整改")
    with refused():
        services.rectification_step(actor=world.actor("director"), rectification=item, action="return")
    item = services.rectification_step(actor=world.actor("director"), rectification=item, action="return",
                                       comment="缺少10月记录")
    assert item.status == S.OPEN
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"], body__contains="缺少10月记录").exists()
    item = services.rectification_submit(actor=world.actor("head_teacher_a"), rectification=item, evidence="已补10月")
    assert item.status == S.SUBMITTED


def test_fail_needs_a_comment_and_is_only_from_open(world):
    item = overdue(make_item(world))
    with refused():
        services.rectification_step(actor=world.actor("leader"), rectification=item, action="fail")
    item = services.rectification_step(actor=world.actor("leader"), rectification=item, action="fail",
                                       comment="逾期未整改")
    assert item.status == S.FAILED
    for action in ("close", "return", "fail"):
        with refused():
            services.rectification_step(actor=world.actor("director"), rectification=item, action=action,
                                        comment="x")
    with refused():
        services.rectification_submit(actor=world.actor("head_teacher_a"), rectification=item, evidence="补交")


def test_refusals_of_the_steps(world):
    item = make_item(world)
    owner = world.actor("head_teacher_a")
    with refused():  # nothing to verify yet
        services.rectification_step(actor=world.actor("director"), rectification=item, action="close")
    with refused():  # evidence is required
        services.rectification_submit(actor=owner, rectification=item, evidence="  ")
    with refused():  # a file that is not what its name says
        services.rectification_submit(actor=owner, rectification=item, evidence="已整改",
                                      file=SimpleUploadedFile("证明.pdf", b"not a pdf"))
    with refused():
        services.rectification_submit(actor=owner, rectification=item, evidence="已整改",
                                      file=SimpleUploadedFile("run.exe", b"MZ...."))
    for persona in ("head_teacher_b", "director"):  # not the owner: the item does not exist for the step
        with refused(exc=Http404):
            services.rectification_submit(actor=world.actor(persona), rectification=item, evidence="已整改")
    item = services.rectification_submit(actor=owner, rectification=item, evidence="已整改")
    with refused(exc=Http404):  # the owner does not verify
        services.rectification_step(actor=owner, rectification=item, action="close")
    with refused():
        services.rectification_step(actor=world.actor("director"), rectification=item, action="reopen")


def test_the_committee_does_not_verify_an_item_it_owns(world):
    item = make_item(world, owner="director")
    item = services.rectification_submit(actor=world.actor("director"), rectification=item, evidence="已整改")
    with override("en"), refused("another member"):
        services.rectification_step(actor=world.actor("director"), rectification=item, action="close")
    assert services.rectification_step(actor=world.actor("leader"), rectification=item,
                                       action="close").status == S.CLOSED


def test_another_school_cannot_touch_an_item(world):
    item = make_item(world)
    with refused(exc=Http404):
        services.rectification_step(actor=world.actor("outsider"), rectification=item, action="fail", comment="x")


# --- accountability ----------------------------------------------------------------------------------------------


def failed_item(world):
    item = overdue(make_item(world))
    return services.rectification_step(actor=world.actor("director"), rectification=item, action="fail",
                                       comment="逾期未整改")


def test_only_the_leading_group_records_accountability(world):
    item = failed_item(world)
    put_in_leading_group(world, "leader")
    for persona in ("director", "head_teacher_a", "finance"):
        with refused(exc=Http404):
            services.accountability_add(actor=world.actor(persona), rectification=item,
                                        person=world.users["head_teacher_a"], decided_on=today(), measure="约谈",
                                        reason="逾期未整改")
    record = services.accountability_add(actor=world.actor("leader"), rectification=item,
                                         person=world.users["head_teacher_a"], decided_on=today(),
                                         measure="约谈提醒", reason="整改逾期且未说明原因")
    assert record.person_name == world.users["head_teacher_a"].display_name
    assert record.measure == "约谈提醒"
    from django.db import connection

    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute("SELECT measure, reason FROM governance_accountability WHERE id = %s", [record.pk])
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "约谈提醒" not in raw and "整改逾期" not in raw


def test_accountability_only_on_a_failed_item_with_its_facts(world):
    put_in_leading_group(world, "leader")
    leader = world.actor("leader")
    item = make_item(world)
    with refused():
        services.accountability_add(actor=leader, rectification=item, person_name="陈老师", decided_on=today(),
                                    measure="约谈", reason="x")
    item = failed_item(world)
    with refused():
        services.accountability_add(actor=leader, rectification=item, person_name="", decided_on=None, measure="",
                                    reason="")
    with refused():
        services.accountability_add(actor=leader, rectification=item, person_name="陈老师",
                                    decided_on=today() + dt.timedelta(days=1), measure="约谈", reason="x")


def test_a_validation_error_is_raised_by_name(world):
    with pytest.raises(ValidationError):
        services.inspection_save(actor=world.actor("director"), kind="self", title="x" * 101, held_on=today())
