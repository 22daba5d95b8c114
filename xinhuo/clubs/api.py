"""Clubs over the API (/api/v1/clubs/): list and detail, members (scoped like the page; the advisor adds, decides
the requests to join, removes, names the leader and takes attendance), meetings (the advisor plans and edits them,
and records the end-of-term showcase with its photos), the review of a founding request, asking to join. Same
selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, chosen_student
from xinhuo.core.params import BoundedDateTimeField, IdField
from xinhuo.core.services import access_log_record
from xinhuo.people import selectors as people_selectors

from . import selectors, services
from .models import Club, ClubMeeting, ClubMembership, ClubPhoto, MeetingKind, MemberRole
from .rules import can


class ClubMyMembershipSerializer(serializers.Serializer):
    student_id = serializers.IntegerField()
    status = serializers.CharField(help_text="active or requested (asked to join).")


class ClubSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="requested, returned, rejected, active or closed.")
    status_label = serializers.CharField(source="get_status_display")
    advisor = serializers.CharField(source="advisor_name")
    advisor_kind = serializers.SerializerMethodField(help_text="elder or teacher.")
    member_count = serializers.IntegerField(help_text="Active members.")
    meeting_count = serializers.IntegerField()
    my_memberships = serializers.SerializerMethodField(
        help_text="For a student or a parent: their own (or their children's) open memberships, never others'.")

    class Meta:
        model = Club
        fields = ["id", "name", "status", "status_label", "description", "aims", "advisor", "advisor_kind",
                  "capacity", "schedule", "place", "member_count", "meeting_count", "my_memberships", "created_at"]

    def get_advisor_kind(self, obj) -> str:
        return "elder" if obj.advisor_elder_id else "teacher"

    @extend_schema_field(ClubMyMembershipSerializer(many=True))
    def get_my_memberships(self, obj) -> list[dict]:
        return [{"student_id": m.student_id, "status": m.status} for m in getattr(obj, "family_memberships", [])]


class ClubMemberSerializer(serializers.ModelSerializer):
    # plain strings, not enums: the schema's enum names would collide with other apps' "role" and "status"
    role = serializers.CharField(help_text="member or leader (社长).")
    status = serializers.CharField(help_text="active, or requested (asked to join).")
    student_id = serializers.IntegerField()
    student = serializers.CharField(source="student.name")
    school_class = serializers.SerializerMethodField()

    class Meta:
        model = ClubMembership
        fields = ["id", "student_id", "student", "school_class", "role", "status", "joined_at"]

    def get_school_class(self, obj) -> str:
        c = obj.student.school_class
        return f"{c.grade.name}{c.name}"


class ClubMeetingSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="meeting, event or showcase.")
    kind_label = serializers.CharField(source="get_kind_display")
    present_count = serializers.IntegerField(allow_null=True, help_text="For those who keep the attendance; "
                                                                         "null for others.")

    class Meta:
        model = ClubMeeting
        fields = ["id", "kind", "kind_label", "title", "starts_at", "ends_at", "place", "content", "notes", "summary",
                  "present_count"]


MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "content", "notes")


class MeetingWriteSerializer(serializers.Serializer):
    """A meeting as on the page's form; the service checks it (a title, the end after the start, the lengths)."""

    kind = serializers.CharField(help_text="meeting, event or showcase.")
    title = serializers.CharField(allow_blank=True)
    starts_at = BoundedDateTimeField()
    ends_at = BoundedDateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="", help_text="What the members will "
                                                                                              "do.")
    notes = serializers.CharField(required=False, allow_blank=True, default="", help_text="Afterwards: how it went.")


class ShowcaseRequestSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, help_text="What the members showed, who came, what it "
                                                                "achieved.")
    caption = serializers.CharField(required=False, allow_blank=True, default="", help_text="For the photos added "
                                                                                            "now.")
    photos = serializers.ListField(child=serializers.FileField(), required=False,
                                   help_text="Photos (multipart, the field repeated): up to 9 at a time, JPEG, PNG or "
                                             "WebP, each checked to be a real picture.")


class ClubPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClubPhoto
        fields = ["id", "caption", "uploaded_at"]


class ShowcaseResultSerializer(serializers.Serializer):
    credited = serializers.IntegerField(help_text="Members present who have the showcase on their growth record "
                                                  "(0 until the attendance is taken).")
    meeting = ClubMeetingSerializer()
    photos = ClubPhotoSerializer(many=True)


class ClubMemberAddSerializer(serializers.Serializer):
    student = IdField()
    role = serializers.CharField(default=MemberRole.MEMBER, help_text="member or leader (社长).")


class ClubReviewSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="approve, return or reject.")
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Needed to return or reject.")


class ClubJoinSerializer(serializers.Serializer):
    student = IdField(required=False, allow_null=True,
                                       help_text="A parent of several children says which; otherwise optional.")


