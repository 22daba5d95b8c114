"""Clubs over the API (/api/v1/clubs/): list and detail, members (scoped like the page; the advisor adds), meetings,
the review of a founding request, asking to join. Same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField
from xinhuo.core.services import access_log_record
from xinhuo.people import selectors as people_selectors

from . import selectors, services
from .models import Club, ClubMeeting, ClubMembership, MemberRole
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
        fields = ["id", "kind", "kind_label", "title", "starts_at", "ends_at", "place", "content", "summary",
                  "present_count"]


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

    @extend_schema(responses=ClubMeetingSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def meetings(self, request, pk=None):
        club = self.get_object()
        keeps = can(self.actor, "manage_club", club)
        rows = list(selectors.meetings(club))
        if not keeps:
            for m in rows:
                m.present_count = None  # type: ignore[attr-defined]
        return Response(ClubMeetingSerializer(rows, many=True).data)

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

    @extend_schema(request=ClubJoinSerializer, responses={201: ClubMemberSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        actor = self.actor
        actor.require("clubs.join")
        club = self.get_object()
        body = ClubJoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        candidates = list(selectors.family_students(actor))
        wanted = body.validated_data.get("student")
        if wanted is None:
            if len(candidates) != 1:
                raise serializers.ValidationError({"student": _("Choose which child asks to join.")})
            student = candidates[0]
        else:
            found = next((s for s in candidates if s.pk == wanted), None)
            if found is None:
                raise Http404
            student = found
        membership = services.join_request(actor=actor, club=club, student=student)
        return Response(ClubMemberSerializer(membership).data, status=status.HTTP_201_CREATED)
