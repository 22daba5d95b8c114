"""Special-group tags (STU-2): consent, dates, duplicates, status steps, renewals, history; each refusal
writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from xinhuo.care.groups import selectors, services
from xinhuo.care.models import SpecialGroup, StudentTag, TagSource, TagStatus, TagStatusChange

from .helpers import consent_special_group

TODAY = timezone.localdate


def group(world, code="left_behind", school=None):
    services.special_groups_for(school or world.school)
    return SpecialGroup.objects.get(school=school or world.school, code=code)


def nothing_written(before: tuple[int, int]) -> bool:
    return (StudentTag.objects.count(), TagStatusChange.objects.count()) == before


def counts() -> tuple[int, int]:
    return StudentTag.objects.count(), TagStatusChange.objects.count()


@pytest.fixture
def consented(world):
    consent_special_group(world)
    consent_special_group(world, world.student_z)
    return world


def identify(world, persona="head_teacher_a", student=None, code="left_behind", **kw):
    kw.setdefault("source", TagSource.HOME_VISIT)
    return services.tag_identify(actor=world.actor(persona), student=student or world.student_x,
                                 group=group(world, code), **kw)


# --- defaults -----------------------------------------------------------------------------------------


def test_six_default_groups_created_once_in_order(world):
    groups = list(services.special_groups_for(world.school))
    assert [g.name for g in groups] == ["留守儿童", "单亲家庭", "贫困", "残疾", "学业困难", "行为偏差"]
    assert {g.code: g.visit_every_days for g in groups} == {
        "left_behind": 14, "single_parent": 30, "low_income": 14, "disability": 14, "learning_difficulty": 30,
        "behaviour_concern": 30}
    assert all(g.review_months == 6 for g in groups)
    SpecialGroup.objects.filter(school=world.school, code="disability").update(active=False)
    again = list(services.special_groups_for(world.school))
    assert len(again) == 5 and SpecialGroup.objects.filter(school=world.school).count() == 6
    assert SpecialGroup.objects.filter(school=world.other).count() == 0
    assert len(services.special_groups_for(world.other)) == 6


def test_add_months_clamps_to_month_end():
    assert services.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert services.add_months(dt.date(2026, 11, 29), 24) == dt.date(2028, 11, 29)


# --- identification -----------------------------------------------------------------------------------


def test_identify_without_consent_is_refused_and_names_the_student(world):
    from django.utils import translation

    before = counts()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        identify(world)
    assert "张小明" in str(exc.value) and "consent" in str(exc.value)
    assert nothing_written(before)


def test_identify_message_is_chinese(world, settings):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        identify(world)
    assert "张小明" in str(exc.value) and "同意" in str(exc.value)


def test_identify_defaults_and_history(consented):
    world = consented
    day = TODAY() - dt.timedelta(days=3)
    tag = identify(world, identified_on=day, note="父母在外务工")
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED
    assert tag.review_on == services.add_months(day, 6)
    assert tag.identified_by == world.users["head_teacher_a"] and tag.school == world.school
    assert tag.note == "父母在外务工"
    [row] = tag.history.all()
    assert (row.from_status, row.to_status, row.review_on, row.by) == ("", TagStatus.IDENTIFIED, tag.review_on,
                                                                       world.users["head_teacher_a"])


def test_note_is_encrypted_at_rest(consented):
    from django.db import connection

    tag = identify(consented, note="父母在外务工")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM care_studenttag WHERE id = %s", [tag.pk])
        raw = cursor.fetchone()[0]
    assert "父母" not in str(raw)


@pytest.mark.parametrize("kw, field", [
    ({"identified_on": "future"}, "identified_on"),
    ({"identified_on": "past", "review_on": "before"}, "review_on"),
    ({"review_on": "far"}, "review_on"),
    ({"source": "rumour"}, "source"),
])
def test_identify_refuses_bad_dates_and_source(consented, kw, field):
    world = consented
    today = TODAY()
    values = {"future": today + dt.timedelta(days=1), "past": today - dt.timedelta(days=10),
              "before": today - dt.timedelta(days=11), "far": today + dt.timedelta(days=800)}
    args = {k: values.get(v, v) for k, v in kw.items()}
    before = counts()
    with pytest.raises(ValidationError) as exc:
        identify(world, **args)
    assert field in exc.value.message_dict
    assert nothing_written(before)


def test_inactive_group_refused(consented):
    SpecialGroup.objects.filter(code="left_behind").update(active=False)
    services.special_groups_for(consented.school)
    SpecialGroup.objects.filter(school=consented.school, code="left_behind").update(active=False)
    before = counts()
    with pytest.raises(ValidationError):
        identify(consented)
    assert nothing_written(before)


def test_second_open_tag_of_same_group_refused_other_group_and_after_closing_allowed(consented):
    world = consented
    first = identify(world)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        identify(world, persona="counsellor")
    assert "张小明" in str(exc.value)
    assert nothing_written(before)
    identify(world, code="low_income")
    services.tag_set_status(actor=world.actor("director"), tag=first, status=TagStatus.CLOSED,
                            comment="父母返乡")
    again = identify(world)
    assert again.pk != first.pk


def test_another_schools_student_or_group_is_404(consented):
    world = consented
    consent_special_group(world, world.other_student)
    actor = world.actor("director")
    before = counts()
    with pytest.raises(Http404):
        services.tag_identify(actor=actor, student=world.other_student, group=group(world),
                              source=TagSource.HOME_VISIT)
    with pytest.raises(Http404):
        services.tag_identify(actor=actor, student=world.student_x, group=group(world, school=world.other),
                              source=TagSource.HOME_VISIT)
    with pytest.raises(Http404):
        services.tag_identify(actor=world.actor("outsider"), student=world.student_x, group=group(world),
                              source=TagSource.HOME_VISIT)
    assert nothing_written(before)


@pytest.mark.parametrize("persona", ["head_teacher_b", "leader", "admin", "finance", "elder", "parent_x",
                                     "student_x", "outsider"])
def test_who_may_not_identify_gets_404(consented, persona):
    before = counts()
    with pytest.raises(Http404):
        identify(consented, persona=persona)
    assert nothing_written(before)


@pytest.mark.parametrize("persona", ["director", "counsellor", "head_teacher_a"])
def test_who_may_identify(consented, persona):
    assert identify(consented, persona=persona).pk


# --- status steps -------------------------------------------------------------------------------------


def test_status_steps_each_recorded(consented):
    world = consented
    tag = identify(world)
    ht = world.actor("head_teacher_a")
    for status in (TagStatus.SUPPORTED, TagStatus.IMPROVING, TagStatus.SUPPORTED, TagStatus.IMPROVING):
        services.tag_set_status(actor=ht, tag=tag, status=status, comment="跟进")
    services.tag_set_status(actor=ht, tag=tag, status=TagStatus.CLOSED, comment="情况好转，结案")
    tag.refresh_from_db()
    assert tag.status == TagStatus.CLOSED
    assert [(h.from_status, h.to_status) for h in selectors.tag_history(tag)] == [
        ("", "identified"), ("identified", "supported"), ("supported", "improving"), ("improving", "supported"),
        ("supported", "improving"), ("improving", "closed")]
    assert selectors.tag_history(tag).last().comment == "情况好转，结案"


@pytest.mark.parametrize("path, refused", [
    ([TagStatus.SUPPORTED], TagStatus.IDENTIFIED),  # no step back to identified
    ([TagStatus.SUPPORTED], TagStatus.SUPPORTED),  # no step to the same status
    ([], "lost"),  # an unknown status
    ([TagStatus.SUPPORTED, TagStatus.IMPROVING], TagStatus.IDENTIFIED),
])
def test_status_refusals_write_nothing(consented, path, refused):
    world = consented
    tag = identify(world)
    actor = world.actor("counsellor")
    for status in path:
        services.tag_set_status(actor=actor, tag=tag, status=status)
    before = counts()
    with pytest.raises(ValidationError):
        services.tag_set_status(actor=actor, tag=tag, status=refused, comment="x")
    assert nothing_written(before)
    tag.refresh_from_db()
    assert tag.status == (path[-1] if path else TagStatus.IDENTIFIED)


def test_closing_needs_a_comment_and_is_final(consented):
    world = consented
    tag = identify(world)
    actor = world.actor("director")
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.tag_set_status(actor=actor, tag=tag, status=TagStatus.CLOSED, comment="  ")
    assert "comment" in exc.value.message_dict and nothing_written(before)
    services.tag_set_status(actor=actor, tag=tag, status=TagStatus.CLOSED, comment="误判")
    before = counts()
    for status in (TagStatus.SUPPORTED, TagStatus.IMPROVING, TagStatus.CLOSED):
        with pytest.raises(ValidationError):
            services.tag_set_status(actor=actor, tag=tag, status=status, comment="再开")
    with pytest.raises(ValidationError):
        services.tag_renew(actor=actor, tag=tag, review_on=TODAY() + dt.timedelta(days=30))
    assert nothing_written(before)


@pytest.mark.parametrize("persona", ["head_teacher_b", "leader", "parent_x", "student_x", "elder", "outsider"])
def test_status_and_renewal_by_someone_who_may_not_manage_is_404(consented, persona):
    world = consented
    tag = identify(world)
    before = counts()
    with pytest.raises(Http404):
        services.tag_set_status(actor=world.actor(persona), tag=tag, status=TagStatus.SUPPORTED)
    with pytest.raises(Http404):
        services.tag_renew(actor=world.actor(persona), tag=tag, review_on=TODAY() + dt.timedelta(days=300))
    assert nothing_written(before)


# --- review dates, expiry and renewal ----------------------------------------------------------------


def test_in_effect_due_and_expired(consented):
    world = consented
    today = TODAY()
    fresh = identify(world, code="left_behind")  # review in 6 months
    soon = identify(world, code="low_income", identified_on=today - dt.timedelta(days=170),
                    review_on=today + dt.timedelta(days=10))
    expired = identify(world, code="disability", identified_on=today - dt.timedelta(days=200),
                       review_on=today - dt.timedelta(days=1))
    closed = identify(world, student=world.student_z, persona="director", identified_on=today - dt.timedelta(days=5),
                      review_on=today + dt.timedelta(days=5))
    services.tag_set_status(actor=world.actor("director"), tag=closed, status=TagStatus.CLOSED, comment="结案")
    director = world.actor("director")
    assert set(selectors.tags_in_effect(director)) == {fresh, soon}
    assert set(selectors.tags_due_for_review(director)) == {soon, expired}
    assert set(selectors.tags_due_for_review(director, within_days=5)) == {expired}
    assert set(selectors.tags_expired(director)) == {expired}
    assert expired.is_expired() and not soon.is_expired() and not closed.is_expired()
    # on a later day the fresh tag has expired too
    later = fresh.review_on + dt.timedelta(days=1)
    assert fresh not in selectors.tags_in_effect(director, on=later)
    assert fresh in selectors.tags_due_for_review(director, on=later, within_days=0)


def test_renew_extends_an_expired_tag_and_is_recorded(consented):
    world = consented
    today = TODAY()
    tag = identify(world, identified_on=today - dt.timedelta(days=200), review_on=today - dt.timedelta(days=3))
    new = today + dt.timedelta(days=180)
    services.tag_renew(actor=world.actor("head_teacher_a"), tag=tag, review_on=new, comment="仍需帮扶")
    tag.refresh_from_db()
    assert tag.review_on == new and tag.status == TagStatus.IDENTIFIED
    assert tag in selectors.tags_in_effect(world.actor("director"))
    last = selectors.tag_history(tag).last()
    assert (last.from_status, last.to_status, last.review_on, last.comment) == ("identified", "identified", new,
                                                                                 "仍需帮扶")


@pytest.mark.parametrize("offset", [0, -1, 800])
def test_renew_refuses_a_date_not_after_today_or_too_far(consented, offset):
    world = consented
    tag = identify(world, identified_on=TODAY() - dt.timedelta(days=200), review_on=TODAY() - dt.timedelta(days=3))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.tag_renew(actor=world.actor("director"), tag=tag, review_on=TODAY() + dt.timedelta(days=offset))
    assert "review_on" in exc.value.message_dict and nothing_written(before)


def test_renew_refuses_an_earlier_date_than_the_current_one(consented):
    world = consented
    tag = identify(world)  # review in 6 months
    before = counts()
    with pytest.raises(ValidationError):
        services.tag_renew(actor=world.actor("director"), tag=tag, review_on=TODAY() + dt.timedelta(days=30))
    assert nothing_written(before)


def test_withdrawn_consent_honoured(world):
    consent = consent_special_group(world)
    tag = identify(world)
    consent.withdrawn_at = timezone.now()
    consent.save()
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.tag_renew(actor=world.actor("director"), tag=tag, review_on=TODAY() + dt.timedelta(days=300))
    assert "张小明" in str(exc.value)
    with pytest.raises(ValidationError):
        identify(world, code="low_income")
    assert nothing_written(before)
    # given again: renewal and identification work again
    consent_special_group(world)
    services.tag_renew(actor=world.actor("director"), tag=tag, review_on=TODAY() + dt.timedelta(days=300))
    identify(world, code="low_income")
