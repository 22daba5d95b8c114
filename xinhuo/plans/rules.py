"""Object-level predicates for work plans (PLAN-1, PLAN-2, GOV-4); each mirrors a scope in selectors.py.

The committee (director, school leaders: "plans.manage") writes the plan and sees its drafts; every staff member
sees the adopted plans of the school. A task's progress is reported by its owner, by the head of one of its
departments, or by the committee; evidence is removed by whoever uploaded it or by the committee.
"""

from __future__ import annotations

import rules

from .models import PlanStatus


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("plans.manage")


@rules.predicate
def plan_in_school(actor, plan) -> bool:
    return plan.school_id == actor.school.pk


@rules.predicate
def plan_adopted(actor, plan) -> bool:
    return plan.status == PlanStatus.ADOPTED


@rules.predicate
def views_plans(actor, obj=None) -> bool:
    return actor.can("plans.view")


@rules.predicate
def task_in_school(actor, task) -> bool:
    return task.plan.school_id == actor.school.pk


@rules.predicate
def task_plan_adopted(actor, task) -> bool:
    return task.plan.status == PlanStatus.ADOPTED


@rules.predicate
def owns_task(actor, task) -> bool:
    return task.owner_id == actor.user.pk


@rules.predicate
def heads_task_department(actor, task) -> bool:
    """GOV-4: the head of one of the task's departments (a prefetched departments list is used when there)."""
    if not actor.department_ids:
        return False
    return any(d.pk in actor.department_ids for d in task.departments.all())


@rules.predicate
def evidence_in_school(actor, evidence) -> bool:
    return evidence.task.plan.school_id == actor.school.pk


@rules.predicate
def uploaded_evidence(actor, evidence) -> bool:
    return evidence.uploaded_by_id == actor.user.pk


plan_rules = rules.RuleSet()
plan_rules.add_rule("view_plan", plan_in_school & views_plans & (manages | plan_adopted))
plan_rules.add_rule("manage_plan", plan_in_school & manages)
plan_rules.add_rule("view_task", task_in_school & views_plans & (manages | task_plan_adopted))
# on a draft only the committee sees the task; the service refuses progress on a draft with a message
plan_rules.add_rule("update_task", task_in_school & views_plans
                    & (manages | (task_plan_adopted & (owns_task | heads_task_department))))
plan_rules.add_rule("remove_evidence", evidence_in_school & views_plans & (manages | uploaded_evidence))


def can(actor, rule: str, obj=None) -> bool:
    return plan_rules.test_rule(rule, actor, obj)
