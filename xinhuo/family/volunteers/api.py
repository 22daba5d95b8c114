"""Parent volunteers over the API (/api/v1/family/volunteers/...), for a parent's phone and the committee's lists:
the same selectors, services and rules as the pages. Out of scope: 404; a refusal: 400 with the service's words.

- GET/PUT family/volunteers/offer/: a parent's own offer (GET: "offered" false before one is made);
- GET family/volunteers/invitations/: a parent's invitations and duties, and the open calls they may answer;
- GET family/volunteers/roster/: the roster (committee: every parent, phones in full; head teachers: their classes'
  parents, phones masked), filtered by kind, class, weekday, q;
- family/volunteers/requests/: list (those one manages), retrieve (also a parent invited), create (organiser,
  committee), POST invite, POST hours, POST answer (a parent: accept, decline, withdraw);
- GET family/volunteers/hours/: the committee's hours per parent over the school year."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.activities import selectors as activities_selectors
from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateTimeField, IdField, parse_id
from xinhuo.core.services import access_log_record

from . import selectors, services
from .models import VolunteerKind, VolunteerOffer, VolunteerRequest
from .rules import can

KIND_HELP = "One of: " + ", ".join(VolunteerKind.values) + "."


# --- the parent's own ---------------------------------------------------------------------------------------------


class VolunteerOfferSerializer(serializers.Serializer):
    kinds = serializers.ListField(child=serializers.CharField(), help_text="At least one. " + KIND_HELP)
    skills = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text=f"At most {services.SKILLS_MAX} characters.")
    weekdays = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=7), required=False,
                                     default=list, help_text="ISO weekdays the parent is usually free: 1 Monday … "
                                                             "7 Sunday.")
    times = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text=f"At most {services.TIMES_MAX} characters.")
    active = serializers.BooleanField(required=False, default=True, help_text="False pauses the offer.")


class VolunteerOfferReadSerializer(serializers.Serializer):
    offered = serializers.SerializerMethodField(help_text="False before the parent has offered to volunteer.")
    kinds = serializers.ListField(child=serializers.CharField(), source="kind_list")
    kind_labels = serializers.ListField(child=serializers.CharField())
    skills = serializers.CharField()
    weekdays = serializers.ListField(child=serializers.IntegerField(), source="weekday_list")
    times = serializers.CharField()
    active = serializers.BooleanField()
    updated_at = BoundedDateTimeField(allow_null=True)

    def get_offered(self, obj) -> bool:
        return obj.pk is not None


class OfferView(ActorMixin, APIView):
    """A parent's own offer to volunteer."""

    capability = "family.volunteers.offer"

    @extend_schema(responses=VolunteerOfferReadSerializer)
    def get(self, request):
        if not self.actor.guardian_id:
            raise Http404
        offer = selectors.my_offer(self.actor) or VolunteerOffer(kinds="", active=False, updated_at=None)  # type: ignore[misc]
        return Response(VolunteerOfferReadSerializer(offer).data)

    @extend_schema(request=VolunteerOfferSerializer, responses=VolunteerOfferReadSerializer)
    def put(self, request):
        body = VolunteerOfferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer = services.offer_save(actor=self.actor, **body.validated_data)
        return Response(VolunteerOfferReadSerializer(offer).data)


class VolunteerRequestSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display")
    activity_title = serializers.CharField(source="activity.title")
    place = serializers.CharField(source="activity.place")
    accepted = serializers.IntegerField(help_text="Parents who accepted.")
    declined = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Parents invited who have not answered.")
    still_needed = serializers.SerializerMethodField()
    starts_at = BoundedDateTimeField()
    ends_at = BoundedDateTimeField()

    class Meta:
        model = VolunteerRequest
        fields = ["id", "activity", "activity_title", "place", "kind", "kind_label", "needed", "accepted", "declined",
                  "waiting", "still_needed", "starts_at", "ends_at", "note", "open_to_all", "hours_confirmed_at"]

    def get_still_needed(self, obj) -> int:
        return max(obj.needed - obj.accepted, 0)


class VolunteerMyResponseSerializer(serializers.Serializer):
    request = VolunteerRequestSerializer()
    status = serializers.CharField(help_text="invited, accepted, declined or withdrawn.")
    status_label = serializers.CharField(source="get_status_display")
    served = serializers.BooleanField(allow_null=True)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class VolunteerInvitationsSerializer(serializers.Serializer):
    duties = VolunteerMyResponseSerializer(many=True, help_text="Invitations and answered duties still to come.")
    open_calls = VolunteerRequestSerializer(many=True, help_text="Open calls the parent may accept.")
    hours_this_year = serializers.DecimalField(max_digits=8, decimal_places=1)


