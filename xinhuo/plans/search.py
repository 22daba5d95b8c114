"""What the one search box (library.search, RES-2) finds of the work plans: each plan (title, guiding ideas,
goals) and each task (title, measures, expected evidence, owner). The plans' own scope decides who finds them: the
committee every plan, drafts included; other staff the adopted plans and their tasks."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xinhuo.library.search.indexing import Document, Indexer


class PlanIndexer(Indexer):
    kind = "plan"
    label = _("Work plan")
    model = "plans.WorkPlan"
    capability = "plans.view"
    order = 300

    def document(self, obj) -> Document:
        body = "\n".join(x for x in (obj.subtitle, obj.intro, obj.guiding_ideas, obj.principles, obj.goals) if x)
        return Document(title=obj.title, body=body, url=reverse("plans:detail", args=[obj.pk]), year=obj.year)

    def visible(self, actor):
        from .selectors import plans

        return plans(actor).values("pk")


class TaskIndexer(Indexer):
    kind = "plan_task"
    label = _("Plan task")
    model = "plans.PlanTask"
    capability = "plans.view"
    order = 310

    def queryset(self):
        return super().queryset().select_related("plan", "section", "owner")

    def school_id(self, obj) -> int:
        return obj.plan.school_id

    def school_filter(self, school_id: int) -> dict:
        return {"plan__school_id": school_id}

    def document(self, obj) -> Document:
        body = "\n".join(x for x in (obj.measures, obj.expected_evidence, obj.last_update_note) if x)
        owner = obj.owner.display_name if obj.owner_id else ""
        return Document(title=obj.title, body=body, url=reverse("plans:task-detail", args=[obj.pk]),
                        tags=(obj.section.title,) if obj.section_id else (), year=obj.plan.year,
                        names=(owner,) if owner else ())

    def visible(self, actor):
        from .models import PlanTask
        from .selectors import plans

        return PlanTask.objects.filter(plan__in=plans(actor)).values("pk")


PLANS = PlanIndexer()
TASKS = TaskIndexer()
