"""The rules of consent (the committee's own logic): who must agree to what, and whether they have.

Per student and purpose (ConsentPurpose), on a given day:

- under 14: a guardian's consent;
- 14 to 17: both the student's own consent and a guardian's;
- 18 or more: the student is an adult and their own consent is enough;
- no birth date recorded: treated as needing both, and the status says why.

Age is counted on the day asked (``on``), from the birth date. A consent counts when it was given
to the notice in effect on that day (a newer notice needs new consents), by a party who is still
one of the student's guardians (or the student), and it stops counting the moment it is withdrawn.
Nobody can consent to a purpose without a published notice: there would be no text to agree to.

Other modules ask ``has_consent(student, purpose)`` before they act, or filter a student queryset
with ``students_with_consent(qs, purpose)``; ``consent_status`` explains what is missing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School

from .models import Consent, ConsentNotice, ConsentPurpose, Student, StudentGuardian

OWN_CONSENT_AGE = 14  # from this age the student's own consent is needed as well
ADULT_AGE = 18  # from this age the student's own consent is enough

Party = Consent.Party
PURPOSES: list[str] = list(ConsentPurpose.values)


# --- age ------------------------------------------------------------------------------------


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on `day` (a birthday on 29 February counts from 1 March in a common year)."""
    years = day.year - birth_date.year
    return years - 1 if (day.month, day.day) < (birth_date.month, birth_date.day) else years


def has_reached(birth_date: dt.date, age: int, day: dt.date) -> bool:
    """The same test as age_on(...) >= age, written the way the database query writes it."""
    return birth_date <= years_before(day, age)


@dataclass(frozen=True)
class Requirement:
    guardian: bool
    student: bool
    age: int | None
    reason: str | Promise


def requirement(birth_date: dt.date | None, day: dt.date) -> Requirement:
    """Whose consent a student of this birth date needs on `day`."""
    return _requirement_at(None if birth_date is None else age_on(birth_date, day))


@functools.cache
def _requirement_at(age: int | None) -> Requirement:
    # one frozen instance per age, shared (a list of students made one, with its lazy reason, per student and
    # purpose: allocations the garbage collector then had to walk, issue 21); the reason stays lazy, so it is
    # translated when shown, in the language of that request
    if age is None:
        return Requirement(True, True, None, _(
            "No birth date is recorded, so the age is unknown: both the student's and a guardian's "
            "consent are needed until the birth date is entered."))
    if age < OWN_CONSENT_AGE:
        return Requirement(True, False, age, _("Under 14: a guardian's consent is needed."))
    if age < ADULT_AGE:
        return Requirement(True, True, age, _("Aged 14 to 17: both the student's and a guardian's consent "
                                              "are needed."))
    return Requirement(False, True, age, _("Aged 18 or more: the student's own consent is enough."))


# --- notices --------------------------------------------------------------------------------


def notices_in_effect(school: School | int, day: dt.date | None = None) -> dict[str, ConsentNotice]:
    """The notice of each purpose in effect on `day`: the highest version whose date has come. One query."""
    day = day or timezone.localdate()
    school_id = school if isinstance(school, int) else school.pk
    out: dict[str, ConsentNotice] = {}
    for notice in ConsentNotice.objects.filter(school_id=school_id, effective_from__lte=day).order_by(
        "purpose", "-version"
    ):
        out.setdefault(notice.purpose, notice)
    return out


def _school_notices(school_id: int, day: dt.date) -> tuple[dict[str, ConsentNotice], dict[int, ConsentNotice]]:
    """Every notice of the school (a few versions per purpose), one query: those in effect on `day` by purpose,
    and all by id, so that consents share these instances instead of each joining its own copy."""
    in_effect: dict[str, ConsentNotice] = {}
    by_id: dict[int, ConsentNotice] = {}
    for notice in ConsentNotice.objects.filter(school_id=school_id).order_by("purpose", "-version"):
        by_id[notice.pk] = notice
        if notice.effective_from <= day:
            in_effect.setdefault(notice.purpose, notice)
    return in_effect, by_id


def notice_in_effect(school: School | int, purpose: str, day: dt.date | None = None) -> ConsentNotice | None:
    return notices_in_effect(school, day).get(purpose)


