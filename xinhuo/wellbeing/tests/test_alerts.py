"""Alerts (PSY-2): escalation counted in school time, escalation to the director once, acknowledging, who sees
which alert, the home page's panel, and the school's safeguarding settings."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import Notification, Role
from xinhuo.core.services import membership_grant
from xinhuo.wellbeing.alerts import services
from xinhuo.wellbeing.alerts.services import (
    alert_acknowledge,
    alert_raise,
    alerts_escalate_due,
    escalation_time,
    settings_save,
)
from xinhuo.wellbeing.models import Alert, AlertStatus, WellbeingSettings

EIGHT, HALF_FIVE = dt.time(8, 0), dt.time(17, 30)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def raise_alert(world, capture, student=None) -> Alert:
    with capture(execute=True):
        return alert_raise(school=world.school, student=student or world.student_x, response=None,
                           items=["PHQ-A 9"])


def make_lead(world, persona: str = "leader") -> None:
    WellbeingSettings.objects.update_or_create(school=world.school,
                                               defaults={"safeguarding_lead": world.users[persona]})


# --- escalation time ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raised", "expected"), [
    (at(2026, 9, 17, 10, 0), at(2026, 9, 17, 10, 30)),  # a Thursday in school hours
    (at(2026, 9, 17, 17, 20), at(2026, 9, 18, 8, 20)),  # 10 minutes left today, 20 the next school day
    (at(2026, 9, 17, 6, 0), at(2026, 9, 17, 8, 30)),  # before the school day: from its start
    (at(2026, 9, 17, 22, 0), at(2026, 9, 18, 8, 30)),  # after it: the next day's start
    (at(2026, 9, 12, 10, 0), at(2026, 9, 14, 8, 30)),  # a Saturday: the Monday
    (at(2026, 9, 18, 17, 20), at(2026, 9, 20, 8, 20)),  # a Friday's end: Sunday 20 September is a make-up day
    (at(2026, 9, 19, 10, 0), at(2026, 9, 20, 8, 30)),  # the Saturday before it
    (at(2026, 10, 1, 10, 0), at(2026, 10, 8, 8, 30)),  # National Day: the first working day after the holiday
    (at(2026, 9, 30, 17, 0), at(2026, 9, 30, 17, 30)),  # exactly at the day's end
    (at(2026, 9, 30, 17, 10), at(2026, 10, 8, 8, 10)),  # 20 minutes before the holiday, 10 after it
])
def test_escalation_time_counts_school_hours_on_school_days(raised, expected):
    assert local(escalation_time(raised, 30, EIGHT, HALF_FIVE)) == expected


def test_escalation_time_spans_several_school_days():
    # a whole school day (9.5 hours) and 30 minutes more from a Thursday's start: the Friday at 08:30
    assert local(escalation_time(at(2026, 9, 17, 8, 0), 600, EIGHT, HALF_FIVE)) == at(2026, 9, 18, 8, 30)


def test_a_raised_alert_takes_its_time_from_the_schools_settings(world, django_capture_on_commit_callbacks):
    WellbeingSettings.objects.create(school=world.school, escalate_after_minutes=45, school_day_starts=EIGHT,
                                     school_day_ends=HALF_FIVE)
    with mock.patch.object(timezone, "now", return_value=at(2026, 9, 17, 17, 20)):
        alert = raise_alert(world, django_capture_on_commit_callbacks)
    assert local(alert.escalate_at) == at(2026, 9, 18, 8, 35)
    assert alert.status == AlertStatus.OPEN and alert.escalated_at is None


def test_a_school_without_settings_uses_the_defaults(world, django_capture_on_commit_callbacks):
    """07:30 to 17:30 and 30 minutes (the unsaved defaults are times, not text)."""
    with mock.patch.object(timezone, "now", return_value=at(2026, 9, 19, 10, 0)):  # Saturday
        alert = raise_alert(world, django_capture_on_commit_callbacks)
    assert local(alert.escalate_at) == at(2026, 9, 20, 8, 0)


# --- raising, escalating, acknowledging ---------------------------------------------------------------------------


def test_an_alert_tells_the_counsellors_and_the_safeguarding_lead_at_once(world, django_capture_on_commit_callbacks):
    make_lead(world)
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    link = reverse("wellbeing:alert-detail", args=[alert.pk])
    told = set(Notification.objects.filter(link=link).values_list("recipient__username", flat=True))
    assert told == {"counsellor", "leader"}
    body = Notification.objects.filter(link=link).first().body
    assert world.student_x.name in body


def test_an_alert_not_acknowledged_in_time_escalates_to_the_director_once(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    link = reverse("wellbeing:alert-detail", args=[alert.pk])
    assert alerts_escalate_due(alert.escalate_at - dt.timedelta(minutes=1)) == 0  # not yet
    later = alert.escalate_at + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_escalate_due(later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_escalate_due(later + dt.timedelta(hours=1)) == 0  # once only
    alert.refresh_from_db()
    assert alert.escalated_at == later and alert.status == AlertStatus.OPEN
    director = Notification.objects.filter(link=link, recipient=world.users["director"])
    assert director.count() == 1
    # the counsellor hears again (raised, escalated): twice, never a third time
    assert Notification.objects.filter(link=link, recipient=world.users["counsellor"]).count() == 2


def test_an_acknowledged_alert_does_not_escalate(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    alert_acknowledge(actor=world.actor("counsellor"), alert=alert, note="已与班主任一起联系学生和家长")
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_escalate_due(alert.escalate_at + dt.timedelta(days=3)) == 0
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.escalated_at is None
    assert alert.acknowledged_by == world.users["counsellor"] and alert.note == "已与班主任一起联系学生和家长"
    assert not Notification.objects.filter(recipient=world.users["director"]).exists()


def test_a_second_acknowledge_is_refused(world, django_capture_on_commit_callbacks):
    make_lead(world)
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    alert_acknowledge(actor=world.actor("counsellor"), alert=alert)
    with pytest.raises(ValidationError):
        alert_acknowledge(actor=world.actor("leader"), alert=alert, note="我也联系了")
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.users["counsellor"] and not alert.note


def test_only_those_who_handle_it_acknowledge(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    for persona in ("leader", "director", "head_teacher_a"):  # not the lead; not escalated; the class's teacher
        with pytest.raises(ValidationError):
            alert_acknowledge(actor=world.actor(persona), alert=alert)
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.OPEN
    with pytest.raises(Http404):
        alert_acknowledge(actor=world.actor("outsider"), alert=alert)  # another school's alert does not exist


def test_a_long_note_is_refused_and_changes_nothing(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        alert_acknowledge(actor=world.actor("counsellor"), alert=alert, note="长" * 1001)
    assert "note" in exc.value.error_dict
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.OPEN


# --- who sees which alert -----------------------------------------------------------------------------------------


def detail(world, persona, alert):
    return world.client(persona).get(reverse("wellbeing:alert-detail", args=[alert.pk]))


def listed(world, persona) -> str:
    response = world.client(persona).get(reverse("wellbeing:alerts"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_counsellor_sees_every_alert(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    other = raise_alert(world, django_capture_on_commit_callbacks, student=world.student_z)
    page = listed(world, "counsellor")
    assert world.student_x.name in page and world.student_z.name in page
    assert "PHQ-A 9" in page
    response = detail(world, "counsellor", alert)
    assert response.status_code == 200
    body = response.content.decode()
    assert "PHQ-A 9" in body and 'id="acknowledge-form"' in body
    assert world.users["head_teacher_a"].display_name in body  # the class's head teacher, to make contact with
    assert detail(world, "counsellor", other).status_code == 200


def test_the_safeguarding_lead_sees_every_alert_and_a_leader_who_is_not_none(world,
                                                                             django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    assert world.student_x.name not in listed(world, "leader")
    assert detail(world, "leader", alert).status_code == 404
    make_lead(world)
    assert world.student_x.name in listed(world, "leader")
    assert detail(world, "leader", alert).status_code == 200


def test_the_director_sees_an_alert_once_it_has_escalated(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    assert world.student_x.name not in listed(world, "director")
    assert detail(world, "director", alert).status_code == 404
    alerts_escalate_due(alert.escalate_at)
    assert world.student_x.name in listed(world, "director")
    response = detail(world, "director", alert)
    assert response.status_code == 200 and 'id="acknowledge-form"' in response.content.decode()


@pytest.mark.parametrize("persona", ["head_teacher_a", "parent_x", "student_x", "elder", "finance", "outsider"])
def test_nobody_else_sees_an_alert(world, django_capture_on_commit_callbacks, persona):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    alerts_escalate_due(alert.escalate_at)
    assert detail(world, persona, alert).status_code == 404
    response = world.client(persona).get(reverse("wellbeing:alerts"))
    assert response.status_code == (200 if persona == "outsider" else 404)
    assert world.student_x.name not in response.content.decode()


def test_the_list_puts_open_alerts_first_and_filters(world, django_capture_on_commit_callbacks):
    handled = raise_alert(world, django_capture_on_commit_callbacks, student=world.student_y)
    alert_acknowledge(actor=world.actor("counsellor"), alert=handled)
    raise_alert(world, django_capture_on_commit_callbacks)
    page = listed(world, "counsellor")
    assert page.index(world.student_x.name) < page.index(world.student_y.name)
    client = world.client("counsellor")
    open_only = client.get(reverse("wellbeing:alerts"), {"status": "open"}).content.decode()
    assert world.student_x.name in open_only and world.student_y.name not in open_only
    done = client.get(reverse("wellbeing:alerts"), {"status": "acknowledged"}).content.decode()
    assert world.student_y.name in done and world.student_x.name not in done


def test_acknowledging_on_the_page(world, django_capture_on_commit_callbacks):
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    client = world.client("counsellor")
    url = reverse("wellbeing:alert-acknowledge", args=[alert.pk])
    response = client.post(url, {"note": "已电话联系家长"})
    assert response.status_code == 302 and response.url == reverse("wellbeing:alert-detail", args=[alert.pk])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.note == "已电话联系家长"
    body = client.get(response.url).content.decode()
    assert 'id="acknowledge-form"' not in body and "已电话联系家长" in body
    assert client.post(url).status_code == 302  # refused with a message, nothing changes
    alert.refresh_from_db()
    assert alert.note == "已电话联系家长"


# --- the home page's panel -----------------------------------------------------------------------------------------


def test_the_panel_shows_open_alerts_until_acknowledged(world, django_capture_on_commit_callbacks):
    client = world.client("counsellor")
    assert 'id="alerts-panel"' not in client.get(reverse("dashboard")).content.decode()
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    home = client.get(reverse("dashboard")).content.decode()
    assert 'id="alerts-panel"' in home and world.student_x.name in home
    assert reverse("wellbeing:alert-detail", args=[alert.pk]) in home
    # not for the director before escalation, nor the head teacher
    assert 'id="alerts-panel"' not in world.client("director").get(reverse("dashboard")).content.decode()
    assert 'id="alerts-panel"' not in world.client("head_teacher_a").get(reverse("dashboard")).content.decode()
    alerts_escalate_due(alert.escalate_at)
    assert 'id="alerts-panel"' in world.client("director").get(reverse("dashboard")).content.decode()
    alert_acknowledge(actor=world.actor("counsellor"), alert=alert)
    assert 'id="alerts-panel"' not in client.get(reverse("dashboard")).content.decode()
    assert 'id="alerts-panel"' not in world.client("director").get(reverse("dashboard")).content.decode()


def test_the_panel_shows_for_the_safeguarding_lead(world, django_capture_on_commit_callbacks):
    raise_alert(world, django_capture_on_commit_callbacks)
    assert 'id="alerts-panel"' not in world.client("leader").get(reverse("dashboard")).content.decode()
    make_lead(world)
    assert 'id="alerts-panel"' in world.client("leader").get(reverse("dashboard")).content.decode()


# --- the safeguarding settings -------------------------------------------------------------------------------------


def save(world, persona="director", **kw):
    values = {"safeguarding_lead": world.users["leader"], "escalate_after_minutes": 20,
              "school_day_starts": EIGHT, "school_day_ends": dt.time(17, 0)}
    values.update(kw)
    return settings_save(actor=world.actor(persona), **values)


def test_settings_are_saved_and_used(world, django_capture_on_commit_callbacks):
    saved = save(world)
    assert saved.safeguarding_lead == world.users["leader"] and saved.escalate_after_minutes == 20
    saved = save(world, "counsellor", safeguarding_lead=world.users["counsellor"], escalate_after_minutes=60)
    assert WellbeingSettings.objects.filter(school=world.school).count() == 1
    assert services.settings_for(world.school).escalate_after_minutes == 60
    with mock.patch.object(timezone, "now", return_value=at(2026, 9, 17, 16, 30)):
        alert = raise_alert(world, django_capture_on_commit_callbacks)
    assert local(alert.escalate_at) == at(2026, 9, 18, 8, 30)  # 30 minutes till 17:00, 30 from 08:00
    assert save(world, safeguarding_lead=None).safeguarding_lead is None


@pytest.mark.parametrize(("kw", "field"), [
    ({"escalate_after_minutes": 4}, "escalate_after_minutes"),
    ({"escalate_after_minutes": 1441}, "escalate_after_minutes"),
    ({"escalate_after_minutes": "30"}, "escalate_after_minutes"),
    ({"school_day_starts": dt.time(17, 0)}, "school_day_ends"),
    ({"school_day_starts": dt.time(18, 0)}, "school_day_ends"),
    ({"school_day_ends": None}, "school_day_ends"),
    ({"lead": "head_teacher_a"}, "safeguarding_lead"),
    ({"lead": "parent_x"}, "safeguarding_lead"),
    ({"lead": "outsider"}, "safeguarding_lead"),  # another school's director
    ({"lead": "inactive"}, "safeguarding_lead"),
])
def test_bad_settings_are_refused_and_change_nothing(world, kw, field):
    lead = kw.pop("lead", None)
    if lead == "inactive":
        user = world.users["leader"]
        user.is_active = False
        user.save(update_fields=["is_active"])
        kw["safeguarding_lead"] = user
    elif lead:
        kw["safeguarding_lead"] = world.users[lead]
    with pytest.raises(ValidationError) as exc:
        save(world, **kw)
    assert field in exc.value.error_dict
    assert not WellbeingSettings.objects.exists()


def test_a_second_role_makes_a_teacher_eligible(world):
    membership_grant(user=world.users["head_teacher_a"], school=world.school, role=Role.COUNSELLOR)
    assert save(world, safeguarding_lead=world.users["head_teacher_a"]).safeguarding_lead == \
        world.users["head_teacher_a"]


@pytest.mark.parametrize("persona", ["leader", "head_teacher_a", "admin"])
def test_only_counsellors_and_the_director_change_the_settings(world, persona):
    with pytest.raises(Http404):
        save(world, persona)
    assert not WellbeingSettings.objects.exists()


def test_the_settings_page(world):
    client = world.client("director")
    url = reverse("wellbeing:settings")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert world.users["leader"].display_name in body
    assert f'value="{world.users["head_teacher_a"].pk}"' not in body  # not among the choices
    bad = client.post(url, {"safeguarding_lead": world.users["leader"].pk, "escalate_after_minutes": 30,
                            "school_day_starts": "17:30", "school_day_ends": "08:00"})
    assert bad.status_code == 400 and not WellbeingSettings.objects.exists()
    ok = client.post(url, {"safeguarding_lead": world.users["leader"].pk, "escalate_after_minutes": 45,
                           "school_day_starts": "07:40", "school_day_ends": "17:10"})
    assert ok.status_code == 302
    saved = WellbeingSettings.objects.get(school=world.school)
    assert (saved.safeguarding_lead, saved.escalate_after_minutes, saved.school_day_starts, saved.school_day_ends) \
        == (world.users["leader"], 45, dt.time(7, 40), dt.time(17, 10))


# --- the settings' messages and bounds, and who may be the lead (mutation testing, issue 21) -------------------------

LEAD_MESSAGE = "The safeguarding lead is one of the school's active directors, leaders or counsellors."


@pytest.mark.parametrize(("changes", "errors"), [
    ({"escalate_after_minutes": 4}, {"escalate_after_minutes": ["An alert escalates after 5 to 1440 minutes of "
                                                                "school time."]}),
    ({"school_day_starts": None}, {"school_day_starts": ["Enter the time the school day starts."]}),
    ({"school_day_ends": None}, {"school_day_ends": ["Enter the time the school day ends."]}),
    ({"school_day_starts": dt.time(17, 0)}, {"school_day_ends": ["The school day ends after it starts."]}),
    ({"safeguarding_lead": "head_teacher_a"}, {"safeguarding_lead": [LEAD_MESSAGE]}),
])
def test_bad_settings_are_told_on_their_field(world, changes, errors):
    from django.utils import translation

    changes = {k: world.users[v] if k == "safeguarding_lead" else v for k, v in changes.items()}
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        save(world, **changes)
    assert exc.value.message_dict == errors
    assert not WellbeingSettings.objects.exists()


@pytest.mark.parametrize("minutes", [5, 1440])
def test_the_escalation_time_may_be_its_bounds(world, minutes):
    assert save(world, escalate_after_minutes=minutes).escalate_after_minutes == minutes


def test_the_lead_candidates_are_the_schools_active_directors_leaders_and_counsellors_by_name(world):
    from xinhuo.core.models import User

    membership_grant(user=world.users["director"], school=world.school, role=Role.COUNSELLOR)  # listed once
    User.objects.filter(pk=world.users["leader"].pk).update(full_name="Li Ming")  # names order the list
    User.objects.filter(pk=world.users["counsellor"].pk).update(full_name="Li Ming")  # the same name: by key
    User.objects.filter(pk=world.users["director"].pk).update(full_name="Zhang Wei")
    expected = sorted([world.users["leader"], world.users["counsellor"]], key=lambda u: u.pk) + \
        [world.users["director"]]
    assert list(services.lead_candidates(world.school)) == expected
    User.objects.filter(pk=world.users["leader"].pk).update(is_active=False)
    assert world.users["leader"] not in services.lead_candidates(world.school)
    assert list(services.lead_candidates(world.other)) == [world.users["outsider"]]
    with pytest.raises(ValidationError):
        save(world, safeguarding_lead=world.users["outsider"])


def test_a_refused_acknowledgement_says_why(world, django_capture_on_commit_callbacks):
    from django.utils import translation

    make_lead(world)
    alert = raise_alert(world, django_capture_on_commit_callbacks)
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            alert_acknowledge(actor=world.actor("head_teacher_a"), alert=alert)
        assert exc.value.messages == ["This alert is not yours to acknowledge."]
        alert_acknowledge(actor=world.actor("counsellor"), alert=alert)
        with pytest.raises(ValidationError) as exc:
            alert_acknowledge(actor=world.actor("leader"), alert=alert)
        assert exc.value.messages == ["This alert has already been acknowledged."]


def test_what_the_counsellor_is_told_when_an_alert_is_raised_and_escalated(world, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"):
        alert = raise_alert(world, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            alerts_escalate_due(alert.escalate_at + dt.timedelta(minutes=1))
    told = Notification.objects.filter(recipient=world.users["counsellor"]).order_by("pk")
    student = world.student_x
    body = (f"{student.name} ({student.school_class}) answered a question on self-harm in a screening. Please make "
            "contact today and acknowledge the alert.")
    assert [(n.title, n.body) for n in told] == [
        ("Screening alert: please act now", body),
        ("Screening alert not yet acknowledged: escalated to you", body)]


def test_escalation_takes_every_alert_due_and_no_other(world, django_capture_on_commit_callbacks):
    first = raise_alert(world, django_capture_on_commit_callbacks)
    second = raise_alert(world, django_capture_on_commit_callbacks, student=world.student_y)
    later = raise_alert(world, django_capture_on_commit_callbacks, student=world.student_z)
    due = max(first.escalate_at, second.escalate_at) + dt.timedelta(minutes=1)
    # the newest alert, raised last, is not due yet
    Alert.objects.filter(pk=later.pk).update(raised_at=due, escalate_at=due + dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_escalate_due(due) == 2
    escalated = dict(Alert.objects.values_list("pk", "escalated_at"))
    assert escalated == {first.pk: due, second.pk: due, later.pk: None}


def test_in_a_year_the_holiday_calendar_does_not_know_school_days_are_monday_to_friday():
    from xinhuo.wellbeing.alerts.services import _is_school_day

    friday = dt.date(2100, 1, 1)
    assert friday.weekday() == 4
    assert [_is_school_day(friday + dt.timedelta(days=n)) for n in range(7)] == [True, False, False, True, True,
                                                                                  True, True]


def test_an_alert_keeps_the_answers_that_raised_it(world, django_capture_on_commit_callbacks):
    from xinhuo.wellbeing.models import Campaign, Response

    now = timezone.now()
    campaign = Campaign.objects.create(school=world.school, title="秋季筛查", opens_at=now,
                                       closes_at=now + dt.timedelta(days=7))
    response = Response.objects.create(school=world.school, campaign=campaign, student=world.student_x)
    with django_capture_on_commit_callbacks(execute=True):
        alert = alert_raise(school=world.school, student=world.student_x, response=response, items=["PHQ-A 9"])
    assert Alert.objects.get(pk=alert.pk).response == response


def test_a_school_day_of_no_length_escalates_by_the_wall_clock():
    """Saved settings always have the day end after it starts; should the times ever meet, an alert still
    escalates, `minutes` after it was raised."""
    raised = at(2026, 9, 17, 22, 0)
    assert local(escalation_time(raised, 45, EIGHT, EIGHT)) == at(2026, 9, 17, 22, 45)
