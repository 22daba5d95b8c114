"""Parent volunteers' services: the offer, a request and its invitations, the answers (full, decline, withdraw), the
hours after the duty; each refusal says why and changes nothing; another school's records do not exist."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from xinhuo.core.access import build_actor
from xinhuo.core.models import Notification
from xinhuo.core.tests.helpers import when_run
from xinhuo.family.models import ResponseStatus, VolunteerOffer, VolunteerRequest, VolunteerResponse
from xinhuo.family.tests.matrix_volunteers import activity, at, invite, offer, request
from xinhuo.family.volunteers import selectors, services
from xinhuo.people.models import Guardian

pytestmark = pytest.mark.django_db
RS = ResponseStatus


def parent_y(w) -> Guardian:
    """A second volunteering parent of class A, with an account."""
    from conftest import make_user

    user = make_user("parent_y", w.school, "parent")
    g = Guardian.objects.create(school=w.school, name="李大红", phone="13611112222", user=user)
    g.students.add(w.student_y, through_defaults={"relation": "mother", "is_primary": True})
    offer(w, g)
    return g


# --- the offer ----------------------------------------------------------------------------------------------------


def test_a_parent_offers_to_volunteer_and_changes_it(world):
    made = services.offer_save(actor=world.actor("parent_x"), kinds=["support", "patrol"], skills="医生，有急救证",
                               weekdays=["5", "1"], times="下午")
    assert made.guardian == world.guardian_x and made.kind_list == ["patrol", "support"]
    assert made.weekdays == "15" and made.active
    again = services.offer_save(actor=world.actor("parent_x"), kinds=["teaching"], active=False)
    assert again.pk == made.pk and again.kind_list == ["teaching"] and not again.active
    assert VolunteerOffer.objects.count() == 1


@pytest.mark.parametrize("kwargs, field", [
    ({"kinds": []}, "kinds"),
    ({"kinds": ["astronaut"]}, "kinds"),
    ({"kinds": ["patrol"], "skills": "医" * 201}, "skills"),
    ({"kinds": ["patrol"], "weekdays": ["8"]}, "weekdays"),
])
def test_a_bad_offer_is_refused_by_field_and_nothing_is_kept(world, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        services.offer_save(actor=world.actor("parent_x"), **kwargs)
    assert field in refused.value.message_dict
    assert not VolunteerOffer.objects.exists()


def test_only_a_parent_offers(world):
    with pytest.raises(Http404):
        services.offer_save(actor=world.actor("head_teacher_a"), kinds=["patrol"])


# --- requests -----------------------------------------------------------------------------------------------------


def test_the_organiser_asks_for_volunteers_with_the_activitys_times_by_default(world):
    act = activity(world)
    made = services.request_create(actor=world.actor("head_teacher_a"), activity=act, kind="patrol", needed=3,
                                   note="校门口")
    assert (made.starts_at, made.ends_at, made.needed, made.created_by) == (
        act.starts_at, act.ends_at, 3, world.users["head_teacher_a"])
    assert made.duration_hours == Decimal("4")


def test_the_committee_asks_too_but_another_teacher_or_school_does_not(world):
    act = activity(world)
    services.request_create(actor=world.actor("leader"), activity=act, kind="support", needed=1)
    with pytest.raises(Http404):
        services.request_create(actor=world.actor("head_teacher_b"), activity=act, kind="support", needed=1)
    with pytest.raises(Http404):
        services.request_create(actor=world.actor("outsider"), activity=act, kind="support", needed=1)
    assert VolunteerRequest.objects.count() == 1


@pytest.mark.parametrize("kwargs, field", [
    ({"kind": "astronaut", "needed": 1}, "kind"),
    ({"kind": "patrol", "needed": 0}, "needed"),
    ({"kind": "patrol", "needed": 201}, "needed"),
    ({"kind": "patrol", "needed": 1, "note": "字" * 501}, "note"),
    (lambda: {"kind": "patrol", "needed": 1, "starts_at": at(7, 10), "ends_at": at(7, 9)}, "ends_at"),
    (lambda: {"kind": "patrol", "needed": 1, "starts_at": at(3, 10), "ends_at": at(3, 12)}, "starts_at"),  # not its day
])
def test_a_bad_request_is_refused_by_field(world, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        services.request_create(actor=world.actor("head_teacher_a"), activity=activity(world), **when_run(kwargs))
    assert field in refused.value.message_dict
    assert not VolunteerRequest.objects.exists()


def test_no_request_for_an_activity_not_approved_or_over(world):
    for act in (activity(world, "申请中", status="applied"), activity(world, "已结束", days=-3, status="summarised")):
        with pytest.raises(ValidationError):
            services.request_create(actor=world.actor("director"), activity=act, kind="patrol", needed=1)
    assert not VolunteerRequest.objects.exists()


# --- invitations and answers --------------------------------------------------------------------------------------


def test_invited_parents_are_told_and_not_invited_twice(world):
    offer(world)
    req = request(world)
    rows = services.request_invite(actor=world.actor("head_teacher_a"), request=req, guardians=[world.guardian_x])
    assert [r.status for r in rows] == [RS.INVITED]
    note = Notification.objects.get(recipient=world.users["parent_x"])
    assert str(req.pk) in note.link and "校运动会" in note.title
    with pytest.raises(ValidationError):
        services.request_invite(actor=world.actor("head_teacher_a"), request=req, guardians=[world.guardian_x])


def test_only_active_volunteers_of_the_audience_are_invited(world):
    req = request(world)
    with pytest.raises(ValidationError):  # guardian X has no offer
        services.request_invite(actor=world.actor("head_teacher_a"), request=req, guardians=[world.guardian_x])
    offer(world, world.guardian_z)  # a volunteer, but of class B: the activity is for class A
    with pytest.raises(ValidationError):
        services.request_invite(actor=world.actor("head_teacher_a"), request=req, guardians=[world.guardian_z])
    with pytest.raises(Http404):
        services.request_invite(actor=world.actor("head_teacher_a"), request=req, guardians=[world.other_guardian])
    assert not VolunteerResponse.objects.exists()


def test_a_parent_accepts_declines_and_the_full_request_refuses_more(world):
    y = parent_y(world)
    offer(world)
    req = request(world, needed=1)
    invite(world, req)
    invite(world, req, y)
    accepted = services.response_answer(actor=world.actor("parent_x"), request=req, accept=True)
    assert accepted.status == RS.ACCEPTED and accepted.responded_at
    actor_y = build_actor(y.user)
    with pytest.raises(ValidationError) as refused:
        services.response_answer(actor=actor_y, request=req, accept=True)
    assert refused.value.messages == [_("This request is full: all %(n)d volunteers needed have accepted. Thank you "
                                        "all the same!") % {"n": 1}]
    assert VolunteerResponse.objects.get(guardian=y).status == RS.INVITED
    services.response_answer(actor=actor_y, request=req, accept=False)
    assert VolunteerResponse.objects.get(guardian=y).status == RS.DECLINED
    # the organiser heard when the request was full
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).count() == 1


def test_a_parent_not_invited_cannot_answer_a_closed_request(world):
    offer(world)
    req = request(world)
    with pytest.raises(Http404):
        services.response_answer(actor=world.actor("parent_x"), request=req, accept=True)


def test_an_open_call_is_answered_by_the_audiences_volunteers(world):
    offer(world)
    req = request(world, open_to_all=True)
    assert selectors.open_calls(world.actor("parent_x")) == [req]
    services.response_answer(actor=world.actor("parent_x"), request=req, accept=True)
    assert selectors.open_calls(world.actor("parent_x")) == []


def test_a_paused_volunteer_cannot_accept(world):
    offer(world, active=False)
    req = request(world)
    invite(world, req)
    with pytest.raises(ValidationError):
        services.response_answer(actor=world.actor("parent_x"), request=req, accept=True)


def test_withdraw_before_the_duty_tells_the_organiser_and_frees_the_place(world):
    offer(world)
    req = request(world, needed=1)
    invite(world, req, status=RS.ACCEPTED)
    services.response_withdraw(actor=world.actor("parent_x"), request=req)
    assert VolunteerResponse.objects.get().status == RS.WITHDRAWN
    note = Notification.objects.get(recipient=world.users["head_teacher_a"])
    assert world.guardian_x.name in note.body
    services.response_answer(actor=world.actor("parent_x"), request=req, accept=True)  # changed their mind again


def test_no_answer_or_withdrawal_once_the_duty_started(world):
    offer(world)
    req = request(world, activity(world, "今天的护学", days=0, starts_at=at(0, 0), ends_at=at(1, 23)))
    invite(world, req, status=RS.ACCEPTED)
    with pytest.raises(ValidationError):
        services.response_withdraw(actor=world.actor("parent_x"), request=req)
    with pytest.raises(ValidationError):
        services.response_answer(actor=world.actor("parent_x"), request=req, accept=False)
    assert VolunteerResponse.objects.get().status == RS.ACCEPTED


# --- hours --------------------------------------------------------------------------------------------------------


def past_request(w):
    act = activity(w, "已举行的运动会", days=-3, status="summarised")
    req = request(w, act)
    invite(w, req, status=RS.ACCEPTED)
    invite(w, req, w.guardian_z, status=RS.DECLINED)
    return req


def test_hours_only_after_the_duty(world):
    offer(world)
    req = request(world)
    invite(world, req, status=RS.ACCEPTED)
    with pytest.raises(ValidationError):
        services.hours_confirm(actor=world.actor("head_teacher_a"), request=req, served={world.guardian_x.pk: ""})
    assert VolunteerResponse.objects.get().served is None


def test_hours_default_to_the_duty_and_count_on_the_parents_total(world):
    req = past_request(world)
    services.hours_confirm(actor=world.actor("head_teacher_a"), request=req, served={world.guardian_x.pk: ""})
    row = VolunteerResponse.objects.get(guardian=world.guardian_x)
    assert row.served and row.hours == Decimal("4") and row.confirmed_by == world.users["head_teacher_a"]
    assert selectors.hours_of(world.guardian_x.pk) == Decimal("4")
    # corrected: 2.5 hours
    services.hours_confirm(actor=world.actor("director"), request=req, served={world.guardian_x.pk: "2.5"})
    assert selectors.hours_of(world.guardian_x.pk) == Decimal("2.5")
    table = list(selectors.hours_by_parent(world.actor("director")))
    assert [(r["guardian__name"], r["hours"]) for r in table] == [(world.guardian_x.name, Decimal("2.5"))]


def test_hours_only_for_those_who_accepted_and_within_bounds(world):
    req = past_request(world)
    for served in ({world.guardian_z.pk: ""}, {world.guardian_x.pk: "30"}, {world.guardian_x.pk: "两小时"}):
        with pytest.raises(ValidationError):
            services.hours_confirm(actor=world.actor("head_teacher_a"), request=req, served=served)
    assert not VolunteerResponse.objects.filter(served__isnull=False).exists()
    services.hours_confirm(actor=world.actor("head_teacher_a"), request=req, served={})  # nobody came
    assert VolunteerResponse.objects.get(guardian=world.guardian_x).served is False


def test_another_teacher_cannot_confirm_hours(world):
    req = past_request(world)
    with pytest.raises(Http404):
        services.hours_confirm(actor=world.actor("head_teacher_b"), request=req, served={world.guardian_x.pk: ""})


# --- scoping ------------------------------------------------------------------------------------------------------


def test_a_head_teacher_sees_their_classes_volunteers_only(world):
    offer(world)  # class A's parent
    offer(world, world.guardian_z)  # class B's parent
    assert [o.guardian for o in selectors.roster(world.actor("head_teacher_a"))] == [world.guardian_x]
    assert [o.guardian for o in selectors.roster(world.actor("head_teacher_b"))] == [world.guardian_z]
    assert len(selectors.roster(world.actor("director"))) == 2
    assert list(selectors.roster(world.actor("outsider"))) == []
    assert list(selectors.roster(world.actor("counsellor"))) == []


def test_the_roster_filters_by_duty_class_day_and_skill(world):
    offer(world, kinds=",patrol,", skills="交警", weekdays="2")
    offer(world, world.guardian_z, kinds=",publicity,", skills="摄影", weekdays="6")
    director = world.actor("director")
    names = lambda **f: [o.guardian.name for o in selectors.roster(director, **f)]  # noqa: E731
    assert names(kind="patrol") == [world.guardian_x.name]
    assert names(school_class=world.class_b.pk) == [world.guardian_z.name]
    assert names(weekday=6) == [world.guardian_z.name]
    assert names(q="交警") == [world.guardian_x.name]


def test_a_family_whose_children_left_is_off_the_roster_and_not_invited(world):
    from xinhuo.people.models import Student

    offer(world, world.guardian_z)
    req = request(world, activity(world, "全校运动会", classes=[], audience_parents=True))
    director = world.actor("director")
    assert [o.guardian for o in selectors.roster(director)] == [world.guardian_z]
    assert [o.guardian for o in selectors.candidates(director, req)] == [world.guardian_z]
    Student.objects.filter(pk=world.student_z.pk).update(status=Student.Status.TRANSFERRED)
    assert list(selectors.roster(director)) == []
    assert selectors.candidates(director, req) == []
