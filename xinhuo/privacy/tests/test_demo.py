"""The demo's personal data: a graduate due for erasure in three days and one held, the parent's answered access
request (its summary opens) and a correction waiting for the director."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from xinhuo.privacy import demo, services
from xinhuo.privacy.models import PrivacyRequest, RequestStatus


def test_the_demo(world):
    ctx = SimpleNamespace(named=True, school=world.school, today=timezone.localdate(), director=world.users["director"])
    demo.build(ctx)
    director = world.client("director")
    page = director.get(reverse("privacy:due")).content.decode()
    assert page.count("data-student=") == 2 and "毕业生学籍纠纷处理中" in page
    assert services.retention_run()["erased"] == 0  # neither is due today
    assert PrivacyRequest.objects.filter(status=RequestStatus.OPEN).count() == 1
    answered = PrivacyRequest.objects.get(status=RequestStatus.DONE)
    parent = world.client("parent_x")
    assert 'id="summary-link"' in parent.get(reverse("privacy:request-detail", args=[answered.pk])).content.decode()
    assert parent.get(reverse("privacy:summary", args=[answered.student_id])).status_code == 200
    assert director.get(reverse("privacy:requests")).status_code == 200