class InvitationsView(ActorMixin, APIView):
    """A parent's invitations and duties to come, the open calls they may answer, their hours this year."""

    capability = "family.volunteers.offer"

    @extend_schema(responses=VolunteerInvitationsSerializer)
    def get(self, request):
        actor = self.actor
        if not actor.guardian_id:
            raise Http404
        rows = list(selectors.my_responses(actor, upcoming=True).exclude(status="withdrawn")[:50])
        counted = {r.pk: r for r in selectors._with_counts(VolunteerRequest.objects.filter(
            pk__in=[x.request_id for x in rows]))}
        for x in rows:
            x.request = counted[x.request_id]  # type: ignore[assignment]
        year = selectors.current_year(actor)
        return Response(VolunteerInvitationsSerializer({
            "duties": rows, "open_calls": selectors.open_calls(actor),
            "hours_this_year": selectors.hours_of(actor.guardian_id, since=year.start if year else None)}).data)


# --- the roster ---------------------------------------------------------------------------------------------------


class VolunteerRosterSerializer(serializers.ModelSerializer):
    guardian = serializers.IntegerField(source="guardian_id")
    name = serializers.CharField(source="guardian.name")
    kinds = serializers.ListField(child=serializers.CharField(), source="kind_list")
    weekdays = serializers.ListField(child=serializers.IntegerField(), source="weekday_list")
    children = serializers.SerializerMethodField(help_text="The children's names and classes (a head teacher: "
                                                           "those of their classes).")
    phone = serializers.SerializerMethodField(help_text="In full for the committee, masked for others.")

    class Meta:
        model = VolunteerOffer
        fields = ["id", "guardian", "name", "kinds", "skills", "weekdays", "times", "active", "children", "phone"]

    def get_children(self, obj) -> list[str]:
        return [f"{link.student.name}（{link.student.school_class}）" for link in obj.guardian.children]

    def get_phone(self, obj) -> str:
        if self.context.get("full_phone"):
            return obj.guardian.phone or ""
        return obj.guardian.masked_phone


class RosterView(ActorMixin, generics.ListAPIView):
    capability = "family.volunteers.roster"
    serializer_class = VolunteerRosterSerializer
    queryset = VolunteerOffer.objects.none()  # for the schema; get_queryset scopes real requests

    def get_queryset(self):
        p = self.request.query_params
        return selectors.roster(self.actor, kind=p.get("kind", ""), school_class=parse_id(p.get("class", "")),
                                weekday=parse_id(p.get("weekday", "")), q=p.get("q", "")[:50],
                                active=p.get("paused") != "1")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full_phone": selectors.shows_phone(self.actor)}

    @extend_schema(parameters=[OpenApiParameter("kind", str, description=KIND_HELP),
                               OpenApiParameter("class", int), OpenApiParameter("weekday", int, description="1-7"),
                               OpenApiParameter("q", str), OpenApiParameter("paused", str,
                                                                                 description="1: paused ones too")])
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_log_record(self.actor, "list", "parent_volunteer", "", request=request,
                          detail={"count": response.data.get("count"), "api": True})
        return response


# --- requests -----------------------------------------------------------------------------------------------------


class VolunteerRequestWriteSerializer(serializers.Serializer):
    activity = IdField()
    kind = serializers.CharField(help_text=KIND_HELP)
    needed = serializers.IntegerField(min_value=1, max_value=services.NEEDED_MAX)
    starts_at = BoundedDateTimeField(required=False, allow_null=True, default=None,
                                     help_text="Empty: the activity's start.")
    ends_at = BoundedDateTimeField(required=False, allow_null=True, default=None,
                                   help_text="Empty: the activity's end.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    open_to_all = serializers.BooleanField(required=False, default=False)


class VolunteerResponseRowSerializer(serializers.Serializer):
    guardian = serializers.IntegerField(source="guardian_id")
    name = serializers.CharField(source="guardian.name")
    phone = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    responded_at = BoundedDateTimeField(allow_null=True)
    served = serializers.BooleanField(allow_null=True)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class VolunteerRequestDetailSerializer(VolunteerRequestSerializer):
    responses = serializers.SerializerMethodField(help_text="For those who manage the request: who was asked and "
                                                            "what they answered.")
    my_status = serializers.SerializerMethodField(help_text="For a parent: their answer (null before one).")

    class Meta(VolunteerRequestSerializer.Meta):
        fields = [*VolunteerRequestSerializer.Meta.fields, "responses", "my_status"]

    @extend_schema(responses=VolunteerResponseRowSerializer(many=True))
    def get_responses(self, obj) -> list[dict] | None:
        actor = self.context["request"].actor
        if not can(actor, "manage_request", obj):
            return None
        full = selectors.shows_phone(actor)
        rows = selectors.responses(obj)
        for r in rows:
            phone = (r.guardian.phone or "") if full else r.guardian.masked_phone
            r.phone = phone  # type: ignore[attr-defined]
        return list(VolunteerResponseRowSerializer(rows, many=True).data)

    def get_my_status(self, obj) -> str | None:
        actor = self.context["request"].actor
        mine = selectors.my_responses(actor).filter(request=obj).first()
        return mine.status if mine else None


class VolunteerInviteSerializer(serializers.Serializer):
    guardians = serializers.ListField(child=IdField(), help_text="The parents (guardian ids) to invite.")


class VolunteerHoursRowSerializer(serializers.Serializer):
    guardian = IdField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True, default=None,
                                     help_text="Empty: the duty's length.")


