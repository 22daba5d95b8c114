"""Object-level predicates of psychological health; selectors.py holds the matching querysets.

PSY-5: only counsellors see item answers, scores and notes. A head teacher sees who of their classes has not yet
answered a screening, never what anyone answered; the director and leaders see aggregates (groups under 5
suppressed). An alert is for the counsellors and the school's safeguarding lead, and for the director once it
has escalated."""

from __future__ import annotations

import rules

from xinhuo.core.models import Role
from xinhuo.core.scopes import has_role, in_school

from .models import WellbeingSettings

COUNSELLOR = has_role(Role.COUNSELLOR)


def safeguarding_lead_id(school) -> int | None:
    return WellbeingSettings.objects.filter(school=school).values_list("safeguarding_lead_id", flat=True).first()


@rules.predicate
def is_safeguarding_lead(actor, obj=None) -> bool:
    return actor.user.pk == safeguarding_lead_id(actor.school)


@rules.predicate
def escalated(actor, alert) -> bool:
    return alert.escalated_at is not None


@rules.predicate
def answers_for_self(actor, campaign) -> bool:
    return actor.student_id is not None


@rules.predicate
def own_slot(actor, slot) -> bool:
    return slot.counsellor_id == actor.user.pk


@rules.predicate
def booked_it(actor, appointment) -> bool:
    return appointment.booked_by_id == actor.user.pk


wellbeing_rules = rules.RuleSet()
# campaigns and scales: obj is the Campaign (or the Scale)
wellbeing_rules.add_rule("manage_campaign", in_school & COUNSELLOR)
wellbeing_rules.add_rule("answer_campaign", in_school & has_role(Role.STUDENT) & answers_for_self)
# item answers, scores and results of a response (obj is the Response)
wellbeing_rules.add_rule("see_answers", in_school & COUNSELLOR)
# an alert (obj is the Alert): see it and acknowledge it
wellbeing_rules.add_rule("handle_alert", in_school & (COUNSELLOR | is_safeguarding_lead
                                                      | (has_role(Role.DIRECTOR) & escalated)))
# a follow-up case (obj is the Case, a CaseTask's or Referral's case): the counsellors run it; what the head
# teacher and the family see of it is chosen by cases/selectors.py
wellbeing_rules.add_rule("manage_case", in_school & COUNSELLOR)
# counselling: a counsellor withdraws their own slots; a booking is cancelled by whoever made it or a counsellor;
# who booked, why and the session notes are the counsellors' alone (obj is the Slot, the Appointment)
wellbeing_rules.add_rule("manage_slot", in_school & COUNSELLOR & own_slot)
wellbeing_rules.add_rule("cancel_appointment", in_school & (COUNSELLOR | booked_it))
wellbeing_rules.add_rule("see_appointment_notes", in_school & COUNSELLOR)


def can(actor, rule: str, obj=None) -> bool:
    return wellbeing_rules.test_rule(rule, actor, obj)
