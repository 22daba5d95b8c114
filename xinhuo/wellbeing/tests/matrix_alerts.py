"""Access-matrix cases of the alerts pages and endpoints.

An alert on student_x, escalated, in a school whose safeguarding lead is the leader: the counsellor, the leader (as
the lead) and the director (escalated) see and acknowledge it; the head teacher, the family and everyone else get
404 (test_alerts.py covers a leader who is not the lead and a director before escalation). The settings are the
counsellors' and the director's (the outsider is a director of their own school)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

HANDLERS = {"counsellor", "director", "leader"}
LIST = HANDLERS | {"outsider"}
SETTINGS = {"counsellor", "director", "outsider"}


def escalated_alert(w, e=None):
    from django.utils import timezone

    from xinhuo.wellbeing.models import Alert, WellbeingSettings

    WellbeingSettings.objects.update_or_create(school=w.school, defaults={"safeguarding_lead": w.users["leader"]})
    found = Alert.objects.filter(school=w.school, student=w.student_x).first()
    if found:
        return found.pk
    now = timezone.now()
    return Alert.objects.create(school=w.school, student=w.student_x, items=["PHQ-A 9"], raised_at=now,
                                escalate_at=now, escalated_at=now).pk


CASES: list = [
    Case("wellbeing:alerts", LIST),
    Case("wellbeing:alert-detail", HANDLERS, kwargs=k(pk=escalated_alert)),
    Case("wellbeing:alert-acknowledge", HANDLERS, ok=302, method="post", data={"note": "已联系"},
         kwargs=k(pk=escalated_alert)),
    Case("wellbeing:settings", SETTINGS),
]