class VolunteerHoursSerializer(serializers.Serializer):
    served = VolunteerHoursRowSerializer(many=True,
                                         help_text="Those who served; anyone accepted and not named did not.")


class VolunteerAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["accept", "decline", "withdraw"])


class RequestViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An activity's requests for parent volunteers. List: those the actor manages (upcoming unless when=past or
    all)."""

    queryset = VolunteerRequest.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = VolunteerRequestDetailSerializer

    def get_serializer_class(self):
        return VolunteerRequestSerializer if self.action == "list" else VolunteerRequestDetailSerializer

    def get_queryset(self):
        when = self.request.query_params.get("when", "upcoming")
        return selectors.request_list(self.actor, when=when if when in ("upcoming", "past", "all") else "upcoming")

    def get_object(self):
        return selectors.request_detail(self.actor, self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("when", str, enum=["upcoming", "past", "all"])])
    def list(self, request, *args, **kwargs):
        self.actor.require("family.volunteers.request")
        return super().list(request, *args, **kwargs)

    def _detail(self, obj, code=status.HTTP_200_OK) -> Response:
        fresh = selectors.request_detail(self.actor, obj.pk)
        return Response(VolunteerRequestDetailSerializer(fresh, context={"request": self.request}).data, status=code)

    @extend_schema(request=VolunteerRequestWriteSerializer, responses={201: VolunteerRequestDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("family.volunteers.request")
        body = VolunteerRequestWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        activity = activities_selectors.activities(self.actor).filter(pk=data.pop("activity")).first()
        if activity is None:
            raise Http404
        made = services.request_create(actor=self.actor, activity=activity, **data)
        return self._detail(made, status.HTTP_201_CREATED)

    @extend_schema(request=VolunteerInviteSerializer, responses=VolunteerRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        self.actor.require("family.volunteers.request")
        obj = self.get_object()
        body = VolunteerInviteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = set(body.validated_data["guardians"])
        chosen = services.guardians_of_school(self.actor, ids)
        if len(chosen) != len(ids):
            raise serializers.ValidationError({"guardians": _("Choose among this school's parents.")})
        services.request_invite(actor=self.actor, request=obj, guardians=chosen)
        return self._detail(obj)

    @extend_schema(request=VolunteerHoursSerializer, responses=VolunteerRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def hours(self, request, pk=None):
        self.actor.require("family.volunteers.request")
        obj = self.get_object()
        body = VolunteerHoursSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        served = {row["guardian"]: row["hours"] for row in body.validated_data["served"]}
        services.hours_confirm(actor=self.actor, request=obj, served=served)
        return self._detail(obj)

    @extend_schema(request=VolunteerAnswerSerializer, responses=VolunteerRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        self.actor.require("family.volunteers.offer")
        obj = self.get_object()
        body = VolunteerAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        choice = body.validated_data["answer"]
        if choice == "withdraw":
            services.response_withdraw(actor=self.actor, request=obj)
        else:
            services.response_answer(actor=self.actor, request=obj, accept=choice == "accept")
        return self._detail(obj)


# --- the committee's hours ----------------------------------------------------------------------------------------


class VolunteerParentHoursSerializer(serializers.Serializer):
    guardian = serializers.IntegerField(source="guardian_id")
    name = serializers.CharField(source="guardian__name")
    duties = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)


class HoursView(ActorMixin, generics.ListAPIView):
    """Each parent's volunteer hours served this school year, most first."""

    capability = "family.volunteers.committee"
    serializer_class = VolunteerParentHoursSerializer

    def get_queryset(self):
        year = selectors.current_year(self.actor)
        return selectors.hours_by_parent(self.actor, start=year.start if year else None,
                                         end=year.end if year else None)


PATHS: list = [
    path("family/volunteers/offer/", OfferView.as_view(), name="volunteers-offer"),
    path("family/volunteers/invitations/", InvitationsView.as_view(), name="volunteers-invitations"),
    path("family/volunteers/roster/", RosterView.as_view(), name="volunteers-roster"),
    path("family/volunteers/hours/", HoursView.as_view(), name="volunteers-hours"),
]
