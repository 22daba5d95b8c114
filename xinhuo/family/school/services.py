"""Writes of the parent school (FAM-1). Each service checks the permission (rules.py), validates everything first
and writes only when all passed (a refused upload stores nothing), inside one transaction, named in the audit log.
Refusals are ValidationErrors with a Chinese message by field; objects out of scope are 404."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.models import Grade, Term, User
from xinhuo.core.notifications import notify
from xinhuo.core.uploads import AUDIO_TYPES, MB, check_file, upload_name
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.people import selectors as people_selectors

from . import selectors
from .models import (
    CheckInWay,
    CourseMaterial,
    ExcellentParent,
    LectureView,
    MicroLecture,
    ParentCourse,
    ParentSession,
    QuizQuestion,
    SessionMode,
    SessionRegistration,
    SessionSpeaker,
    SpeakerKind,
)
from .rules import EXCELLENT_MIN_SESSIONS, can
from .signals import registration_changed

if TYPE_CHECKING:
    from xinhuo.people.models import Guardian, Student

TITLE_MAX, SUMMARY_MAX, LECTURE_SUMMARY_MAX, PLACE_MAX, NAME_MAX = 100, 2000, 5000, 100, 50
MAX_VIDEO_BYTES = 200 * MB
MAX_AUDIO_BYTES = 50 * MB
MAX_SPEAKERS = 5
MAX_QUESTIONS = 10
MEDIA_TYPES = {**AUDIO_TYPES, "mp4": "video/mp4"}
MEDIA_ACCEPT = ",".join(f".{ext}" for ext in MEDIA_TYPES) + ",video/mp4,audio/*"
MATERIAL_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
MATERIAL_ACCEPT = ",".join(f".{ext}" for ext in MATERIAL_TYPES)


def _require(actor: Actor, rule: str, obj) -> None:
    if not can(actor, rule, obj):
        raise Http404


# --- courses --------------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def course_save(*, actor: Actor, course: ParentCourse | None = None, term: Term | None, title: str,
                summary: str = "", grades=(), organiser: User | None = None) -> ParentCourse:
    """Add a course (course None) or change one: its term, title, summary, grades (none: every grade), organiser."""
    actor.require("family.school.manage")
    if course is not None:
        course = lock(ParentCourse, course.pk, school=actor.school)
    errors: dict = {}
    title = clean_text(title, TITLE_MAX, "title", errors)
    summary = clean_text(summary, SUMMARY_MAX, "summary", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the course a title, e.g. 新生家长入学课程.")
    if term is None or term.school_year.school_id != actor.school.pk:
        errors["term"] = _("Choose a term of this school.")
    grades = list(grades or [])
    if any(not isinstance(g, Grade) or g.school_id != actor.school.pk for g in grades):
        errors["grades"] = _("Choose grades of this school.")
    if organiser is not None and not organiser.memberships.filter(school=actor.school).exists():
        errors["organiser"] = _("Choose an organiser with an account in this school.")
    if errors:
        raise ValidationError(errors)
    if course is None:
        course = ParentCourse(school=actor.school, created_by=actor.user)
    assert term is not None
    course.term, course.title, course.summary, course.organiser = term, title, summary, organiser
    course.save()
    course.grades.set(grades)
    return course


# --- sessions -------------------------------------------------------------------------------------------------------


def _clean_speakers(actor: Actor, speakers, errors: dict) -> list[dict]:
    out = []
    for row in speakers or []:
        name = (row.get("name") or "").strip()
        staff, elder = row.get("staff"), row.get("elder")
        if not name and staff is not None:
            name = staff.name
        if not name and elder is not None:
            name = elder.name
        if not name:
            continue
        if len(name) > NAME_MAX:
            errors["speakers"] = _("A speaker's name has at most %(n)d characters.") % {"n": NAME_MAX}
        kind = row.get("kind") or ""
        if kind not in SpeakerKind.values:
            errors["speakers"] = choose_one_of(SpeakerKind)
        if (staff is not None and staff.school_id != actor.school.pk) or (
                elder is not None and elder.school_id != actor.school.pk):
            errors["speakers"] = _("Choose staff and elders of this school.")
        out.append({"name": name, "kind": kind, "staff": staff, "elder": elder})
    if len(out) > MAX_SPEAKERS:
        errors["speakers"] = _("At most %(n)d speakers.") % {"n": MAX_SPEAKERS}
    return out


@audited
@transaction.atomic
def session_save(*, actor: Actor, course: ParentCourse, session: ParentSession | None = None, topic: str = "",
                 mode: str, starts_at: dt.datetime | None, ends_at: dt.datetime | None, place: str = "",
                 capacity: int | None, speakers=(), cancelled: bool = False) -> ParentSession:
    """Add a session to a course or change one: on site (with its place) or online, its time, capacity and speakers
    (names with their kind: teacher, elder, outside expert; optionally a staff or elder record)."""
    _require(actor, "manage_course", course)
    if session is not None:
        session = lock(ParentSession, session.pk, course=course)
    errors: dict = {}
    topic = clean_text(topic, TITLE_MAX, "topic", errors)
    place = clean_text(place, PLACE_MAX, "place", errors)
    if mode not in SessionMode.values:
        errors["mode"] = choose_one_of(SessionMode)
    elif mode == SessionMode.ON_SITE and not place and "place" not in errors:
        errors["place"] = _("Say where the session is held, e.g. 学校报告厅.")
    if starts_at is None:
        errors["starts_at"] = _("Give the date and time the session starts.")
    if ends_at is None:
        errors["ends_at"] = _("Give the time the session ends.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    if not capacity or capacity < 1:
        errors["capacity"] = _("Give the number of places (at least 1).")
    elif session is not None:
        taken = session.registrations.filter(cancelled_at__isnull=True).count()
        if capacity < taken:
            errors["capacity"] = _("%(n)d parents are registered already: the capacity cannot be smaller.") % {
                "n": taken}
    rows = _clean_speakers(actor, speakers, errors)
    if errors:
        raise ValidationError(errors)
    if session is None:
        session = ParentSession(course=course)
    session.topic, session.mode, session.place = topic, mode, place if mode == SessionMode.ON_SITE else ""
    assert starts_at is not None and ends_at is not None and capacity is not None
    session.starts_at, session.ends_at, session.capacity = starts_at, ends_at, capacity
    session.cancelled = bool(cancelled)
    session.save()
    session.speakers.all().delete()
    SessionSpeaker.objects.bulk_create([SessionSpeaker(session=session, **r) for r in rows])
    return session


# --- micro-lectures, quiz, materials --------------------------------------------------------------------------------


def check_media(upload) -> tuple[ContentFile, int]:
    """A video (MP4, by its ftyp box) or an audio file (MP3, M4A, OGG, WAV: core.uploads), within its size limit."""
    name = upload_name(upload)
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext != "mp4":
        checked = check_file(upload, allowed=AUDIO_TYPES, max_bytes=MAX_AUDIO_BYTES)
        return checked.content, checked.size
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_VIDEO_BYTES:
        raise ValidationError(_("“%(name)s” is too large: a video can be at most %(max)d MB.")
                              % {"name": name, "max": MAX_VIDEO_BYTES // MB})
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if size == 0 or head[4:8] != b"ftyp":
        raise ValidationError(_("“%(name)s” is not really an MP4 video; it may be damaged or renamed.")
                              % {"name": name})
    data = upload.read()
    upload.seek(0)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.mp4"), len(data)


def parse_quiz(text: str, errors: dict) -> list[dict]:
    """One question a line: 题目|选项|*正确选项|选项 (| or ｜; the right choice marked with *)."""
    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        question, choices = parts[0], parts[1:]
        right = [i for i, c in enumerate(choices) if c.startswith("*")]
        choices = [c.lstrip("*").strip() for c in choices]
        if (not question or len(question) > 300 or not 2 <= len(choices) <= 6 or len(right) != 1
                or any(not c or len(c) > 100 for c in choices)):
            errors["quiz"] = _(
                "Line %(n)d: write the question, then 2 to 6 choices separated by |, and mark the one right choice "
                "with *, e.g. 孩子沉迷手机怎么办？|没收|*一起约定使用时间|不管.") % {"n": n}
            return []
        out.append({"text": question, "choices": choices, "answer": right[0]})
    if len(out) > MAX_QUESTIONS:
        errors["quiz"] = _("At most %(n)d questions.") % {"n": MAX_QUESTIONS}
    return out


def quiz_text(lecture: MicroLecture) -> str:
    """The quiz as the form writes it (for editing)."""
    return "\n".join("|".join([q.text, *[("*" if i == q.answer else "") + c for i, c in enumerate(q.choices)]])
                     for q in lecture.questions.all())


@audited
@transaction.atomic
def lecture_save(*, actor: Actor, course: ParentCourse, lecture: MicroLecture | None = None, title: str,
                 summary: str = "", session: ParentSession | None = None, media=None, link: str = "",
                 pass_mark: int | None = 80, quiz: str | None = None) -> MicroLecture:
    """Add a micro-lecture to a course (optionally to one of its sessions) or change one: a video or audio file
    (kept when none is uploaded again) or an external link, a summary, and a short quiz with its pass mark."""
    _require(actor, "manage_course", course)
    if lecture is not None:
        lecture = lock(MicroLecture, lecture.pk, course=course)
    errors: dict = {}
    title = clean_text(title, TITLE_MAX, "title", errors)
    summary = clean_text(summary, LECTURE_SUMMARY_MAX, "summary", errors)
    link = (link or "").strip()
    if not title and "title" not in errors:
        errors["title"] = _("Give the micro-lecture a title.")
    if session is not None and session.course_id != course.pk:
        errors["session"] = _("Choose a session of this course.")
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = _("Give a web address starting with https://.")
    elif len(link) > 300:
        errors["link"] = _("A web address has at most 300 characters.")
    content = None
    size = 0
    if media:
        try:
            content, size = check_media(media)
        except ValidationError as exc:
            errors["media"] = exc.messages
    if not link and content is None and not (lecture is not None and lecture.media) and "media" not in errors:
        errors["media"] = _("Upload the video or audio file, or give the link to it.")
    if pass_mark is None or not 1 <= pass_mark <= 100:
        errors["pass_mark"] = _("The pass mark is a percentage from 1 to 100.")
    questions = parse_quiz(quiz, errors) if quiz is not None else None
    if errors:
        raise ValidationError(errors)
    if lecture is None:
        lecture = MicroLecture(course=course, created_by=actor.user)
    lecture.title, lecture.summary, lecture.session, lecture.link = title, summary, session, link
    lecture.pass_mark = pass_mark  # type: ignore[assignment]  # checked above
    if content is not None:
        lecture.media, lecture.media_size = content, size
    lecture.save()
    if questions is not None:
        lecture.questions.all().delete()
        QuizQuestion.objects.bulk_create([QuizQuestion(lecture=lecture, order=i, **q)
                                          for i, q in enumerate(questions)])
    return lecture


@audited
@transaction.atomic
def material_add(*, actor: Actor, course: ParentCourse, title: str, file, lecture: MicroLecture | None = None
                 ) -> CourseMaterial:
    """A PDF, Word or PowerPoint file for a course (checked by its content, at most 20 MB)."""
    _require(actor, "manage_course", course)
    errors: dict = {}
    title = clean_text(title, TITLE_MAX, "title", errors)
    if lecture is not None and lecture.course_id != course.pk:
        errors["lecture"] = _("Choose a micro-lecture of this course.")
    checked = None
    if not file:
        errors["file"] = _("Choose the file (PDF, Word or PowerPoint).")
    else:
        try:
            checked = check_file(file, allowed=MATERIAL_TYPES)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors or checked is None:
        raise ValidationError(errors)
    return CourseMaterial.objects.create(course=course, lecture=lecture, title=title or checked.original_name[:100],
                                         file=checked.content, file_name=checked.original_name[:200],
                                         size=checked.size)


# --- registration ---------------------------------------------------------------------------------------------------


def _check_child(course: ParentCourse, guardian_id: int | None, student: Student | None, errors: dict) -> None:
    if student is None or guardian_id is None or not people_selectors.guardian_links_of_school(
            student.school_id).filter(guardian_id=guardian_id, student=student).exists():
        errors["student"] = _("Choose the child whose family you attend for.")
        return
    grade_ids = {g.pk for g in course.grades.all()}
    if grade_ids and (student.school_class is None or student.school_class.grade_id not in grade_ids):
        errors["student"] = _("This course is for the parents of %(grades)s.") % {
            "grades": "、".join(g.name for g in course.grades.all())}


@audited
@transaction.atomic
def registration_create(*, actor: Actor, session: ParentSession, student: Student | None) -> SessionRegistration:
    """A parent registers for a session for the family of one of their children; once per session, while it has
    places and before it starts."""
    session = lock(ParentSession.objects.select_related("course"), session.pk)
    _require(actor, "register", session)
    guardian_id = actor.guardian_id
    assert guardian_id is not None  # the rule asks for it
    errors: dict = {}
    if session.cancelled:
        errors["session"] = _("This session is cancelled.")
    elif session.starts_at <= timezone.now():
        errors["session"] = _("Registration has closed: the session has started.")
    if student is not None and student.school_id != actor.school.pk:
        student = None
    _check_child(session.course, guardian_id, student, errors)
    row = SessionRegistration.objects.filter(session=session, guardian_id=guardian_id).first()
    if row is not None and row.active:
        errors["session"] = _("You are registered for this session already.")
    elif "session" not in errors:
        taken = session.registrations.filter(cancelled_at__isnull=True).count()
        if taken >= session.capacity:
            errors["session"] = _("This session is full.")
    if errors or student is None:
        raise ValidationError(errors)
    if row is None:
        row = SessionRegistration.objects.create(session=session, guardian_id=guardian_id, student=student)
    else:
        row.student, row.cancelled_at, row.registered_at = student, None, timezone.now()
        row.attended_at, row.way, row.checked_in_by = None, "", None
        row.save()
    registration_changed.send(SessionRegistration, registration=row, action="registered")
    return row


@audited
@transaction.atomic
def registration_cancel(*, actor: Actor, registration: SessionRegistration) -> SessionRegistration:
    """A parent cancels their own registration before the session starts."""
    row = lock(SessionRegistration.objects.select_related("session__course"), registration.pk)
    _require(actor, "cancel_registration", row)
    if not row.active:
        raise ValidationError(_("This registration is cancelled already."))
    if row.session.starts_at <= timezone.now():
        raise ValidationError(_("The session has started: the registration cannot be cancelled any more."))
    row.cancelled_at = timezone.now()
    row.save(update_fields=["cancelled_at"])
    registration_changed.send(SessionRegistration, registration=row, action="cancelled")
    return row


# --- check-in -------------------------------------------------------------------------------------------------------


def _door_open(session: ParentSession) -> None:
    if session.cancelled:
        raise ValidationError(_("This session is cancelled."))
    if timezone.localtime(session.starts_at).date() > timezone.localdate():
        raise ValidationError(_("The check-in opens on the day of the session."))


@audited
@transaction.atomic
def checkin_set(*, actor: Actor, registration: SessionRegistration, attended: bool) -> SessionRegistration:
    """The organiser checks a registered parent in at the door (or takes it back)."""
    row = lock(SessionRegistration.objects.select_related("session__course"), registration.pk)
    _require(actor, "check_in", row.session)
    if not row.active:
        raise ValidationError(_("This registration is cancelled."))
    _door_open(row.session)
    if attended and row.attended_at is None:
        row.attended_at, row.way, row.checked_in_by = timezone.now(), CheckInWay.ON_SITE, actor.user
    elif not attended:
        row.attended_at, row.way, row.checked_in_by = None, "", None
    row.save(update_fields=["attended_at", "way", "checked_in_by"])
    registration_changed.send(SessionRegistration, registration=row,
                              action="checked_in" if attended else "unchecked")
    return row


@audited
@transaction.atomic
def walkin_add(*, actor: Actor, session: ParentSession, guardian: Guardian, student: Student | None
               ) -> SessionRegistration:
    """A parent who came without registering: added at the door, checked in (a walk-in takes no place limit: they
    are in the room)."""
    session = lock(ParentSession.objects.select_related("course"), session.pk)
    _require(actor, "check_in", session)
    same_school(actor, guardian)
    _door_open(session)
    errors: dict = {}
    _check_child(session.course, guardian.pk, student, errors)
    if errors or student is None:
        raise ValidationError(errors)
    row = SessionRegistration.objects.filter(session=session, guardian=guardian).first()
    if row is not None and row.active and row.attended_at:
        raise ValidationError(_("%(name)s is checked in already.") % {"name": guardian.name})
    now = timezone.now()
    if row is None:
        row = SessionRegistration(session=session, guardian=guardian)
    row.student, row.cancelled_at, row.attended_at = student, None, now
    row.way = CheckInWay.ON_SITE if row.pk and row.active else CheckInWay.WALK_IN
    row.checked_in_by = actor.user
    row.save()
    registration_changed.send(SessionRegistration, registration=row, action="checked_in")
    return row


def _online_check_in(actor: Actor, lecture: MicroLecture, way: str) -> bool:
    """The parent's own active registration for the lecture's session, from its start: checked in. Nobody else's."""
    if lecture.session_id is None or actor.guardian_id is None:
        return False
    row = (SessionRegistration.objects.select_for_update(of=("self",)).select_related("session")
           .filter(session_id=lecture.session_id, guardian_id=actor.guardian_id, cancelled_at__isnull=True).first())
    if row is None or row.session.cancelled or row.session.starts_at > timezone.now():
        return False
    if row.attended_at is None:
        row.attended_at, row.way, row.checked_in_by = timezone.now(), way, actor.user
        row.save(update_fields=["attended_at", "way", "checked_in_by"])
        registration_changed.send(SessionRegistration, registration=row, action="checked_in")
    return True


