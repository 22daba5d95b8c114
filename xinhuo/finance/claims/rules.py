"""Who may do what with an expense claim (GOV-3); selectors.py says the same for lists.

- Claimants (capability finance.claims.submit: the director, leaders, department heads, head teachers, counsellors,
  young teachers, finance) make claims, edit them while a draft or returned, submit them, withdraw them before the
  final approval, and see only their own.
- A draft is its claimant's alone.
- Finance (finance.claims.check) sees every claim of the school past the draft, checks a submitted one (or returns
  it with a comment, or rejects it) and records an approved one as paid (finance.claims.pay).
- Approvers (finance.claims.approve): the director approves a checked claim. Above the school's threshold
  (FinanceSettings.second_approval_over, 2000 yuan unless set) the director's approval is the first
  (FIRST_APPROVED) and a second approver approves — a leader, or another director when the first approver was a
  leader. A director's own claim is approved first by a leader (nobody approves their own claim), and then, above
  the threshold, by another director or leader. Approvers see every claim past the draft.
- Returning or rejecting is for whoever holds the claim at that point: finance while submitted, the first
  approver while checked, the second while first-approved.
- Self-approval: nobody checks, approves or second-approves their own claim, and the second approver is never the
  first. These are refused by the services with a message (the actor sees the claim and the button is disabled),
  not hidden by the rule; a step of a role one does not hold is a 404.
- The administrator, elders, parents and students see nothing (404).
"""

from __future__ import annotations

import rules

from .models import ClaimStatus

SUBMIT = "finance.claims.submit"
CHECK = "finance.claims.check"
PAY = "finance.claims.pay"
APPROVE = "finance.claims.approve"


@rules.predicate
def in_school(actor, claim) -> bool:
    return claim is not None and claim.school_id == actor.school.pk


@rules.predicate
def own(actor, claim) -> bool:
    return actor.can(SUBMIT) and claim.claimant_id == actor.user.pk


@rules.predicate
def finance(actor, claim=None) -> bool:
    return actor.can(CHECK)


@rules.predicate
def pays(actor, claim=None) -> bool:
    return actor.can(PAY)


@rules.predicate
def approver(actor, claim=None) -> bool:
    return actor.can(APPROVE)


@rules.predicate
def past_draft(actor, claim) -> bool:
    return claim.status != ClaimStatus.DRAFT


@rules.predicate
def approves_first(actor, claim) -> bool:
    from xinhuo.core.models import Role

    if not actor.can(APPROVE):
        return False
    return actor.has_role(Role.DIRECTOR) or claimant_is_director(claim)


@rules.predicate
def approves_second(actor, claim) -> bool:
    return actor.can(APPROVE)


@rules.predicate
def decides(actor, claim) -> bool:
    """Return or reject: whoever holds the claim now (finance, the first approver, the second)."""
    if claim.status == ClaimStatus.SUBMITTED:
        return actor.can(CHECK)
    if claim.status == ClaimStatus.CHECKED:
        return approves_first(actor, claim)
    if claim.status == ClaimStatus.FIRST_APPROVED:
        return approves_second(actor, claim)
    return actor.can(CHECK) or actor.can(APPROVE)  # the status refusal speaks then


def claimant_is_director(claim) -> bool:
    """Whether the claimant holds the director role in the claim's school (cached on the claim)."""
    cached = getattr(claim, "_claimant_director", None)
    if cached is None:
        from xinhuo.core.models import Membership, Role

        cached = Membership.objects.filter(user_id=claim.claimant_id, school_id=claim.school_id,
                                           role=Role.DIRECTOR).exists()
        claim._claimant_director = cached
    return cached


claim_rules = rules.RuleSet()
claim_rules.add_rule("view_claim", in_school & (own | ((finance | approver) & past_draft)))
claim_rules.add_rule("own_claim", in_school & own)
claim_rules.add_rule("check_claim", in_school & finance)
claim_rules.add_rule("approve_claim", in_school & approves_first)
claim_rules.add_rule("second_claim", in_school & approves_second)
claim_rules.add_rule("decide_claim", in_school & decides)
claim_rules.add_rule("pay_claim", in_school & pays)


def can(actor, rule: str, obj=None) -> bool:
    return claim_rules.test_rule(rule, actor, obj)
