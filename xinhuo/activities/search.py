"""What the one search box (library.search, RES-2) finds of the activities: every activity, by its title, theme,
objectives, place, summary and effect, its speaker's and organiser's names. Who finds which is the activities'
own scope (selectors.activities): applications only for their organiser and the committee, published ones for
those they are open to."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from xinhuo.library.search.indexing import Document, Indexer


class ActivityIndexer(Indexer):
    kind = "activity"
    label = _("Activity")
    model = "activities.Activity"
    capability = "activities.view"
    order = 100

    def queryset(self):
        return super().queryset().select_related("organiser")

    def document(self, obj) -> Document:
        with translation.override("zh-hans"):
            kind_label = str(obj.get_kind_display())
        body = "\n".join(x for x in (obj.theme, obj.objectives, obj.place, obj.audience, obj.summary, obj.effect,
                                     obj.scenario, obj.route) if x)
        names = tuple(n for n in (obj.speaker, obj.organiser.display_name if obj.organiser_id else "") if n)
        return Document(title=obj.title, body=body, url=reverse("activities:detail", args=[obj.pk]),
                        tags=tuple(t for t in (kind_label, obj.theme) if t), year=obj.starts_at.year, names=names)

    def visible(self, actor):
        from . import selectors

        return selectors.activities(actor).values("pk")


ACTIVITIES = ActivityIndexer()