class MembershipDecideSerializer(serializers.Serializer):
    membership = IdField(help_text="A request to join (see requests/).")
    accept = serializers.BooleanField(help_text="true: the student joins (if a place is left); false: declined.")


class MembershipRefSerializer(serializers.Serializer):
    membership = IdField(help_text="An active member (see members/).")


class MembershipRoleSerializer(serializers.Serializer):
    membership = IdField(help_text="An active member (see members/).")
    role = serializers.CharField(help_text="member or leader (社长).")


class AttendanceRequestSerializer(serializers.Serializer):
    meeting = IdField()
    present = serializers.ListField(child=IdField(), allow_empty=True,
                                    help_text="The students present; every other member is marked absent.")


class AttendanceResultSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    absent = serializers.IntegerField()


class ClubViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Student clubs: staff see every club; others the active ones and those they advise, asked for or are in."""

    queryset = Club.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = ClubSerializer
    capability = "clubs.view"

    def get_queryset(self):
        p = self.request.query_params
        return selectors.club_list(self.actor, status=p.get("status", ""), q=p.get("q", ""),
                                   mine=p.get("mine") == "1")

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str),
                               OpenApiParameter("mine", str, description="1: the clubs I advise")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=ClubMemberSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def members(self, request, pk=None):
        """Active members: the whole list for the school-wide roles, the advisor and the members; otherwise one's
        own or one's children's membership and a head teacher's own students."""
        actor = self.actor
        club = self.get_object()
        full = can(actor, "view_members", club)
        rows = list(selectors.members(actor, club, full=full))
        if rows:
            access_log_record(actor, "list", "club_member", club.pk, request=request,
                              detail={"count": len(rows), "full": full, "api": True})
        return Response(ClubMemberSerializer(rows, many=True).data)

    @extend_schema(request=ClubMemberAddSerializer, responses={201: ClubMemberSerializer})
    @action(detail=True, methods=["post"], url_path="members/add", url_name="member-add")
    def member_add(self, request, pk=None):
        actor = self.actor
        club = self.get_object()
        if not can(actor, "manage_club", club):
            raise Http404
        body = ClubMemberAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        student = get_object_or_404(people_selectors.students_of_school(actor.school),
                                    pk=body.validated_data["student"])
        membership = services.member_add(actor=actor, club=club, student=student, role=body.validated_data["role"])
        return Response(ClubMemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ClubMeetingSerializer(many=True))
    @extend_schema(methods=["POST"], request=MeetingWriteSerializer, responses={201: ClubMeetingSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def meetings(self, request, pk=None):
        """The club's meetings, events and showcases in date order. POST (the advisor, the managers): plan one, as
        on the page."""
        if request.method == "POST":
            club = self._managed()
            body = MeetingWriteSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            meeting = services.meeting_add(actor=self.actor, club=club, **body.validated_data)
            return Response(ClubMeetingSerializer(selectors.meetings(club).get(pk=meeting.pk)).data,
                            status=status.HTTP_201_CREATED)
        club = self.get_object()
        keeps = can(self.actor, "manage_club", club)
        rows = list(selectors.meetings(club))
        if not keeps:
            for m in rows:
                m.present_count = None  # type: ignore[attr-defined]
        return Response(ClubMeetingSerializer(rows, many=True).data)

    def _managed_meeting(self, meeting_pk) -> tuple[Club, ClubMeeting]:
        club = self._managed()
        return club, get_object_or_404(selectors.meetings(club), pk=meeting_pk)

    @extend_schema(request=MeetingWriteSerializer(partial=True), responses=ClubMeetingSerializer,
                   parameters=[OpenApiParameter("meeting_pk", int, OpenApiParameter.PATH,
                                                description="The meeting's id.")])
    @action(detail=True, methods=["patch"], url_path=r"meetings/(?P<meeting_pk>[0-9]+)", url_name="meeting")
    def meeting(self, request, pk=None, meeting_pk=None):
        """Change a meeting (its plan before, its notes after): the fields given change, the others keep their
        values; a showcase with its summary or photos stays a showcase."""
        club, meeting = self._managed_meeting(meeting_pk)
        body = MeetingWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = {f: getattr(meeting, f) for f in MEETING_FIELDS} | dict(body.validated_data)
        services.meeting_update(actor=self.actor, meeting=meeting, **data)
        return Response(ClubMeetingSerializer(selectors.meetings(club).get(pk=meeting.pk)).data)

    @extend_schema(request={"multipart/form-data": ShowcaseRequestSerializer,
                            "application/json": ShowcaseRequestSerializer},
                   responses=ShowcaseResultSerializer,
                   parameters=[OpenApiParameter("meeting_pk", int, OpenApiParameter.PATH,
                                                description="The showcase's id.")])
    @action(detail=True, methods=["post"], url_path=r"meetings/(?P<meeting_pk>[0-9]+)/showcase",
            url_name="showcase", parser_classes=[MultiPartParser, FormParser, JSONParser])
    def showcase(self, request, pk=None, meeting_pk=None):
        """成果展示: the showcase's summary and photos, as on the page; each member marked present gets it on their
        growth record (once a term)."""
        club, meeting = self._managed_meeting(meeting_pk)
        if meeting.kind != MeetingKind.SHOWCASE:
            raise Http404
        body = ShowcaseRequestSerializer(data={k: request.data.get(k) for k in ("summary", "caption")
                                               if request.data.get(k) is not None})
        body.is_valid(raise_exception=True)
        credited = services.showcase_record(actor=self.actor, meeting=meeting, summary=body.validated_data["summary"],
                                            photos=request.FILES.getlist("photos"),
                                            caption=body.validated_data["caption"])
        return Response(ShowcaseResultSerializer({
            "credited": credited, "meeting": selectors.meetings(club).get(pk=meeting.pk),
            "photos": selectors.photos(meeting)}).data)

    @extend_schema(request=None, responses={204: None},
                   parameters=[OpenApiParameter("photo_pk", int, OpenApiParameter.PATH, description="The photo's id.")])
    @action(detail=True, methods=["delete"], url_path=r"photos/(?P<photo_pk>[0-9]+)", url_name="photo")
    def photo_remove(self, request, pk=None, photo_pk=None):
        """Take a photo off the club's showcase (the advisor, the managers)."""
        club = self._managed()
        item = selectors.photo_detail(self.actor, int(photo_pk))
        if item.meeting.club_id != club.pk:
            raise Http404
        services.photo_delete(actor=self.actor, photo=item)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ClubReviewSerializer, responses=ClubSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        actor = self.actor
        actor.require("clubs.review")
        club = self.get_object()
        if not can(actor, "review_club", club):
            raise Http404
        body = ClubReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.club_review(actor=actor, club=club, **body.validated_data)
        return Response(ClubSerializer(self.get_queryset().get(pk=club.pk)).data)

    # the advisor's (or a manager's) decisions about members

    def _managed(self) -> Club:
        club = self.get_object()
        if not can(self.actor, "manage_club", club):
            raise Http404
        return club

    @extend_schema(responses=ClubMemberSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def requests(self, request, pk=None):
        """Students who asked to join, oldest first (the advisor and the managers)."""
        club = self._managed()
        rows = list(selectors.join_requests(club))
        if rows:
            access_log_record(self.actor, "list", "club_member", club.pk, request=request,
                              detail={"count": len(rows), "requests": True, "api": True})
        return Response(ClubMemberSerializer(rows, many=True).data)

    @extend_schema(request=MembershipDecideSerializer, responses=ClubMemberSerializer)
    @action(detail=True, methods=["post"], url_path="members/decide", url_name="member-decide")
    def member_decide(self, request, pk=None):
        club = self._managed()
        body = MembershipDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = selectors.membership_of(club, body.validated_data["membership"])
        membership = services.join_decide(actor=self.actor, membership=membership,
                                          accept=body.validated_data["accept"])
        return Response(ClubMemberSerializer(membership).data)

    @extend_schema(request=MembershipRefSerializer, responses=ClubMemberSerializer)
    @action(detail=True, methods=["post"], url_path="members/remove", url_name="member-remove")
    def member_remove(self, request, pk=None):
        """A member leaves the club; the attendance kept stays."""
        club = self._managed()
        body = MembershipRefSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = selectors.membership_of(club, body.validated_data["membership"])
        membership = services.member_remove(actor=self.actor, membership=membership)
        return Response(ClubMemberSerializer(membership).data)

    @extend_schema(request=MembershipRoleSerializer, responses=ClubMemberSerializer)
    @action(detail=True, methods=["post"], url_path="members/role", url_name="member-role")
    def member_role(self, request, pk=None):
        club = self._managed()
        body = MembershipRoleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = selectors.membership_of(club, body.validated_data["membership"])
        membership = services.member_role_set(actor=self.actor, membership=membership,
                                              role=body.validated_data["role"])
        return Response(ClubMemberSerializer(membership).data)

    @extend_schema(request=AttendanceRequestSerializer, responses=AttendanceResultSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Who came to a meeting, in one save as on the phone checklist: every member on the list is marked
        present or absent; a showcase with its summary goes on the growth record of those present."""
        club = self._managed()
        body = AttendanceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        meeting = get_object_or_404(selectors.meetings(club), pk=body.validated_data["meeting"])
        counts = services.attendance_save(actor=self.actor, meeting=meeting, present=body.validated_data["present"])
        return Response(AttendanceResultSerializer(counts).data)

    @extend_schema(request=ClubJoinSerializer, responses={201: ClubMemberSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        actor = self.actor
        actor.require("clubs.join")
        club = self.get_object()
        body = ClubJoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        candidates = list(selectors.family_students(actor))
        student = chosen_student(candidates, body.validated_data.get("student"), _("Choose which child asks to join."))
        membership = services.join_request(actor=actor, club=club, student=student)
        return Response(ClubMemberSerializer(membership).data, status=status.HTTP_201_CREATED)
