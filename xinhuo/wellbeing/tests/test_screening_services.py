"""Screening's services: campaigns (validation, publish, cancel, what may change once students started), answering
(consent, window, audience, answers the scale offers, resuming), submitting (results, risk, once only) and the
alerts an alert item raises. Every refusal says why in Chinese and writes nothing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.models import Grade, Notification, SchoolClass
from xinhuo.people.tests.consent_helpers import guardian_consent
from xinhuo.wellbeing.models import Alert, Campaign, CampaignStatus, Response, Scale, ScaleResult
from xinhuo.wellbeing.scales import Risk
from xinhuo.wellbeing.screening import services
from xinhuo.wellbeing.screening.selectors import answers_of


def scale(code: str) -> Scale:
    return Scale.objects.get(school=None, code=code)


def window(hours_ago: int = 1, days: int = 7) -> dict:
    now = timezone.now()
    return {"opens_at": now - dt.timedelta(hours=hours_ago), "closes_at": now + dt.timedelta(days=days)}


def a_campaign(world, *, codes=("phqa", "gad7"), classes=None, grades=None, publish=True, **kw) -> Campaign:
    kw = {**window(), **kw}
    campaign = services.campaign_create(
        actor=world.actor("counsellor"), title="秋季心理健康筛查", scales=[scale(c) for c in codes],
        grades=grades if grades is not None else [world.grade], classes=classes or [], **kw)
    if publish:
        campaign = services.campaign_publish(actor=world.actor("counsellor"), campaign=campaign)
    return campaign


def consented(world) -> None:
    guardian_consent(world)  # guardian_x for student_x (13: a guardian's consent is enough)


def snapshot():
    return (sorted(Campaign.objects.values_list("pk", "title", "status", "opens_at", "closes_at")),
            sorted(Response.objects.values_list("pk", "submitted_at", "risk")),
            sorted((r.pk, r.answers) for r in Response.objects.all()),
            ScaleResult.objects.count(), Alert.objects.count())


def refused(fn, *, message: str = "", **kwargs) -> ValidationError:
    """The call is refused with a ValidationError naming `message` (the message as the site shows it), and
    nothing changed."""
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        fn(**kwargs)
    assert snapshot() == before
    if message:
        assert message in " ".join(exc.value.messages), exc.value.messages
    return exc.value


def answer_all(world, response: Response, values: dict[str, dict[int, int]] | None = None,
               default: int = 0) -> Response:
    """Answer every item of every scale of the campaign: `values` per scale code, else `default`."""
    actor = world.actor("student_x")
    for s in services.scales_of(response.campaign):
        given = (values or {}).get(s.code, {})
        for item in s.spec().items:
            value = given.get(item.number, default)
            response = services.answer_save(actor=actor, response=response, scale=s, item=item.number, value=value)
    return response


def started(world, campaign=None) -> Response:
    consented(world)
    return services.response_start(actor=world.actor("student_x"), campaign=campaign or a_campaign(world))


# campaigns


def test_a_counsellor_creates_a_draft_campaign(world):
    campaign = a_campaign(world, publish=False)
    assert campaign.status == CampaignStatus.DRAFT
    assert [s.code for s in services.scales_of(campaign)] == ["phqa", "gad7"]
    assert list(campaign.grades.all()) == [world.grade]
    assert campaign.created_by == world.users["counsellor"]


@pytest.mark.parametrize("change, message", [
    ({"codes": ()}, "Choose at least one scale."),
    ({"grades": [], "classes": []}, "Choose the grades or classes to screen."),
    ("window", "The screening must close after it opens."),
    ("other_class", "Choose grades and classes of your school."),
    ({"title": "  "}, "A title is required."),
])
def test_campaign_create_refuses_what_is_wrong(world, change, message):
    counsellor = world.actor("counsellor")
    kw = {"title": "秋季筛查", "scales": [scale("phqa")], "grades": [world.grade], "classes": [], **window()}
    if change == "window":
        kw["closes_at"] = kw["opens_at"]
    elif change == "other_class":
        kw["grades"], kw["classes"] = [], [world.other_class]
    else:
        if "codes" in change:
            kw["scales"] = [scale(c) for c in change["codes"]]
        kw.update({k: v for k, v in change.items() if k != "codes"})
    refused(services.campaign_create, actor=counsellor, message=_(message), **kw)


def test_another_schools_grade_is_refused_too(world):
    other_grade = Grade.objects.get(school=world.other)
    refused(services.campaign_create, actor=world.actor("counsellor"), title="筛查", scales=[scale("gad7")],
            grades=[other_grade], message=_("Choose grades and classes of your school."), **window())


def test_only_a_counsellor_creates_a_campaign(world):
    from django.http import Http404

    for persona in ("director", "head_teacher_a", "student_x"):
        with pytest.raises(Http404):
            services.campaign_create(actor=world.actor(persona), title="筛查", scales=[scale("gad7")],
                                     grades=[world.grade], **window())
    assert not Campaign.objects.exists()


def test_publish_then_cancel(world):
    counsellor = world.actor("counsellor")
    campaign = a_campaign(world, publish=False)
    campaign = services.campaign_publish(actor=counsellor, campaign=campaign)
    assert campaign.status == CampaignStatus.PUBLISHED
    refused(services.campaign_publish, actor=counsellor, campaign=campaign,
            message=_("Only a draft screening can be published."))
    campaign = services.campaign_cancel(actor=counsellor, campaign=campaign)
    assert campaign.status == CampaignStatus.CANCELLED
    refused(services.campaign_cancel, actor=counsellor, campaign=campaign,
            message=_("This screening is already cancelled."))
    refused(services.campaign_update, actor=counsellor, campaign=campaign, title="新标题",
            scales=[scale("phqa")], grades=[world.grade], message=_("A cancelled screening cannot be changed."),
            **window())


def test_a_closed_window_cannot_be_published(world):
    now = timezone.now()
    campaign = a_campaign(world, publish=False, opens_at=now - dt.timedelta(days=3),
                          closes_at=now - dt.timedelta(days=1))
    refused(services.campaign_publish, actor=world.actor("counsellor"), campaign=campaign,
            message=_("The screening's window has already closed: set a later closing time first."))


def test_once_a_student_started_only_title_note_and_closing_time_change(world):
    counsellor = world.actor("counsellor")
    campaign = a_campaign(world)
    services.campaign_update(actor=counsellor, campaign=campaign, title="改过的标题", scales=[scale("phqa")],
                             grades=[world.grade], opens_at=campaign.opens_at, closes_at=campaign.closes_at)
    assert [s.code for s in services.scales_of(campaign)] == ["phqa"]  # nobody started: anything goes
    started(world, campaign)
    campaign.refresh_from_db()
    same = {"scales": [scale("phqa")], "grades": [world.grade], "opens_at": campaign.opens_at}
    message = _("Students have started answering: only the title, the note and the closing time can change now.")
    refused(services.campaign_update, actor=counsellor, campaign=campaign, title="x", closes_at=campaign.closes_at,
            message=message, **{**same, "scales": [scale("phqa"), scale("gad7")]})
    refused(services.campaign_update, actor=counsellor, campaign=campaign, title="x", closes_at=campaign.closes_at,
            message=message, **{**same, "grades": [], "classes": [world.class_a]})
    later = campaign.closes_at + dt.timedelta(days=3)
    campaign = services.campaign_update(actor=counsellor, campaign=campaign, title="延长的筛查", closes_at=later,
                                        note="请在周五前完成", **same)
    campaign.refresh_from_db()
    assert (campaign.title, campaign.closes_at, campaign.note) == ("延长的筛查", later, "请在周五前完成")


# answering


def test_no_screening_without_consent(world):
    campaign = a_campaign(world)
    student = world.actor("student_x")
    why = services.refusal(student, campaign)
    assert why.startswith(_("The consent the school needs for a screening is missing: %(missing)s. Ask your head "
                            "teacher or see 我的同意书.").split("%")[0])
    assert len(why) > 20
    refused(services.response_start, actor=student, campaign=campaign, message=why)
    consented(world)
    assert services.refusal(world.actor("student_x"), campaign) == ""


def test_outside_the_window_is_refused(world):
    consented(world)
    now = timezone.now()
    campaign = a_campaign(world, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=5))
    refused(services.response_start, actor=world.actor("student_x"), campaign=campaign,
            message=_("This screening has not opened yet."))
    assert services.refusal(world.actor("student_x"), campaign, now + dt.timedelta(days=6)) == _(
        "This screening has closed.")
    draft = a_campaign(world, publish=False)
    refused(services.response_start, actor=world.actor("student_x"), campaign=draft,
            message=_("This screening has not opened yet."))


def test_a_screening_of_another_class_is_refused(world):
    consented(world)
    campaign = a_campaign(world, grades=[], classes=[world.class_b])
    refused(services.response_start, actor=world.actor("student_x"), campaign=campaign,
            message=_("This screening is not for your class."))


def test_only_students_answer(world):
    campaign = a_campaign(world)
    for persona in ("counsellor", "parent_x", "head_teacher_a"):
        refused(services.response_start, actor=world.actor(persona), campaign=campaign,
                message=_("Only the students of the school answer a screening."))


def test_answer_save_refuses_what_the_scale_does_not_offer(world):
    response = started(world)
    student = world.actor("student_x")
    phqa, gad7, phq9 = scale("phqa"), scale("gad7"), scale("phq9")
    refused(services.answer_save, actor=student, response=response, scale=phqa, item=1, value=4,
            message=_("Choose one of the answers."))
    refused(services.answer_save, actor=student, response=response, scale=phqa, item=12, value=2,
            message=_("Choose one of the answers."))  # a yes/no item: 0 or 1
    refused(services.answer_save, actor=student, response=response, scale=gad7, item=8, value=0,
            message=_("This question is not part of the screening."))
    refused(services.answer_save, actor=student, response=response, scale=phq9, item=1, value=0,
            message=_("This question is not part of the screening."))


def test_answer_save_with_the_scales_already_read_still_checks_by_itself(world):
    """The API passes the campaign's scales it read; the service still refuses what they do not offer, and a
    scale given that is not in them."""
    from xinhuo.wellbeing.screening.selectors import scales_of

    response = started(world)
    student = world.actor("student_x")
    scales = scales_of(response.campaign)
    phqa, gad7, phq9 = scale("phqa"), scale("gad7"), scale("phq9")
    refused(services.answer_save, actor=student, response=response, scale=phqa, item=1, value=4, scales=scales,
            message=_("Choose one of the answers."))
    refused(services.answer_save, actor=student, response=response, scale=gad7, item=8, value=0, scales=scales,
            message=_("This question is not part of the screening."))
    refused(services.answer_save, actor=student, response=response, scale=phq9, item=1, value=0, scales=scales,
            message=_("This question is not part of the screening."))
    saved = services.answer_save(actor=student, response=response, scale=gad7, item=1, value=2, scales=scales)
    assert answers_of(saved) == {str(gad7.pk): {"1": 2}}


def test_another_student_cannot_write_into_a_response(world):
    from django.http import Http404

    response = started(world)
    with pytest.raises(Http404):
        services.answer_save(actor=world.actor("student_y"), response=response, scale=scale("gad7"), item=1,
                             value=1)


def test_resume_keeps_the_answers(world):
    campaign = a_campaign(world)
    response = started(world, campaign)
    student = world.actor("student_x")
    gad7 = scale("gad7")
    services.answer_save(actor=student, response=response, scale=gad7, item=1, value=2)
    services.answer_save(actor=student, response=response, scale=gad7, item=2, value=1)
    services.answer_save(actor=student, response=response, scale=gad7, item=2, value=3)  # changed their mind
    again = services.response_start(actor=world.actor("student_x"), campaign=campaign)
    assert again.pk == response.pk
    assert answers_of(again) == {str(gad7.pk): {"1": 2, "2": 3}}
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_submit_refuses_incomplete_answers(world):
    response = started(world)
    services.answer_save(actor=world.actor("student_x"), response=response, scale=scale("gad7"), item=1, value=2)
    refused(services.response_submit, actor=world.actor("student_x"), response=response,
            message=_("Please answer every question before you submit."))


def test_submit_stores_results_and_risk_once(world):
    response = answer_all(world, started(world), {"phqa": {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}, "gad7": {1: 1, 2: 1}})
    response = services.response_submit(actor=world.actor("student_x"), response=response)
    assert response.submitted_at is not None
    results = {r.scale.code: r for r in ScaleResult.objects.filter(response=response).select_related("scale")}
    assert (results["phqa"].total, results["gad7"].total) == (10, 2)
    assert results["phqa"].risk >= results["gad7"].risk
    assert results["phqa"].band and results["gad7"].band
    response.refresh_from_db()
    assert response.risk == max(r.risk for r in results.values())
    assert not Alert.objects.exists()
    message = _("You have already submitted this screening; it cannot be answered twice.")
    refused(services.response_submit, actor=world.actor("student_x"), response=response, message=message)
    refused(services.answer_save, actor=world.actor("student_x"), response=response, scale=scale("gad7"), item=1,
            value=0, message=message)


def test_item_9_raises_one_alert_and_tells_the_counsellors(world, django_capture_on_commit_callbacks):
    response = answer_all(world, started(world), {"phqa": {9: 1}})
    with django_capture_on_commit_callbacks(execute=True):
        response = services.response_submit(actor=world.actor("student_x"), response=response)
    alert = Alert.objects.get()
    assert alert.items == ["PHQA 9"]
    assert (alert.student, alert.response, alert.school) == (world.student_x, response, world.school)
    assert alert.escalate_at > alert.raised_at
    response.refresh_from_db()
    assert response.risk == Risk.CRISIS
    assert ScaleResult.objects.get(response=response, scale__code="phqa").total == 1  # a low total still alerts
    told = Notification.objects.filter(school=world.school)
    assert set(told.values_list("recipient__username", flat=True)) == {world.users["counsellor"].username}
    assert world.student_x.name in told.get().body


def test_phqa_total_zero_with_item_12_yes_raises_an_alert(world):
    response = answer_all(world, started(world), {"phqa": {12: 1}})
    response = services.response_submit(actor=world.actor("student_x"), response=response)
    assert Alert.objects.get().items == ["PHQA 12"]
    assert ScaleResult.objects.get(response=response, scale__code="phqa").total == 0


@pytest.mark.django_db(transaction=True)
def test_two_devices_starting_at_once_make_one_response(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL's row locks")
    campaign = a_campaign(world)
    consented(world)
    barrier = threading.Barrier(2)
    got, errors = [], []

    def start():
        try:
            barrier.wait(timeout=10)
            got.append(services.response_start(actor=world.actor("student_x"), campaign=campaign).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len(got) == 2 and got[0] == got[1]
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_classes_of_the_campaign_count_for_the_audience(world):
    consented(world)
    campaign = a_campaign(world, grades=[], classes=[SchoolClass.objects.get(pk=world.class_a.pk)])
    assert services.refusal(world.actor("student_x"), campaign) == ""
