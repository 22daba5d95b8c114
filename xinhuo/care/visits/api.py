"""The visits part over the API (/api/v1/care/...): home visits (list without notes; retrieve shows the notes and
logs it; create; add a follow-up item), the home-visit plan, follow-up items (list, close) and forums (read
only). Same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, IdField, query_id
from xinhuo.core.services import access_log_record

from ..common import students_in_care
from ..models import FollowUp, Forum, HomeVisit, VisitorKind, VisitWay
from ..rules import can
from . import selectors, services
from .plan import STATUSES, plan_rows
from .services import FOLLOW_UPS_AT_ONCE

# home visits


class FollowUpSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.display_name", default=None, read_only=True)
    source_kind = serializers.SerializerMethodField(help_text="home_visit or forum")

    class Meta:
        model = FollowUp
        fields = ["id", "text", "owner", "owner_name", "due_on", "status", "outcome", "closed_at", "home_visit",
                  "forum", "student", "source_kind"]
        read_only_fields = fields

    def get_source_kind(self, obj) -> str:
        return "home_visit" if obj.home_visit_id else "forum"


class HomeVisitSerializer(serializers.ModelSerializer):
    """A home visit in a list: never its notes."""

    student_name = serializers.CharField(source="student.name", read_only=True)
    class_name = serializers.CharField(source="student.school_class.__str__", read_only=True)
    visitor_kinds = serializers.ListField(child=serializers.ChoiceField(choices=VisitorKind.choices))
    # a plain string here: the create body has the enum (one component keeps the enum's name unambiguous)
    way = serializers.CharField(read_only=True, help_text="home (in person), phone or video")

    class Meta:
        model = HomeVisit
        fields = ["id", "student", "student_name", "class_name", "visited_on", "way", "visitor_kinds", "visitors",
                  "findings"]
        read_only_fields = fields


class HomeVisitDetailSerializer(HomeVisitSerializer):
    """One home visit with its notes (each reading is logged) and its follow-up items."""

    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(HomeVisitSerializer.Meta):
        fields = [*HomeVisitSerializer.Meta.fields, "notes", "follow_ups"]
        read_only_fields = fields


class FollowUpInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=300)
    owner = IdField(required=False, allow_null=True, help_text="A staff user's id.")
    due_on = BoundedDateField(required=False, allow_null=True)


class HomeVisitCreateSerializer(serializers.Serializer):
    student = IdField()
    visited_on = BoundedDateField()
    way = serializers.ChoiceField(choices=VisitWay.choices)
    visitor_kinds = serializers.ListField(child=serializers.ChoiceField(choices=VisitorKind.choices),
                                          allow_empty=True)
    visitors = serializers.CharField(max_length=200)
    notes = serializers.CharField(allow_blank=True, required=False, default="")
    findings = serializers.CharField(allow_blank=True, required=False, default="")
    follow_ups = FollowUpInputSerializer(many=True, required=False, default=list,
                                         help_text=f"At most {FOLLOW_UPS_AT_ONCE} items; empty text is skipped.")


class HomeVisitViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Home visits in scope (the committee: the school; a head teacher: their classes). The list never has the
    notes; retrieving one shows them and writes an access-log row (field "notes")."""

    queryset = HomeVisit.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "home_visits.view"
    object_type = "home_visit"

    def get_serializer_class(self):
        if self.action == "create":
            return HomeVisitCreateSerializer
        return HomeVisitDetailSerializer if self.action == "retrieve" else HomeVisitSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.home_visits(self.actor).prefetch_related("follow_ups__owner")
        return selectors.home_visit_list(self.actor, student_id=query_id(self.request.query_params, "student"))

    @extend_schema(parameters=[OpenApiParameter("student", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        response = super(LoggedListMixin, self).retrieve(request, *args, **kwargs)
        access_log_record(self.actor, "view", "home_visit", kwargs.get("pk", ""), field="notes", request=request,
                          detail={"api": True})
        return response

    @extend_schema(request=HomeVisitCreateSerializer, responses={201: HomeVisitDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("home_visits.record")
        body = HomeVisitCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        student = students_in_care(self.actor).filter(pk=d.pop("student")).first()
        if student is None:
            raise ValidationError({"student": _("Choose a student whose care you follow.")})
        owners = {u.pk: u for u in selectors.follow_up_owners(self.actor).filter(
            pk__in=[i.get("owner") for i in d["follow_ups"] if i.get("owner")])}
        items = []
        for n, item in enumerate(d.pop("follow_ups"), start=1):
            owner_id = item.get("owner")
            if owner_id and owner_id not in owners:
                raise ValidationError({f"follow_up_{n}": _("The owner must be a staff member of this school.")})
            items.append({"text": item.get("text", ""), "owner": owners.get(owner_id) if owner_id else None,
                          "due_on": item.get("due_on")})
        visit = services.home_visit_record(actor=self.actor, student=student, follow_ups=items, **d)
        visit = selectors.home_visits(self.actor).prefetch_related("follow_ups__owner").get(pk=visit.pk)
        access_log_record(self.actor, "view", "home_visit", visit.pk, field="notes", request=request,
                          detail={"api": True, "created": True})
        return Response(HomeVisitDetailSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpInputSerializer, responses={201: FollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="follow-ups", url_name="follow-up-add")
    def follow_up_add(self, request, pk=None):
        """One more follow-up item on a visit (whoever may record visits for its student), as on the visit's
        page: the text is needed, the owner one of the school's staff, the due date not before the visit."""
        visit = self.get_object()
        body = FollowUpInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        owner = None
        if d.get("owner"):
            owner = selectors.follow_up_owners(self.actor).filter(pk=d["owner"]).first()
            if owner is None:
                raise ValidationError({"owner": _("The owner must be a staff member of this school.")})
        item = services.follow_up_add(actor=self.actor, source=visit, text=d["text"], owner=owner,
                                      due_on=d.get("due_on"))
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)


# the plan


class PlanRowSerializer(serializers.Serializer):
    student_id = serializers.IntegerField()
    student_name = serializers.CharField()
    student_no = serializers.CharField()
    class_id = serializers.IntegerField()
    class_name = serializers.CharField()
    interval = serializers.IntegerField(help_text="Days between visits for this student.")
    group = serializers.CharField(help_text="The special group that sets the interval; empty: the school default.")
    last_visit = BoundedDateField(allow_null=True)
    next_due = BoundedDateField(allow_null=True, help_text="Empty for a never-visited student in a group.")
    status = serializers.ChoiceField(choices=[(s, s) for s in STATUSES])
    days_overdue = serializers.IntegerField(allow_null=True)


class VisitPlanViewSet(ActorMixin, viewsets.GenericViewSet):
    """The tiered home-visit plan of the students in scope, overdue first (see plan.py), in pages like
    every list of the API (a school has thousands of students)."""

    serializer_class = PlanRowSerializer
    capability = "home_visits.view"

    @extend_schema(parameters=[OpenApiParameter("class_id", int),
                               OpenApiParameter("status", str, enum=list(STATUSES))],
                   responses=PlanRowSerializer(many=True))
    def list(self, request, *args, **kwargs):
        p = request.query_params
        rows = plan_rows(self.actor, class_id=query_id(p, "class_id"), status=p.get("status") or None)
        access_log_record(self.actor, "list", "home_visit_plan", request=request, detail={
            "filters": dict(p.items()), "count": len(rows), "tagged": rows.counts()["tagged"], "api": True})
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]  # a list pages like a queryset
        return self.get_paginated_response(PlanRowSerializer(page, many=True).data)


# follow-up items


class FollowUpCloseSerializer(serializers.Serializer):
    outcome = serializers.CharField(allow_blank=True, max_length=2000)


class FollowUpViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Follow-up items in scope, open first; close one with its outcome."""

    queryset = FollowUp.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = FollowUpSerializer
    capability = "follow_ups.view"

    def get_queryset(self):
        p = self.request.query_params
        return selectors.follow_up_list(self.actor, mine=p.get("mine") in ("1", "true"),
                                        source=p.get("source", ""), status=p.get("status", ""),
                                        overdue=p.get("overdue") in ("1", "true"))

    @extend_schema(parameters=[OpenApiParameter("mine", bool), OpenApiParameter("overdue", bool),
                               OpenApiParameter("source", str, enum=["home_visit", "forum"]),
                               OpenApiParameter("status", str, enum=["open", "closed"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=FollowUpCloseSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = selectors.follow_ups(self.actor).filter(pk=pk).first()
        if item is None or not can(self.actor, "close_follow_up", item):
            raise Http404
        body = FollowUpCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.follow_up_close(actor=self.actor, item=item, outcome=body.validated_data["outcome"])
        return Response(FollowUpSerializer(item).data)


# forums


class ForumSerializer(serializers.ModelSerializer):
    student_count = serializers.IntegerField(read_only=True)
    open_follow_ups = serializers.IntegerField(read_only=True)

    class Meta:
        model = Forum
        fields = ["id", "held_on", "title", "place", "other_participants", "student_count", "open_follow_ups"]
        read_only_fields = fields


class ForumParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    class_name = serializers.CharField(source="school_class.__str__")


class ForumDetailSerializer(serializers.ModelSerializer):
    participants = ForumParticipantSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Forum
        fields = ["id", "held_on", "title", "place", "participants", "other_participants", "minutes",
                  "follow_ups"]
        read_only_fields = fields


class ForumViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Student representatives' forums of the school, newest first; one with its participants, minutes and
    follow-up items."""

    queryset = Forum.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "forums.view"
    object_type = "forum"

    def get_serializer_class(self):
        return ForumDetailSerializer if self.action == "retrieve" else ForumSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.forums(self.actor).prefetch_related("participants__school_class__grade",
                                                                 "follow_ups__owner")
        return selectors.forum_list(self.actor)
