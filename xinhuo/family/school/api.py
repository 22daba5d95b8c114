"""The parent school over the API (/api/v1/family/school/...), for a parent's phone and the committee: the same
selectors, rules and services as the pages. Parents: the open sessions, register (for one of their children's
families), cancel, their record, a micro-lecture's "ended" and quiz answers (scored on the server). The
committee (and head teachers for their classes): courses, sessions, the attendance list and per-class figures, and
inviting the families who never attended. Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField, query_id
from xinhuo.core.services import access_log_record
from xinhuo.people import selectors as people_selectors

from . import selectors, services
from .models import MicroLecture, ParentCourse, ParentSession, SessionRegistration
from .rules import can, sees_all_classes
from .views import ATTENDANCE

PATHS: list = []


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text="teacher, elder or expert")


class SessionSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id")
    course_title = serializers.CharField(source="course.title")
    speakers = SpeakerSerializer(many=True, read_only=True)
    registered = serializers.IntegerField(help_text="Active registrations.")
    mine = serializers.SerializerMethodField(help_text="The caller's own registration: null, or its id, the "
                                                       "family's student id and whether attended.")

    class Meta:
        model = ParentSession
        fields = ["id", "course", "course_title", "topic", "mode", "starts_at", "ends_at", "place", "capacity",
                  "registered", "cancelled", "speakers", "mine"]

    @extend_schema(responses=None)
    def get_mine(self, obj) -> dict | None:
        mine = self.context.get("mine", {}).get(obj.pk)
        if mine is None or not mine.active:
            return None
        return {"id": mine.pk, "student": mine.student_id, "attended": mine.attended_at is not None}


class RegisterSerializer(serializers.Serializer):
    student = IdField(required=False, help_text="The child whose family the parent attends for (one of their own); "
                                                "may be left out by a parent of one child.")


class RegistrationSerializer(serializers.ModelSerializer):
    session_title = serializers.CharField(source="session.__str__")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    student_name = serializers.CharField(source="student.name")
    attended = serializers.SerializerMethodField()

    class Meta:
        model = SessionRegistration
        fields = ["id", "session", "session_title", "starts_at", "student", "student_name", "registered_at",
                  "cancelled_at", "attended", "attended_at", "way"]

    def get_attended(self, obj) -> bool:
        return obj.attended_at is not None


class MyRecordSerializer(serializers.Serializer):
    attended = serializers.IntegerField()
    registrations = RegistrationSerializer(many=True)
    lectures_watched = serializers.ListField(child=serializers.IntegerField())
    certificates = serializers.ListField(child=serializers.DictField())


class SessionViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sessions of the parent school the caller may see, soonest first; ?open=1 only those open for registration
    (a parent-only account gets those by default); ?term= one term. Parents register, cancel and read their own
    record here."""

    queryset = ParentSession.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SessionSerializer
    capability = "family.school.view"

    def get_queryset(self):
        params = self.request.query_params
        if params.get("open") == "1" or (selectors.parent_only(self.actor) and self.action == "list"):
            return selectors.open_sessions(self.actor)
        return selectors.sessions(self.actor, term=query_id(params, "term"))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request is not None:
            context["mine"] = {r.session_id: r for r in selectors.my_registrations(self.actor)}
        return context

    def get_object(self):
        return selectors.session_detail(self.actor, int(self.kwargs["pk"]))

    @extend_schema(parameters=[OpenApiParameter("open", str, description="1: only sessions open for registration"),
                               OpenApiParameter("term", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RegisterSerializer, responses={201: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        session = self.get_object()
        if not can(self.actor, "register", session):
            raise Http404
        body = RegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = body.validated_data.get("student")
        children = selectors.my_children(self.actor)
        if wanted is None and len(children) == 1:
            wanted = children[0].pk
        student = people_selectors.students_of_school(self.actor.school).filter(pk=wanted).select_related(
            "school_class").first() if wanted else None
        row = services.registration_create(actor=self.actor, session=session, student=student)
        return Response(RegistrationSerializer(row).data, status=201)

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = self.get_object()
        row = selectors.my_registration(self.actor, session)
        if row is None:
            raise Http404
        row = services.registration_cancel(actor=self.actor, registration=row)
        return Response(RegistrationSerializer(row).data)

    @extend_schema(responses=MyRecordSerializer)
    @action(detail=False, methods=["get"])
    def mine(self, request):
        if not self.actor.can("family.school.register") or self.actor.guardian_id is None:
            raise Http404
        record = selectors.my_record(self.actor)
        regs = list(selectors.my_registrations(self.actor))
        return Response({
            "attended": record["attended"],
            "registrations": RegistrationSerializer(regs, many=True).data,
            "lectures_watched": [v.lecture_id for v in record["views"] if v.finished_at],
            "certificates": [{"id": c.pk, "term": str(c.term), "number": c.certificate_no,
                              "url": request.build_absolute_uri(reverse("family:school-certificate", args=[c.pk]))}
                             for c in record["certificates"]],
        })


class CourseSerializer(serializers.ModelSerializer):
    term_name = serializers.CharField(source="term.__str__")
    grades = serializers.SerializerMethodField(help_text="Grade names; empty: every grade.")
    organiser = serializers.CharField(source="organiser.display_name", allow_null=True, default=None)

    class Meta:
        model = ParentCourse
        fields = ["id", "term", "term_name", "title", "summary", "grades", "organiser"]

    def get_grades(self, obj) -> list[str]:
        return [g.name for g in obj.grades.all()]


class CourseViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The parent school's courses the caller may see; ?term= one term."""

    queryset = ParentCourse.objects.none()
    serializer_class = CourseSerializer
    capability = "family.school.view"

    def get_queryset(self):
        return selectors.courses(self.actor, term=query_id(self.request.query_params, "term"))

    def get_object(self):
        return selectors.course_detail(self.actor, int(self.kwargs["pk"]))

    @extend_schema(parameters=[OpenApiParameter("term", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())


class LectureSerializer(serializers.ModelSerializer):
    media_url = serializers.SerializerMethodField(help_text="The address that streams the file (signed in; range "
                                                            "requests), or null.")
    questions = serializers.SerializerMethodField(help_text="The quiz, without the answers.")

    class Meta:
        model = MicroLecture
        fields = ["id", "course", "session", "title", "summary", "link", "media_url", "pass_mark", "questions"]

    def get_media_url(self, obj) -> str | None:
        if not obj.media:
            return None
        url = reverse("family:school-lecture-media", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema(responses=QuestionSerializer(many=True))
    def get_questions(self, obj) -> list[dict]:
        return [{"id": q.pk, "text": q.text, "choices": q.choices} for q in obj.questions.all()]


class QuizAnswerSerializer(serializers.Serializer):
    answers = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=9), max_length=20,
                                    help_text="The chosen choice's index (from 0) for each question, in order.")


QuizResult = inline_serializer("ParentQuizResult", {
    "score": serializers.IntegerField(), "passed": serializers.BooleanField(), "right": serializers.IntegerField(),
    "total": serializers.IntegerField(), "checked_in": serializers.BooleanField(),
    "pass_mark": serializers.IntegerField()})
EndedResult = inline_serializer("ParentLectureEnded", {
    "watched": serializers.BooleanField(), "checked_in": serializers.BooleanField()})


class LectureViewSet(ActorMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A micro-lecture (its quiz without the answers). A parent posts "ended" when the player reached the end and
    their answers to the quiz: either checks them in for the lecture's session when they are registered for it."""

    queryset = MicroLecture.objects.none()
    serializer_class = LectureSerializer
    capability = "family.school.view"

    def get_object(self):
        return selectors.lecture_detail(self.actor, int(self.kwargs["pk"]))

    @extend_schema(request=None, responses=EndedResult)
    @action(detail=True, methods=["post"])
    def ended(self, request, pk=None):
        lecture = self.get_object()
        if not self.actor.can("family.school.register"):
            raise Http404
        return Response(services.lecture_finished(actor=self.actor, lecture=lecture))

    @extend_schema(request=QuizAnswerSerializer, responses=QuizResult)
    @action(detail=True, methods=["post"])
    def quiz(self, request, pk=None):
        lecture = self.get_object()
        if not self.actor.can("family.school.register"):
            raise Http404
        body = QuizAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(services.quiz_answer(actor=self.actor, lecture=lecture,
                                             answers=body.validated_data["answers"]))


class AttendanceSerializer(serializers.ModelSerializer):
    session_title = serializers.CharField(source="session.__str__")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    guardian_name = serializers.CharField(source="guardian.name")
    student_name = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class", allow_null=True)

    class Meta:
        model = SessionRegistration
        fields = ["id", "session", "session_title", "starts_at", "guardian", "guardian_name", "student",
                  "student_name", "school_class", "attended_at", "way"]


class ClassAttendanceSerializer(serializers.Serializer):
    school_class = serializers.IntegerField()
    name = serializers.CharField(help_text="The class, e.g. 初一1班.")
    families = serializers.IntegerField()
    attended = serializers.IntegerField()
    pct = serializers.IntegerField()
    times = serializers.IntegerField()
    never = serializers.IntegerField()


class InviteRequestSerializer(serializers.Serializer):
    school_class = IdField(required=False, allow_null=True, default=None,
                           help_text="One of the caller's classes; left out: all of them.")


class InviteResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Parents sent the invitation (a notice with the link to the "
                                                 "sessions).")


class AttendanceViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The registrations (with check-in) of the caller's scope: the managers every one of the school, a head
    teacher those for the families of their classes; ?session= one session, ?attended=1 only those who came.
    classes/: the per-class figures of this school year."""

    queryset = SessionRegistration.objects.none()
    serializer_class = AttendanceSerializer
    capability = "family.school.attendance"

    def get_queryset(self):
        qs = (SessionRegistration.objects.filter(session__course__school=self.actor.school, cancelled_at__isnull=True)
              .select_related("session__course", "guardian", "student__school_class__grade")
              .order_by("-session__starts_at", "pk"))
        if not sees_all_classes(self.actor):
            qs = qs.filter(student__school_class_id__in=self.actor.class_ids)
        params = self.request.query_params
        session = query_id(params, "session")
        if session:
            qs = qs.filter(session_id=session)
        if params.get("attended") == "1":
            qs = qs.filter(attended_at__isnull=False)
        return qs

    @extend_schema(parameters=[OpenApiParameter("session", int), OpenApiParameter("attended", str)])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        count = response.data.get("count") if isinstance(response.data, dict) else None
        access_log_record(self.actor, "list", ATTENDANCE, request=request, detail={"count": count, "api": True})
        return response

    @extend_schema(request=InviteRequestSerializer, responses=InviteResultSerializer)
    @action(detail=False, methods=["post"])
    def invite(self, request):
        """Invite to the parent school the families of the caller's classes (or of one of them) who never attended
        this school year: each guardian with an account gets a notice, as from the attendance page."""
        body = InviteRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        n = services.invite_never_attended(actor=self.actor, school_class=body.validated_data["school_class"])
        return Response(InviteResultSerializer({"invited": n}).data, status=status.HTTP_200_OK)

    @extend_schema(responses=ClassAttendanceSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def classes(self, request):
        rows = selectors.class_attendance(self.actor)
        return Response([{"school_class": r["class"].pk, "name": r["label"],
                          **{k: r[k] for k in ("families", "attended", "pct", "times", "never")}} for r in rows])