# --- moments --------------------------------------------------------------------------------


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of `day` in the school's time zone: a question about a day sees that whole day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def _counts_q(moment: dt.datetime) -> Q:
    """Consents given by `moment` and not withdrawn by then."""
    return Q(given_at__lte=moment) & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=moment))


def _still_guardian() -> Exists:
    """Inside a Consent queryset: its guardian is still linked to its student."""
    links = StudentGuardian.objects.filter(student_id=OuterRef("student_id"), guardian_id=OuterRef("guardian_id"))
    return Exists(links)


# --- one student ----------------------------------------------------------------------------


@dataclass
class ConsentStatus:
    """Whether a student's consent for one purpose is complete on a day, and what is missing if not."""

    purpose: str
    day: dt.date
    requirement: Requirement
    notice: ConsentNotice | None
    guardian_consents: list[Consent] = field(default_factory=list)  # that count
    student_consent: Consent | None = None  # that counts
    outdated: list[Consent] = field(default_factory=list)  # active, but given to an older notice
    missing: list[str | Promise] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def purpose_label(self) -> str:
        return str(ConsentPurpose(self.purpose).label)

    @property
    def guardian_ok(self) -> bool:
        return bool(self.guardian_consents)

    @property
    def student_ok(self) -> bool:
        return self.student_consent is not None


# what is missing, made once (lazy: translated when shown)
NO_NOTICE = _("No notice has been published for this purpose, so nobody can consent to it yet.")
GUARDIAN_MISSING = _("A guardian's consent is missing.")
STUDENT_MISSING_AGE_UNKNOWN = _("The student's own consent is missing (needed while the age is unknown).")


def _status_from(
    student: Student, purpose: str, day: dt.date, notice: ConsentNotice | None, consents: Iterable[Consent],
    guardian_ids: set[int], moment: dt.datetime,
) -> ConsentStatus:
    req = requirement(student.birth_date, day)
    status = ConsentStatus(purpose=purpose, day=day, requirement=req, notice=notice)
    for c in consents:
        if c.purpose != purpose or c.given_at > moment or (c.withdrawn_at is not None and c.withdrawn_at <= moment):
            continue
        if c.party == Party.GUARDIAN and c.guardian_id not in guardian_ids:
            continue  # no longer this student's guardian
        if notice is None or c.notice_id != notice.pk:
            status.outdated.append(c)
        elif c.party == Party.GUARDIAN:
            status.guardian_consents.append(c)
        else:
            status.student_consent = c
    if notice is None:
        status.missing.append(NO_NOTICE)
        return status
    if req.guardian and not status.guardian_consents:
        old = [c for c in status.outdated if c.party == Party.GUARDIAN]
        status.missing.append(_outdated(old[-1], notice) if old else GUARDIAN_MISSING)
    if req.student and status.student_consent is None:
        old = [c for c in status.outdated if c.party == Party.STUDENT]
        if old:
            status.missing.append(_outdated(old[-1], notice))
        elif req.age is None:
            status.missing.append(STUDENT_MISSING_AGE_UNKNOWN)
        else:
            status.missing.append(_("The student's own consent is missing (the student is %(age)d).")
                                  % {"age": req.age})
    return status


def _outdated(consent: Consent, notice: ConsentNotice) -> str:
    args = {"who": consent_party_label(consent), "new": notice.version, "date": notice.effective_from.isoformat()}
    if consent.notice is None:  # recorded (on paper, say) before any notice of the purpose was published
        return _(
            "%(who)s consented before any notice was published; version %(new)d is in effect since %(date)s, "
            "so that consent no longer counts and must be given again."
        ) % args
    return _(
        "%(who)s consented to version %(old)d of the notice; version %(new)d is in effect since %(date)s, "
        "so that consent no longer counts and must be given again."
    ) % {**args, "old": consent.notice.version}


def consent_party_label(consent: Consent) -> str:
    if consent.party == Party.STUDENT:
        return str(_("The student"))
    return consent.guardian.name if consent.guardian_id and consent.guardian else str(_("A guardian"))


