"""Who hears of what in a selection: the notices sent when the services' signals fire. Students are not sent
the voting notice one by one (a large school has thousands): the selection shows on their pages."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.models import Membership, Role, User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles
from xinhuo.people.selectors import guardians_of_students

from .models import Nomination, Objection, Selection, Stage
from .rules import HEAD_TEACHER_KINDS
from .signals import nomination_changed, objection_changed, selection_changed


def _managers(school) -> list[User]:
    return recipients_for_roles(school, roles_with("selections.manage"))


def _others(users, actor) -> list[User]:
    return [u for u in users if actor is None or u.pk != actor.user.pk]


def _nominators(selection: Selection, **filters) -> list[User]:
    ids = selection.nominations.filter(**filters).values_list("nominated_by_id", flat=True)
    return list(User.objects.filter(pk__in=ids))


def _winner_accounts(selection: Selection) -> list[User]:
    """The winners' own accounts, a student winner's parents, a winning class's head teachers."""
    wins = list(selection.nominations.filter(awarded_at__isnull=False).select_related(
        "student__user", "guardian__user", "elder__user"))
    users = [person.user for n in wins for person in (n.student, n.guardian, n.elder) if person is not None]
    students = [n.student_id for n in wins if n.student_id]
    users += list(User.objects.filter(pk__in=guardians_of_students(students).values("user_id")))
    classes = [n.school_class_id for n in wins if n.school_class_id]
    users += list(User.objects.filter(pk__in=Membership.objects.filter(
        school=selection.school, role=Role.HEAD_TEACHER, classes__in=classes).values("user_id")))
    return [u for u in users if u is not None]


@receiver(selection_changed, sender=Selection)
def tell_of_stage(sender, selection: Selection, step, actor, **kwargs) -> None:
    link = reverse("selections:detail", args=[selection.pk])
    school = selection.school
    stage = selection.stage
    title = f"{selection.title} · {selection.get_stage_display()}"
    if stage == Stage.NOMINATING:
        # head teachers nominate in their kinds; the managers in every kind
        nominators = roles_with("selections.nominate" if selection.kind in HEAD_TEACHER_KINDS else "selections.manage")
        notify(school, _others(recipients_for_roles(school, nominators), actor), title,
               _("Nominations are open. Criteria: %(criteria)s") % {"criteria": selection.criteria}, link)
    elif stage == Stage.REVIEWING:
        notify(school, _others(_managers(school), actor), title,
               _("Nominations are closed: the nominations wait for review."), link)
    elif stage == Stage.VOTING:
        notify(school, _others(recipients_for_roles(school, roles_with("selections.vote_every_kind")), actor), title,
               _("The vote is open: one vote per person."), link)
    elif stage == Stage.PUBLICITY:
        notify(school, _others([*_managers(school), *_nominators(selection)], actor), title,
               _("The proposed winners are published until %(date)s; objections may be raised until then.") % {
                   "date": selection.publicity_ends.isoformat() if selection.publicity_ends else ""},
               reverse("selections:publicity", args=[selection.pk]))
    elif stage == Stage.AWARDED:
        notify(school, [*_winner_accounts(selection), *_nominators(selection, awarded_at__isnull=False)],
               title, _("The honours are awarded; the certificates can be printed."), link)
    elif stage == Stage.CANCELLED:
        notify(school, _others(_nominators(selection), actor), title, step.comment, link)


@receiver(nomination_changed, sender=Nomination)
def tell_of_review(sender, nomination: Nomination, action: str, actor, **kwargs) -> None:
    if action != "reviewed" or nomination.nominated_by is None:
        return
    notify(nomination.selection.school, [nomination.nominated_by],
           _("%(name)s: %(review)s") % {"name": nomination.name, "review": nomination.get_review_display()},
           nomination.review_comment, reverse("selections:detail", args=[nomination.selection_id]))


@receiver(objection_changed, sender=Objection)
def tell_of_objection(sender, objection: Objection, action: str, actor, **kwargs) -> None:
    selection = objection.nomination.selection
    link = reverse("selections:detail", args=[selection.pk]) + "#objections"
    if action == "raised":
        notify(selection.school, _others(_managers(selection.school), actor),
               _("Objection to %(name)s") % {"name": objection.nomination.name}, objection.text, link)
    elif objection.raised_by is not None:
        notify(selection.school, [objection.raised_by],
               _("Your objection to %(name)s: %(outcome)s") % {"name": objection.nomination.name,
                                                                "outcome": objection.get_outcome_display()},
               objection.reply, link)
