"""What the one search box (RES-2) finds of the resource library: each resource by its title, summary, text (an
article's, or what was extracted from its PDF or Word file), tags, source and contributor. The resources' own
scope decides who finds which (selectors.visible_q: the published ones meant for the actor, their own drafts,
everything for the committee). Declared in search/declare.py (SEARCH)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from xinhuo.library.search.indexing import Document, Indexer


def _url(pk: int) -> str:
    for name in ("library:resource-detail", "library:resources-detail"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return f"/library/resources/{pk}/"


class ResourceIndexer(Indexer):
    kind = "resource"
    label = _("Resource")
    model = "library.Resource"
    capability = "library.view"
    order = 50

    def queryset(self):
        return super().queryset().select_related("contributor")

    def document(self, obj) -> Document:
        with translation.override("zh-hans"):
            kind_label = str(obj.get_kind_display())
        body = "\n".join(x for x in (obj.summary, obj.body, obj.extracted_text, obj.source) if x)
        contributor = obj.contributor.display_name if obj.contributor_id else ""
        return Document(title=obj.title, body=body, url=_url(obj.pk), tags=(kind_label, *obj.tag_list),
                        year=obj.created_at.year, names=(contributor,) if contributor else ())

    def visible(self, actor):
        from .models import Resource
        from .selectors import visible_q

        return Resource.objects.filter(visible_q(actor), school=actor.school).values("pk")


RESOURCES = ResourceIndexer()