def _parent_view(actor: Actor, lecture: MicroLecture) -> LectureView:
    if actor.guardian_id is None or not actor.can("family.school.register") or \
            lecture.course.school_id != actor.school.pk:
        raise Http404
    view, _created = LectureView.objects.select_for_update().get_or_create(lecture=lecture,
                                                                           guardian_id=actor.guardian_id or 0)
    return view


@audited
@transaction.atomic
def lecture_finished(*, actor: Actor, lecture: MicroLecture) -> dict:
    """The parent's player reached the end: the lecture counts as watched, and as attending its (online) session
    when the parent is registered for it."""
    view = _parent_view(actor, lecture)
    if view.finished_at is None:
        view.finished_at = timezone.now()
        view.save(update_fields=["finished_at"])
    return {"watched": True, "checked_in": _online_check_in(actor, lecture, CheckInWay.VIDEO)}


@audited
@transaction.atomic
def quiz_answer(*, actor: Actor, lecture: MicroLecture, answers: list) -> dict:
    """Score the parent's answers on the server (percent right); passing (at least the lecture's pass mark) counts
    as attending its session when registered. The best score is kept."""
    questions = list(lecture.questions.all())
    if not questions:
        raise ValidationError(_("This micro-lecture has no quiz."))
    view = _parent_view(actor, lecture)
    if len(answers) != len(questions):
        raise ValidationError({"answers": _("Answer every question.")})
    right = 0
    for q, a in zip(questions, answers, strict=True):
        try:
            chosen = int(a)
        except (TypeError, ValueError):
            raise ValidationError({"answers": _("Answer every question.")}) from None
        right += chosen == q.answer
    score = right * 100 // len(questions)
    passed = score >= lecture.pass_mark
    view.quiz_score = max(view.quiz_score or 0, score)
    if passed and view.quiz_passed_at is None:
        view.quiz_passed_at = timezone.now()
    view.save(update_fields=["quiz_score", "quiz_passed_at"])
    checked_in = _online_check_in(actor, lecture, CheckInWay.QUIZ) if passed else False
    return {"score": score, "passed": passed, "right": right, "total": len(questions), "checked_in": checked_in,
            "pass_mark": lecture.pass_mark}


