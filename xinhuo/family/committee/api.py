"""The committee part over the API (/api/v1/family/...), with the pages' selectors and services:

- family/committees: the committees the caller sees (list, retrieve with members: names and positions; phones as
  the page shows them, full or masked);
- family/committee-meetings: meetings the caller may read (members: approved ones); create and approve for those
  who manage the committee;
- family/mutual-help: the groups the caller sees; the member list only for the committee, the coordinator and the
  members' head teachers (a head teacher: their classes' families).
Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField, IdField
from xinhuo.core.services import access_log_record

from . import selectors, services
from .models import CommitteeLevel, CommitteeMeeting, MutualHelpGroup, ParentCommittee
from .rules import manages_committee
from .views import GROUP_MEMBERS, MINUTES, SEATS

PATHS: list = []

LEVEL_HELP = "One of: " + ", ".join(CommitteeLevel.values) + "."


class ParentCommitteeSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    level = serializers.CharField(help_text=LEVEL_HELP)
    level_label = serializers.CharField(source="get_level_display")
    school_year = serializers.CharField(source="school_year.name")
    grade = serializers.CharField(source="grade.name", default=None)
    school_class = serializers.CharField(source="school_class.__str__", default=None)

    class Meta:
        model = ParentCommittee
        fields = ["id", "title", "level", "level_label", "school_year", "grade", "school_class"]


class ParentCommitteeSeatSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="seat.pk")
    name = serializers.CharField()
    position = serializers.CharField(source="seat.position")
    position_label = serializers.CharField(source="seat.get_position_display")
    duties = serializers.CharField(source="seat.duties")
    term_from = BoundedDateField(source="seat.term_from")
    term_to = BoundedDateField(source="seat.term_to", allow_null=True)
    ended_on = BoundedDateField(source="seat.ended_on", allow_null=True)
    phone = serializers.CharField(help_text="Full for those who manage the committee and the head teacher of the "
                                  "member's child; masked for everyone else.")


class ParentCommitteeDetailSerializer(ParentCommitteeSerializer):
    members = serializers.SerializerMethodField()

    class Meta(ParentCommitteeSerializer.Meta):
        fields = [*ParentCommitteeSerializer.Meta.fields, "members"]

    @extend_schema_field(ParentCommitteeSeatSerializer(many=True))
    def get_members(self, obj) -> list:
        return list(ParentCommitteeSeatSerializer(self.context["rows"], many=True).data)


class CommitteeViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The committees the caller sees (this school year by default; ?year=<id>, ?level=)."""

    queryset = ParentCommittee.objects.none()
    serializer_class = ParentCommitteeSerializer
    capability = "family.committee.view"

    def get_queryset(self):
        params = self.request.query_params
        year = params.get("year", "")
        return selectors.committee_list(self.actor, year=int(year) if year.isdigit() else None,
                                        level=params.get("level", ""))

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("level", str,
                                                                               description=LEVEL_HELP)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=ParentCommitteeDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        committee = selectors.committee_detail(self.actor, self.kwargs["pk"])
        manages = manages_committee(self.actor, committee)
        rows = selectors.seats(self.actor, committee, with_ended=manages)
        if any(r.phone_shown and r.phone for r in rows):
            access_log_record(self.actor, "view", SEATS, committee.pk, field="phone", request=request,
                              detail={"api": True})
        return Response(ParentCommitteeDetailSerializer(committee, context={"rows": rows}).data)


class ParentCommitteeMeetingSerializer(serializers.ModelSerializer):
    committee_title = serializers.CharField(source="committee.title")
    status = serializers.CharField(help_text="draft or approved.")

    class Meta:
        model = CommitteeMeeting
        fields = ["id", "committee", "committee_title", "title", "held_on", "place", "status"]


class ParentCommitteeMeetingDetailSerializer(ParentCommitteeMeetingSerializer):
    attendees = serializers.SerializerMethodField()

    class Meta(ParentCommitteeMeetingSerializer.Meta):
        fields = [*ParentCommitteeMeetingSerializer.Meta.fields, "topics", "minutes", "resolutions", "attendees",
                  "approved_at"]

    def get_attendees(self, obj) -> list[str]:
        return [s.guardian.name for s in obj.attendees.all()]


