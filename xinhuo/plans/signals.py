"""Signals of the plans app: a plan adopted (published to the staff): plan_published(sender=WorkPlan, plan, actor).
The archive files it (governance.archives)."""

from django.dispatch import Signal

plan_published = Signal()