# --- inviting families who never attended ---------------------------------------------------------------------------


@audited
@transaction.atomic
def invite_never_attended(*, actor: Actor, school_class: int | None = None) -> int:
    """A notice to the guardians (with an account) of the families in the actor's classes who never attended this
    school year, with the link to the sessions. Returns how many were invited."""
    actor.require("family.school.attendance")
    users = selectors.never_attended_guardian_users(actor, school_class=school_class)
    if not users:
        raise ValidationError(_("Every family here has attended, or none has an account to invite."))
    notify(actor.school, users, _("Invitation to the parent school"),
           _("The parent school has sessions for you this term: choose one that suits you and register on the "
             "platform. We look forward to seeing you."),
           link=reverse("family:school-home"), exclude=actor.user)
    return len(users)


# --- 优秀家长学员 -----------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def excellent_confirm(*, actor: Actor, term: Term, guardian_ids) -> list[ExcellentParent]:
    """The committee confirms the term's 优秀家长学员 among the proposed (at least EXCELLENT_MIN_SESSIONS sessions
    attended): each gets a certificate number. Confirming again adds those not yet confirmed."""
    actor.require("family.school.manage")
    if term.school_year.school_id != actor.school.pk:
        raise Http404
    wanted = {int(g) for g in guardian_ids}
    candidates = {c["guardian"].pk: c for c in selectors.excellent_candidates(actor, term)}
    if not wanted:
        raise ValidationError(_("Choose the parents to confirm."))
    if wanted - candidates.keys():
        raise ValidationError(_("Only parents who attended at least %(n)d sessions this term can be confirmed.")
                              % {"n": EXCELLENT_MIN_SESSIONS})
    existing = ExcellentParent.objects.filter(term=term)
    done = set(existing.values_list("guardian_id", flat=True))
    seq = existing.count()
    prefix = f"JZXX{term.start:%Y%m}"
    taken = set(ExcellentParent.objects.filter(school=actor.school).values_list("certificate_no", flat=True))
    rows = []
    for gid in sorted(wanted - done, key=lambda g: (-candidates[g]["sessions"], candidates[g]["guardian"].name_pinyin)):
        seq += 1
        number = f"{prefix}-{seq:03d}"
        while number in taken:
            seq += 1
            number = f"{prefix}-{seq:03d}"
        c = candidates[gid]
        rows.append(ExcellentParent(school=actor.school, term=term, guardian=c["guardian"], name=c["guardian"].name,
                                    sessions=c["sessions"], certificate_no=number, confirmed_by=actor.user))
    if not rows:
        raise ValidationError(_("These parents are confirmed already."))
    return ExcellentParent.objects.bulk_create(rows)


def session_fill(sessions) -> dict[int, int]:
    """Active registrations per session id (for lists that were not annotated)."""
    return dict(SessionRegistration.objects.filter(session__in=sessions, cancelled_at__isnull=True)
                .values_list("session_id").annotate(n=Count("pk")))