def _moment(day: dt.date) -> dt.datetime:
    return timezone.now() if day == timezone.localdate() else end_of_day(day)


def statuses_for(students: Iterable[Student], day: dt.date | None = None) -> dict[int, dict[str, ConsentStatus]]:
    """Every purpose's status for each student (of one school). Three queries, however many students."""
    students = list(students)
    if not students:
        return {}
    day = day or timezone.localdate()
    moment = _moment(day)
    notices, notices_by_id = _school_notices(students[0].school_id, day)
    by_student: dict[int, list[Consent]] = {s.pk: [] for s in students}
    # the guardian for their name (a status shows who consented), without the encrypted phone no status shows;
    # the notice from the school's few, shared
    cache_notice = Consent._meta.get_field("notice").set_cached_value  # type: ignore[union-attr]
    for c in (Consent.objects.filter(student__in=by_student.keys()).select_related("guardian")
              .defer("guardian__phone").order_by("given_at", "pk")):
        if c.notice_id in notices_by_id:
            cache_notice(c, notices_by_id[c.notice_id])
        by_student[c.student_id].append(c)
    links: dict[int, set[int]] = {s.pk: set() for s in students}
    for student_id, guardian_id in StudentGuardian.objects.filter(student__in=by_student.keys()).values_list(
        "student_id", "guardian_id"
    ):
        links[student_id].add(guardian_id)
    return {
        s.pk: {p: _status_from(s, p, day, notices.get(p), by_student[s.pk], links[s.pk], moment) for p in PURPOSES}
        for s in students
    }


def consent_statuses(student: Student, day: dt.date | None = None) -> dict[str, ConsentStatus]:
    """Every purpose's status for one student."""
    return statuses_for([student], day)[student.pk]


