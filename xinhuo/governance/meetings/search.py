"""What the one search box (library.search, RES-2) finds of the meetings: the approved minutes (title, agenda,
minutes, resolutions, chair), for those the meetings part lets see the meeting (selectors.visible_q)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from xinhuo.library.search.indexing import Document, Indexer


class MinutesIndexer(Indexer):
    kind = "minutes"
    label = _("Meeting minutes")
    model = "governance.Meeting"
    capability = "governance.meetings.view"
    order = 400

    def queryset(self):
        return super().queryset().select_related("chair")

    def document(self, obj) -> Document | None:
        from .models import MeetingStatus

        if obj.status != MeetingStatus.CLOSED or not obj.minutes.strip():
            return None
        with translation.override("zh-hans"):
            kind_label = str(obj.get_kind_display())
        body = "\n".join(x for x in (obj.minutes, obj.resolutions, obj.agenda, obj.place) if x)
        chair = obj.chair.display_name if obj.chair_id else ""
        return Document(title=obj.title, body=body, url=reverse("governance:meeting-detail", args=[obj.pk]),
                        tags=(kind_label,), year=obj.starts_at.year, names=(chair,) if chair else ())

    def visible(self, actor):
        from .models import Meeting, MeetingStatus
        from .selectors import visible_q

        return (Meeting.objects.filter(school=actor.school, status=MeetingStatus.CLOSED)
                .filter(visible_q(actor)).values("pk"))


MINUTES = MinutesIndexer()
