"""Who may do what in an honour selection (ACT-6). The selectors' scopes say the same for lists.

- Manage (create, edit, move the stage, review, handle objections, award): the committee director, the school
  leaders and the department heads (德育处 runs the selections in the plans).
- Nominate: the managers anyone of the school; a head teacher the students of their classes (美德少年), the
  guardians of those students (榜样家长) and their classes (红色班级). 优秀五老 is the committee's: the plans give
  the elders' commendation to it ("定期表彰优秀五老"), so only managers nominate elders. Elders, parents and
  students do not nominate: they take part by voting (where they may) and by objecting during the publicity.
- Vote (when the selection has a vote): the staff (not the technical administrator) and the elders in every
  selection; students too for 美德少年 and 红色班级, the honours of their peers. Parents do not vote: a family
  has several guardians, and a vote among families would turn into canvassing for one's own child.
- See nominations: the managers all; a nominator their own, a head teacher those of their classes; the
  accepted candidates are public to the voters from the vote on, the proposed winners to everyone during the
  publicity, the winners afterwards. Parents and students never see other nominations or their deeds before.
- Vote counts: the managers at any time; everyone who sees the list once the vote has closed (publicity on).
"""

from __future__ import annotations

import rules

from xinhuo.core.models import Role

from .models import Nomination, Review, Selection, SelectionKind, Stage

HEAD_TEACHER_KINDS = frozenset({SelectionKind.VIRTUE_YOUTH, SelectionKind.MODEL_PARENT, SelectionKind.RED_CLASS})
STUDENT_VOTER_KINDS = frozenset({SelectionKind.VIRTUE_YOUTH, SelectionKind.RED_CLASS})
RESULTS_STAGES = frozenset({Stage.PUBLICITY, Stage.AWARDED})


def _selection(obj) -> Selection:
    return obj.selection if isinstance(obj, Nomination) else obj


@rules.predicate
def in_school(actor, obj) -> bool:
    return _selection(obj).school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("selections.manage")


@rules.predicate
def head_teacher_nominates(actor, selection) -> bool:
    return bool(actor.class_ids) and actor.has_role(Role.HEAD_TEACHER) and selection.kind in HEAD_TEACHER_KINDS


def may_vote(actor, selection: Selection) -> bool:
    if not selection.voting:
        return False
    if actor.can("selections.vote_every_kind"):
        return True
    return actor.has_role(Role.STUDENT) and selection.kind in STUDENT_VOTER_KINDS


@rules.predicate
def voter(actor, selection) -> bool:
    return may_vote(actor, selection)


def sees_candidates(actor, selection: Selection) -> bool:
    """Whether the accepted / proposed / winning nominations are public to this actor at this stage."""
    if selection.stage == Stage.VOTING:
        return may_vote(actor, selection)
    return selection.stage in RESULTS_STAGES


def sees_counts(actor, selection: Selection) -> bool:
    return manages(actor) or selection.stage in RESULTS_STAGES


def is_public(nomination: Nomination, selection: Selection) -> bool:
    """The nomination is on the list the stage makes public (the ballot, the publicity list, the winners)."""
    if selection.stage == Stage.VOTING:
        return nomination.review == Review.ACCEPTED
    if selection.stage == Stage.PUBLICITY:
        return nomination.proposed
    if selection.stage == Stage.AWARDED:
        return nomination.awarded_at is not None
    return False


def concerns(actor, nomination: Nomination) -> bool:
    """The nominator, or a head teacher of the nominee's class (a student, a guardian's child, the class)."""
    if nomination.nominated_by_id == actor.user.pk:
        return True
    if not actor.class_ids:
        return False
    if nomination.student is not None:
        return nomination.student.school_class_id in actor.class_ids
    if nomination.school_class_id:
        return nomination.school_class_id in actor.class_ids
    if nomination.guardian_id:
        from xinhuo.people.selectors import guardian_links_of_classes

        return guardian_links_of_classes(actor.class_ids).filter(guardian_id=nomination.guardian_id).exists()
    return False


@rules.predicate
def sees_nomination(actor, nomination) -> bool:
    selection = nomination.selection
    if manages(actor) or concerns(actor, nomination):
        return True
    return sees_candidates(actor, selection) and is_public(nomination, selection)


@rules.predicate
def is_winner_or_theirs(actor, nomination) -> bool:
    """The winner themself, a student winner's parents, a winning class's head teacher."""
    if nomination.student is not None:
        return (nomination.student_id == actor.student_id or nomination.student_id in actor.child_ids
                or nomination.student.school_class_id in actor.class_ids)
    if nomination.guardian_id:
        return nomination.guardian_id == actor.guardian_id
    if nomination.elder_id:
        return nomination.elder_id == actor.elder_id
    return nomination.school_class_id in actor.class_ids


@rules.predicate
def awarded(actor, nomination) -> bool:
    return nomination.awarded_at is not None and nomination.selection.stage == Stage.AWARDED


selection_rules = rules.RuleSet()
selection_rules.add_rule("view_selection", in_school)
selection_rules.add_rule("manage_selection", in_school & manages)
selection_rules.add_rule("nominate", in_school & (manages | head_teacher_nominates))
selection_rules.add_rule("vote", in_school & voter)
selection_rules.add_rule("view_nomination", in_school & sees_nomination)
# reviewing one's own nomination is refused by the service with a message, not hidden by the rule
selection_rules.add_rule("review_nomination", in_school & manages)
selection_rules.add_rule("raise_objection", in_school & sees_nomination)
selection_rules.add_rule("view_certificate", in_school & awarded & (manages | is_winner_or_theirs))


def can(actor, rule: str, obj=None) -> bool:
    return selection_rules.test_rule(rule, actor, obj)
