"""The open work a leaving staff member holds in care (issue 19; registry.Handover): the mentoring pairs they
mentor (their growth-mentor record, kind teacher) and the open follow-up items they own.

A pair handed over ends today with a note naming the new mentor, and a new pair of the same student opens with the
new staff member's growth-mentor record (registered as a teacher mentor when they have none), keeping the needs,
the contact plan and its rhythm, as pair_end and pair_create would (the same checks: the new mentor takes new
mentees, is below their limit, is not paired with the student already). A follow-up item's owner becomes the new
staff member's account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import roles_with
from xinhuo.core.db import lock
from xinhuo.core.registry import OpenItem
from xinhuo.people import selectors as people_selectors
from xinhuo.people.staff.audit import keys_of, log_created, log_reassigned, require_holder

from .models import FollowUp, FollowUpStatus, Mentor, MentoringPair, MentorKind

PAIR = "care.mentoringpair"
FOLLOW_UP = "care.followup"
PAIR_KIND = gettext_lazy("Mentoring pair")
FOLLOW_UP_KIND = gettext_lazy("Follow-up item")


def _pairs(school_id: int, staff_id: int):
    return MentoringPair.objects.filter(school_id=school_id, mentor__staff_id=staff_id, ended_on__isnull=True)


def _follow_ups(school_id: int, user_id: int):
    return FollowUp.objects.filter(school_id=school_id, owner_id=user_id, status=FollowUpStatus.OPEN)


def _follow_up_title(f: FollowUp) -> str:
    # the item's text is about a student's family: the list names the student (or the forum) and the due date only
    about = f.student.name if f.student is not None else (f.forum.title if f.forum is not None else "")
    due = _("due %(date)s") % {"date": f.due_on.isoformat()} if f.due_on else ""
    return " · ".join(part for part in (about, due) if part) or _("Follow-up item %(n)d") % {"n": f.pk}


def items(school_id, staff_id, user_id) -> list[OpenItem]:
    out = [OpenItem(f"{PAIR}:{p.pk}", PAIR_KIND,
                    _("%(student)s (since %(date)s)") % {"student": p.student.name, "date": p.started_on.isoformat()},
                    reverse("care:pair-detail", args=[p.pk]))
           for p in _pairs(school_id, staff_id).select_related("student").order_by("started_on", "pk")]
    if user_id is not None:
        rows = _follow_ups(school_id, user_id).select_related("student", "forum").order_by("due_on", "pk")
        out += [OpenItem(f"{FOLLOW_UP}:{f.pk}", FOLLOW_UP_KIND, _follow_up_title(f), reverse("care:follow-ups"))
                for f in rows]
    return out


@transaction.atomic
def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    keys = list(keys)
    return (_reassign_pairs(school_id, keys_of(keys, PAIR), to_staff_id, actor_user_id)
            + _reassign_follow_ups(school_id, keys_of(keys, FOLLOW_UP), to_user_id, actor_user_id))


def _mentor_for(school_id: int, staff) -> Mentor:
    """The staff member's growth-mentor record, locked; registered (kind teacher) when they have none."""
    mentor = Mentor.objects.filter(school_id=school_id, staff_id=staff.pk).first()
    if mentor is None:
        mentor = Mentor.objects.create(school_id=school_id, kind=MentorKind.TEACHER, staff_id=staff.pk,
                                       name=staff.name)
        return mentor
    return lock(Mentor, mentor.pk)


def _reassign_pairs(school_id: int, ids: list[int], to_staff_id: int, actor_user_id: int | None) -> int:
    if not ids:
        return 0
    staff = people_selectors.staff_in_post(school_id).filter(pk=to_staff_id).first()
    if staff is None:
        raise ValidationError(_("The new growth mentor must be a member of staff of this school, in post."))
    pairs = list(MentoringPair.objects.select_for_update(of=("self",)).select_related("student")
                 .filter(pk__in=ids, school_id=school_id, ended_on__isnull=True))
    if len(pairs) != len(set(ids)):
        raise ValidationError(_("A mentoring pair to hand over has ended or is of another school: reload the page."))
    mentor = _mentor_for(school_id, staff)
    if not mentor.active:
        raise ValidationError(_("%(name)s does not take new mentees now (inactive).") % {"name": mentor.name})
    if any(p.mentor_id == mentor.pk for p in pairs):
        raise ValidationError(_("A pair cannot be handed over to its own mentor."))
    current = set(MentoringPair.objects.filter(mentor=mentor, ended_on__isnull=True)
                  .values_list("student_id", flat=True))
    if twice := [p for p in pairs if p.student_id in current]:
        raise ValidationError(_("%(student)s and %(mentor)s are already paired.") % {
            "student": twice[0].student.name,
            "mentor": mentor.name})
    if len(current) + len(pairs) > mentor.max_mentees:
        raise ValidationError(_("%(mentor)s mentors %(n)d students and may take at most %(max)d: raise their "
                                "limit first, or hand the pairs to several mentors.") % {
            "mentor": mentor.name, "n": len(current), "max": mentor.max_mentees})
    today = timezone.localdate()
    note = _("Handed over to %(mentor)s: the mentor left the school.") % {"mentor": mentor.name}
    for p in pairs:
        p.ended_on, p.summary = max(today, p.started_on), note
    MentoringPair.objects.bulk_update(pairs, ["ended_on", "summary"])
    log_reassigned(pairs, "ended_on", {p.pk: None for p in pairs}, today, actor_user_id)
    created = MentoringPair.objects.bulk_create([
        MentoringPair(school_id=school_id, mentor=mentor, student_id=p.student_id, needs=list(p.needs),
                      contact_plan=p.contact_plan, contact_every_days=p.contact_every_days, started_on=today,
                      created_by_id=actor_user_id) for p in pairs])
    log_created(created, ["mentor", "student", "started_on"], actor_user_id)
    return len(pairs)


def _reassign_follow_ups(school_id: int, ids: list[int], to_user_id: int | None, actor_user_id: int | None) -> int:
    if not ids:
        return 0
    require_holder(school_id, to_user_id, roles_with("follow_ups.view"),
                   no_account=_("The new owner of a follow-up item needs an account: link the staff member to one "
                                    "first."),
                   cannot=_("The new owner of a follow-up item must be a member of staff of this school."))
    rows = list(FollowUp.objects.select_for_update().filter(pk__in=ids, school_id=school_id,
                                                             status=FollowUpStatus.OPEN).only("pk", "owner_id"))
    if len(rows) != len(set(ids)):
        raise ValidationError(_("A follow-up item to hand over is closed or of another school: reload the page."))
    old = {f.pk: f.owner_id for f in rows}
    FollowUp.objects.filter(pk__in=[f.pk for f in rows]).update(owner_id=to_user_id)
    log_reassigned(rows, "owner", old, to_user_id, actor_user_id, repr_of=lambda f: f"#{f.pk}")
    return len(rows)

