from __future__ import annotations

from django.db.models import QuerySet

from xinhuo.core.access import Actor

from .models import Elder


def elders(actor: Actor) -> QuerySet[Elder]:
    actor.require("elders.view")
    return Elder.objects.filter(school=actor.school)