class ParentCommitteeMeetingWriteSerializer(serializers.Serializer):
    committee = IdField()
    title = serializers.CharField(allow_blank=True)
    held_on = BoundedDateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    topics = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    resolutions = serializers.CharField(required=False, allow_blank=True, default="")
    attendees = serializers.ListField(child=IdField(), required=False, default=list,
                                      help_text="Seats (member ids) of the committee present.")


class CommitteeMeetingViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              viewsets.GenericViewSet):
    """Meetings the caller may read: all of the committees they manage, the approved ones of those they sit on
    (?committee=<id>). POST creates a draft; POST <id>/approve/ approves its minutes."""

    queryset = CommitteeMeeting.objects.none()
    serializer_class = ParentCommitteeMeetingSerializer
    capability = "family.committee.view"

    def get_queryset(self):
        qs = selectors.meetings(self.actor).order_by("-held_on", "-pk")
        committee = self.request.query_params.get("committee", "")
        return qs.filter(committee_id=int(committee)) if committee.isdigit() else qs

    @extend_schema(parameters=[OpenApiParameter("committee", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=ParentCommitteeMeetingDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        meeting = selectors.meeting_detail(self.actor, self.kwargs["pk"])
        access_log_record(self.actor, "view", MINUTES, meeting.pk, field="minutes", request=request,
                          detail={"api": True})
        return Response(ParentCommitteeMeetingDetailSerializer(meeting).data)

    @extend_schema(request=ParentCommitteeMeetingWriteSerializer,
                   responses={201: ParentCommitteeMeetingDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("family.committee.manage_class")
        data = ParentCommitteeMeetingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        committee = selectors.manageable_committees(self.actor).filter(pk=d.pop("committee")).first()
        if committee is None:
            raise Http404
        meeting = services.committee_meeting_create(actor=self.actor, committee=committee, **d)
        return Response(ParentCommitteeMeetingDetailSerializer(selectors.meeting_detail(self.actor, meeting.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ParentCommitteeMeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        self.actor.require("family.committee.manage_class")
        meeting = selectors.manageable_meeting(self.actor, self.kwargs["pk"])
        services.committee_meeting_approve(actor=self.actor, meeting=meeting)
        return Response(ParentCommitteeMeetingDetailSerializer(selectors.meeting_detail(self.actor, meeting.pk)).data)


class MutualHelpGroupSerializer(serializers.ModelSerializer):
    coordinator = serializers.CharField(source="coordinator_name")

    class Meta:
        model = MutualHelpGroup
        fields = ["id", "name", "purpose", "coordinator", "active"]


class MutualHelpMeetingSerializer(serializers.Serializer):
    held_on = BoundedDateField()
    topic = serializers.CharField()


class MutualHelpMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="guardian.name")
    joined_on = BoundedDateField()


class MutualHelpGroupDetailSerializer(MutualHelpGroupSerializer):
    members = serializers.SerializerMethodField(help_text="Null when the caller may not see the member list (a "
                                                "parent); a head teacher: their classes' families only.")
    meetings = serializers.SerializerMethodField()

    class Meta(MutualHelpGroupSerializer.Meta):
        fields = [*MutualHelpGroupSerializer.Meta.fields, "members", "meetings"]

    @extend_schema_field(MutualHelpMemberSerializer(many=True, allow_null=True))
    def get_members(self, obj) -> list | None:
        members = self.context.get("members")
        return None if members is None else list(MutualHelpMemberSerializer(members, many=True).data)

    @extend_schema_field(MutualHelpMeetingSerializer(many=True))
    def get_meetings(self, obj) -> list:
        return list(MutualHelpMeetingSerializer(selectors.group_meetings(obj), many=True).data)


class MutualHelpGroupViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """The mutual-help groups the caller sees: the committee all, a coordinator theirs, a head teacher those with
    families of their classes, a parent those they belong to."""

    queryset = MutualHelpGroup.objects.none()
    serializer_class = MutualHelpGroupSerializer
    capability = "family.mutual_help.view"

    def get_queryset(self):
        return selectors.groups(self.actor)

    @extend_schema(responses=MutualHelpGroupDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        group = selectors.group_detail(self.actor, self.kwargs["pk"])
        members = selectors.group_members(self.actor, group) if selectors.sees_members(self.actor, group) else None
        if members:
            access_log_record(self.actor, "view", GROUP_MEMBERS, group.pk, field="members", request=request,
                              detail={"api": True, "count": len(members)})
        return Response(MutualHelpGroupDetailSerializer(group, context={"members": members}).data)