def consent_status(student: Student, purpose: str, on: dt.date | None = None) -> ConsentStatus:
    """Whether `student` has full consent for `purpose` on the day `on` (today by default), and why not."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    return consent_statuses(student, on)[purpose]


def has_consent(student: Student, purpose: str, on: dt.date | None = None) -> bool:
    """The question other modules ask before they act: True only with every consent the rules require."""
    return consent_status(student, purpose, on).ok


# --- many students (one query, for lists, coverage and other modules) ------------------------


def _party_consented(purpose: str, party: str, notice: ConsentNotice, moment: dt.datetime) -> Q:
    """Students with a consent of `party` that counts. A non-correlated `id IN (...)` subquery: the database
    computes it once per query, where a correlated EXISTS per student made SQLite scan the notice's consents
    for every student (seconds on a large school)."""
    qs = Consent.objects.filter(_counts_q(moment), purpose=purpose, party=party, notice=notice)
    if party == Party.GUARDIAN:
        qs = qs.filter(_still_guardian())
    return Q(pk__in=qs.values("student_id"))


@dataclass(frozen=True)
class Conditions:
    """Q objects over Student for one purpose on one day."""

    guardian_ok: Q
    student_ok: Q
    complete: Q


def conditions(school: School | int, purpose: str, day: dt.date | None = None,
               notices: dict[str, ConsentNotice] | None = None) -> Conditions:
    day = day or timezone.localdate()
    moment = _moment(day)
    if notices is None:
        notices = notices_in_effect(school, day)
    notice = notices.get(purpose)
    if notice is None:
        nothing = Q(pk__in=[])
        return Conditions(nothing, nothing, nothing)
    guardian_ok = _party_consented(purpose, Party.GUARDIAN, notice, moment)
    student_ok = _party_consented(purpose, Party.STUDENT, notice, moment)
    # Under 14 only a guardian's consent is needed, from 18 only the student's, in between (or with the age
    # unknown) both. Written with each subquery once: SQLite builds every IN list it reads, so the three-case
    # form (four subqueries per purpose, not two) doubled the cost of the coverage page and the filtered register.
    under_14 = Q(birth_date__gt=years_before(day, OWN_CONSENT_AGE))
    adult = Q(birth_date__lte=years_before(day, ADULT_AGE))
    complete = (guardian_ok | adult) & (student_ok | under_14)
    return Conditions(guardian_ok, student_ok, complete)


def students_with_consent(qs: QuerySet[Student], purpose: str, on: dt.date | None = None,
                          school: School | int | None = None) -> QuerySet[Student]:
    """The students of `qs` with full consent for `purpose` on `on` (one school's students)."""
    if school is None:
        first = qs.order_by().values_list("school_id", flat=True).first()
        if first is None:
            return qs
        school = first
    return qs.filter(conditions(school, purpose, on).complete)


def annotate_consent(qs: QuerySet[Student], school: School | int, day: dt.date | None = None) -> QuerySet[Student]:
    """Add booleans `<purpose>_guardian` and `<purpose>_student` (a consent that counts) for every purpose,
    in the same query as the rows. `row_status` turns them into a status per purpose."""
    notices = notices_in_effect(school, day)
    annotations = {}
    for p in PURPOSES:
        cond = conditions(school, p, day, notices)
        annotations[f"{p}_guardian"] = ExpressionWrapper(cond.guardian_ok, output_field=BooleanField())
        annotations[f"{p}_student"] = ExpressionWrapper(cond.student_ok, output_field=BooleanField())
    return qs.annotate(**annotations)


def flag_consent(students: Iterable[Student], school: School | int, day: dt.date | None = None,
                 notices: dict[str, ConsentNotice] | None = None) -> None:
    """Set on each student the booleans `annotate_consent` adds, from one query over these students' consents:
    for a page of a list, where the annotations' subqueries would each read the consents of the whole school."""
    students = list(students)
    if not students:
        return
    day = day or timezone.localdate()
    if notices is None:
        notices = notices_in_effect(school, day)
    purpose_of = {n.pk: p for p, n in notices.items()}
    # The notice is checked here, not in SQL: with it there SQLite read the consents by notice (the whole school's)
    # rather than by student (a few each).
    counting = (Consent.objects.filter(_counts_q(_moment(day)), student__in=[s.pk for s in students])
                .filter(Q(party=Party.STUDENT) | Q(_still_guardian(), party=Party.GUARDIAN))
                .order_by().values_list("student_id", "purpose", "party", "notice_id"))
    found = {(student_id, purpose, party) for student_id, purpose, party, notice_id in counting
             if purpose_of.get(notice_id) == purpose}
    for s in students:
        for p in PURPOSES:
            setattr(s, f"{p}_guardian", (s.pk, p, Party.GUARDIAN) in found)
            setattr(s, f"{p}_student", (s.pk, p, Party.STUDENT) in found)


@dataclass(frozen=True)
class RowStatus:
    """A compact status for a list cell."""

    purpose: str
    ok: bool
    needs_guardian: bool
    needs_student: bool
    guardian_ok: bool
    student_ok: bool
    has_notice: bool


def row_status(student: Student, purpose: str, day: dt.date, has_notice: bool) -> RowStatus:
    """From the annotations of `annotate_consent`: the same rule as `consent_status`, without a query."""
    req = requirement(student.birth_date, day)
    g = bool(getattr(student, f"{purpose}_guardian", False))
    s = bool(getattr(student, f"{purpose}_student", False))
    ok = has_notice and (g or not req.guardian) and (s or not req.student)
    return RowStatus(purpose, ok, req.guardian, req.student, g, s, has_notice)


# --- the coverage chart ---------------------------------------------------------------------------------------


def coverage_chart(total_cells: list[dict], total: int) -> dict:
    """The coverage page's chart: per purpose, the enrolled students with complete consent and those missing it
    (the whole school's row of the table), as stacked bars, with a sentence of the shares for a screen reader."""
    from django.utils.translation import gettext, pgettext

    from xinhuo.core.charts import chart

    labels = [c["label"] for c in total_cells]
    shares = "; ".join(f"{c['label']} {c['percent']}%" for c in total_cells)
    return chart(
        "consent-coverage", "stacked", labels,
        [(gettext("Complete"), [c["complete"] for c in total_cells]),
         (gettext("Missing"), [c["missing"] for c in total_cells])],
        title=gettext("Complete consent, whole school"), unit=pgettext("unit", "students"),
        summary=gettext("%(n)d enrolled students. Complete consent: %(shares)s.") % {"n": total, "shares": shares})
