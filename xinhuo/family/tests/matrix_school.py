"""Access-matrix cases of the parent school (FAM-1): courses, sessions, micro-lectures, registration, check-in,
attendance, certificates.

Everyone of the school but students sees the courses, sessions, lectures and materials (the outsider only their own
school's lists); the committee (director, leader; department heads too, not a persona here) manages and runs the
check-in list (the course's organiser too: none here); parents register, cancel, watch and answer for themselves;
attendance is the managers' and the head teachers' (their classes); a certificate its parent's and the managers'."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

VIEW = EVERYONE - {"student_x", "student_y"}
SEES = VIEW - {"outsider"}
MANAGE = {"director", "leader"}
PARENT = {"parent_x"}
ATTENDANCE = {"director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _course(w):
    from xinhuo.family.models import ParentCourse

    course = ParentCourse.objects.filter(school=w.school, title="家庭教育促进法解读").first()
    if course is None:
        course = ParentCourse.objects.create(school=w.school, term=w.year.terms.get(), title="家庭教育促进法解读",
                                             summary="解读")
    return course


def _session(w, topic="依法带娃"):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.family.models import ParentSession

    course = _course(w)
    session = ParentSession.objects.filter(course=course, topic=topic).first()
    if session is None:
        starts = timezone.now() + dt.timedelta(days=3)
        session = ParentSession.objects.create(course=course, topic=topic, mode="online", starts_at=starts,
                                               ends_at=starts + dt.timedelta(hours=2), capacity=50)
    return session


def _lecture(w):
    from django.core.files.base import ContentFile

    from xinhuo.family.models import MicroLecture, QuizQuestion
    from xinhuo.family.school.demo import placeholder_audio

    lecture = MicroLecture.objects.filter(course=_course(w)).first()
    if lecture is None:
        lecture = MicroLecture(course=_course(w), session=_session(w), title="亲子沟通", summary="先听后说")
        lecture.media.save("a.wav", ContentFile(placeholder_audio(0.2)), save=False)
        lecture.save()
        for i, right in enumerate((1, 1, 0)):
            QuizQuestion.objects.create(lecture=lecture, text=f"问题{i}", choices=["甲", "乙"], answer=right, order=i)
    return lecture


def course(w, e):
    return _course(w).pk


def session(w, e):
    return _session(w).pk


def lecture(w, e):
    return _lecture(w).pk


def material(w, e):
    from django.core.files.base import ContentFile

    from xinhuo.family.models import CourseMaterial

    row = CourseMaterial.objects.filter(course=_course(w)).first()
    if row is None:
        row = CourseMaterial(course=_course(w), title="讲义", file_name="讲义.pdf", size=len(PDF))
        row.file.save("m.pdf", ContentFile(PDF), save=False)
        row.save()
    return row.pk


def registration(w, e):
    from xinhuo.family.models import SessionRegistration

    row, _ = SessionRegistration.objects.get_or_create(session=_session(w, "可取消"), guardian=w.guardian_x,
                                                       defaults={"student": w.student_x})
    return row.pk


def certificate(w, e):
    from xinhuo.family.models import ExcellentParent

    row, _ = ExcellentParent.objects.get_or_create(
        school=w.school, term=w.year.terms.get(), guardian=w.guardian_x,
        defaults={"name": w.guardian_x.name, "sessions": 3, "certificate_no": "JZXX202609-001"})
    return row.pk


def with_session(w, e) -> dict:
    return {"pk": session(w, e)}


CASES: list = [
    Case("family:school-home", VIEW),
    Case("family:school-mine", PARENT),
    Case("family:school-course-create", MANAGE | {"outsider"}),
    Case("family:school-course-create", MANAGE | {"outsider"}, ok=400, method="post"),
    Case("family:school-course", SEES, kwargs=k(pk=course)),
    Case("family:school-course-edit", MANAGE, kwargs=k(pk=course)),
    Case("family:school-session-create", MANAGE, kwargs=k(pk=course)),
    Case("family:school-lecture-create", MANAGE, kwargs=k(pk=course)),
    Case("family:school-material-create", MANAGE, ok=302, method="post", kwargs=k(pk=course)),
    Case("family:school-session", SEES, kwargs=k(pk=session)),
    Case("family:school-session-edit", MANAGE, kwargs=k(pk=session)),
    Case("family:school-session-register", PARENT, ok=302, method="post", kwargs=k(pk=session),
         data={"student": "0"}),
    Case("family:school-checkin", MANAGE, kwargs=k(pk=session)),
    Case("family:school-walkin", MANAGE, ok=302, method="post", kwargs=k(pk=session)),
    Case("family:school-registration-cancel", PARENT, ok=302, method="post", kwargs=k(pk=registration)),
    Case("family:school-checkin-set", MANAGE, ok=302, method="post", kwargs=k(pk=registration),
         data={"attended": "1"}),
    Case("family:school-lecture", SEES, kwargs=k(pk=lecture)),
    Case("family:school-lecture-edit", MANAGE, kwargs=k(pk=lecture)),
    Case("family:school-lecture-media", SEES, kwargs=k(pk=lecture)),
    Case("family:school-lecture-ended", PARENT, ok=302, method="post", kwargs=k(pk=lecture)),
    Case("family:school-lecture-quiz", PARENT, ok=302, method="post", kwargs=k(pk=lecture)),
    Case("family:school-material", SEES, kwargs=k(pk=material)),
    Case("family:school-attendance", ATTENDANCE),
    Case("family:school-invite", ATTENDANCE, ok=302, method="post"),
    Case("family:school-excellent", MANAGE),
    Case("family:school-certificate", MANAGE | PARENT, kwargs=k(pk=certificate)),
    # the API
    Case("api:school-session-list", VIEW, api=True),
    Case("api:school-session-detail", SEES, kwargs=k(pk=session), api=True),
    Case("api:school-session-register", PARENT, ok=201, method="post", kwargs=k(pk=session), api=True),
    Case("api:school-session-cancel", PARENT, method="post", api=True,
         kwargs=lambda w, e: {"pk": (registration(w, e), _session(w, "可取消").pk)[1]}),
    Case("api:school-session-mine", PARENT, api=True),
    Case("api:school-course-list", VIEW, api=True),
    Case("api:school-course-detail", SEES, kwargs=k(pk=course), api=True),
    Case("api:school-lecture-detail", SEES, kwargs=k(pk=lecture), api=True),
    Case("api:school-lecture-ended", PARENT, method="post", kwargs=k(pk=lecture), api=True),
    Case("api:school-lecture-quiz", PARENT, method="post", kwargs=k(pk=lecture), api=True,
         data={"answers": [1, 1, 0]}),
    Case("api:school-attendance-list", ATTENDANCE, api=True),
    Case("api:school-attendance-classes", ATTENDANCE, api=True),
    # a class none of them holds: nobody to invite, said in the service's words
    Case("api:school-attendance-invite", ATTENDANCE, ok=400, method="post", data={"school_class": 999_999_999},
         api=True),
]
