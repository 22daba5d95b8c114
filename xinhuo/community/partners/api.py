"""The partners part over the API (/api/v1/community/...): the same selectors, services and rules as the pages.

- community/partners/ (staff and elders read; contacts' phones masked but for the committee; the committee writes)
- community/agreements/ (the committee: list, read, create, renew, terminate; the signed file through the page)
- community/meetings/ (the committee: joint meetings with their follow-up items)
- community/directory/ (staff and elders read and search, ?q= name / pinyin initials / services; the committee
  writes)
Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, IdField

from . import selectors, services
from .models import (
    Agreement,
    AgreementStatus,
    JointMeeting,
    Partner,
    PartnerKind,
    PartnerStatus,
    Resource,
    ResourceKind,
    ResourceStatus,
)

PATHS: list = []


def _one_of(choices) -> str:
    return "One of: " + ", ".join(choices.values) + "."


def _flag(value: str | None) -> bool:
    return value in ("1", "true", "on")


# --- partners ------------------------------------------------------------------------------------------------------


class PartnerContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.CharField()
    phone = serializers.CharField(help_text="In full for the committee; masked (138****5678) for everyone else.")


class PartnerSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=_one_of(PartnerKind))
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField(help_text=_one_of(PartnerStatus))

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "kind_label", "is_base", "address", "offers", "status"]


class PartnerDetailSerializer(PartnerSerializer):
    contacts = serializers.SerializerMethodField()

    class Meta(PartnerSerializer.Meta):
        fields = [*PartnerSerializer.Meta.fields, "contacts"]

    @extend_schema_field(PartnerContactSerializer(many=True))
    def get_contacts(self, obj) -> list[dict]:
        actor = self.context["actor"]
        return [{"id": c["contact"].pk, "name": c["contact"].name, "position": c["contact"].position,
                 "phone": c["phone"]} for c in selectors.partner_contacts(actor, obj)]


class PartnerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True, help_text=_one_of(PartnerKind))
    is_base = serializers.BooleanField(default=False)
    address = serializers.CharField(allow_blank=True, required=False, default="")
    offers = serializers.CharField(allow_blank=True, required=False, default="")
    status = serializers.CharField(allow_blank=True, required=False, default=PartnerStatus.ACTIVE,
                                   help_text=_one_of(PartnerStatus))


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("q", str, description="Name, pinyin initials or offers."),
                                   OpenApiParameter("kind", str, description=_one_of(PartnerKind)),
                                   OpenApiParameter("status", str, description=_one_of(PartnerStatus)),
                                   OpenApiParameter("base", bool, description="Practice bases only.")]),
    retrieve=extend_schema(responses=PartnerDetailSerializer),
    create=extend_schema(request=PartnerWriteSerializer, responses={201: PartnerDetailSerializer}),
    partial_update=extend_schema(request=PartnerWriteSerializer, responses=PartnerDetailSerializer),
)
class PartnerViewSet(ActorMixin, LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Partners and practice bases of the school."""

    queryset = Partner.objects.none()
    serializer_class = PartnerSerializer
    capability = "community.partners.view"
    object_type = "community.partner"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        p = self.request.query_params
        kind, status_ = p.get("kind", ""), p.get("status", "")
        return selectors.partner_list(self.actor, q=p.get("q", "")[:50],
                                      kind=kind if kind in PartnerKind.values else "",
                                      status=status_ if status_ in PartnerStatus.values else "",
                                      base=_flag(p.get("base")))

    def get_object(self):
        return selectors.partner_detail(self.actor, self.kwargs["pk"])

    def get_serializer_class(self):
        return PartnerSerializer if self.action == "list" else PartnerDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}

    def _answer(self, partner, code=status.HTTP_200_OK) -> Response:
        return Response(PartnerDetailSerializer(partner, context={"actor": self.actor}).data, status=code)

    def create(self, request, *args, **kwargs):
        data = PartnerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.partner_save(actor=self.actor, **data.validated_data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        partner = self.get_object()
        current = {f: getattr(partner, f) for f in ("name", "kind", "is_base", "address", "offers", "status")}
        data = PartnerWriteSerializer(data={**current, **request.data})
        data.is_valid(raise_exception=True)
        return self._answer(services.partner_save(actor=self.actor, partner=partner, **data.validated_data))


# --- agreements ----------------------------------------------------------------------------------------------------


class AgreementSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name")
    status = serializers.CharField(help_text=_one_of(AgreementStatus))
    status_label = serializers.CharField(source="get_status_display")
    has_file = serializers.SerializerMethodField()
    starts_on = BoundedDateField()
    ends_on = BoundedDateField()

    class Meta:
        model = Agreement
        fields = ["id", "partner", "partner_name", "title", "starts_on", "ends_on", "signed_on", "status",
                  "status_label", "has_file", "renews"]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class AgreementDetailSerializer(AgreementSerializer):
    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "school_duties", "partner_duties", "content", "file_name"]


class AgreementWriteSerializer(serializers.Serializer):
    partner = IdField()
    title = serializers.CharField(allow_blank=True)
    starts_on = BoundedDateField(allow_null=True)
    ends_on = BoundedDateField(allow_null=True)
    signed_on = BoundedDateField(required=False, allow_null=True, default=None)
    school_duties = serializers.CharField(allow_blank=True, required=False, default="")
    partner_duties = serializers.CharField(allow_blank=True, required=False, default="")
    content = serializers.CharField(allow_blank=True, required=False, default="")
    upload = serializers.FileField(required=False, allow_null=True, default=None,
                                   help_text="The signed agreement, PDF or picture (multipart).")


class AgreementRenewSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, required=False, default="")
    starts_on = BoundedDateField(required=False, allow_null=True, default=None,
                                 help_text="Empty: the day after the old agreement ends.")
    ends_on = BoundedDateField(allow_null=True)
    signed_on = BoundedDateField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("status", str, description=_one_of(AgreementStatus)),
                                   OpenApiParameter("expiring", bool, description="Ending within 60 days."),
                                   OpenApiParameter("partner", int)]),
    retrieve=extend_schema(responses=AgreementDetailSerializer),
    create=extend_schema(request=AgreementWriteSerializer, responses={201: AgreementDetailSerializer}),
)
class AgreementViewSet(ActorMixin, LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Co-building agreements (the committee's)."""

    queryset = Agreement.objects.none()
    serializer_class = AgreementSerializer
    capability = "community.partners.manage"
    object_type = "community.agreement"

    def get_queryset(self):
        p = self.request.query_params
        status_ = p.get("status", "")
        partner = p.get("partner", "")
        return selectors.agreement_list(self.actor, status=status_ if status_ in AgreementStatus.values else "",
                                        expiring=_flag(p.get("expiring")),
                                        partner=int(partner) if partner.isdigit() and len(partner) < 10 else None)

    def get_object(self):
        return selectors.agreement_detail(self.actor, self.kwargs["pk"])

    def get_serializer_class(self):
        return AgreementSerializer if self.action == "list" else AgreementDetailSerializer

    def create(self, request, *args, **kwargs):
        data = AgreementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        partner = selectors.partner_detail(self.actor, values.pop("partner"))
        agreement = services.agreement_create(actor=self.actor, partner=partner, **values)
        return Response(AgreementDetailSerializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgreementRenewSerializer, responses={201: AgreementDetailSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Renew: a new agreement linked to this one (duties and content carried over)."""
        old = self.get_object()
        data = AgreementRenewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.agreement_renew(actor=self.actor, agreement=old, **data.validated_data)
        return Response(AgreementDetailSerializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        agreement = services.agreement_terminate(actor=self.actor, agreement=self.get_object())
        return Response(AgreementDetailSerializer(agreement).data)


# --- joint meetings ------------------------------------------------------------------------------------------------


class MeetingFollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    owner = serializers.CharField()
    done = serializers.BooleanField()


class JointMeetingSerializer(serializers.ModelSerializer):
    partners = serializers.SerializerMethodField()
    held_on = BoundedDateField()

    class Meta:
        model = JointMeeting
        fields = ["id", "held_on", "place", "partners", "topics"]

    def get_partners(self, obj) -> list[str]:
        return [p.name for p in obj.partners.all()]


class JointMeetingDetailSerializer(JointMeetingSerializer):
    followups = MeetingFollowUpSerializer(many=True)

    class Meta(JointMeetingSerializer.Meta):
        fields = [*JointMeetingSerializer.Meta.fields, "minutes", "followups"]


class JointMeetingWriteSerializer(serializers.Serializer):
    held_on = BoundedDateField(allow_null=True)
    place = serializers.CharField(allow_blank=True, required=False, default="")
    partners = serializers.ListField(child=IdField(), help_text="Ids of the partners present.")
    topics = serializers.CharField(allow_blank=True)
    minutes = serializers.CharField(allow_blank=True, required=False, default="")


@extend_schema_view(
    retrieve=extend_schema(responses=JointMeetingDetailSerializer),
    create=extend_schema(request=JointMeetingWriteSerializer, responses={201: JointMeetingDetailSerializer}),
)
class MeetingViewSet(ActorMixin, LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Joint meetings with the partners (the committee's)."""

    queryset = JointMeeting.objects.none()
    serializer_class = JointMeetingSerializer
    capability = "community.partners.manage"
    object_type = "community.meeting"

    def get_queryset(self):
        return selectors.meeting_list(self.actor)

    def get_object(self):
        return selectors.meeting_detail(self.actor, self.kwargs["pk"])

    def get_serializer_class(self):
        return JointMeetingSerializer if self.action == "list" else JointMeetingDetailSerializer

    def create(self, request, *args, **kwargs):
        data = JointMeetingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        ids = set(values.pop("partners"))
        partners = list(selectors.partners(self.actor).filter(pk__in=ids))
        if len(partners) != len(ids):
            from django.http import Http404

            raise Http404
        meeting = services.meeting_create(actor=self.actor, partners=partners, **values)
        return Response(JointMeetingDetailSerializer(selectors.meeting_detail(self.actor, meeting.pk)).data,
                        status=status.HTTP_201_CREATED)


# --- the directory -------------------------------------------------------------------------------------------------


class DirectoryResourceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=_one_of(ResourceKind))
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField(help_text=_one_of(ResourceStatus))

    class Meta:
        model = Resource
        fields = ["id", "name", "kind", "kind_label", "services", "audience", "cooperation", "contact_name",
                  "contact_phone", "location", "status", "last_contact_on"]


class DirectoryResourceWriteSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True, help_text=_one_of(ResourceKind))
    services = serializers.CharField(allow_blank=True, required=False, default="")
    audience = serializers.CharField(allow_blank=True, required=False, default="")
    cooperation = serializers.CharField(allow_blank=True, required=False, default="")
    contact_name = serializers.CharField(allow_blank=True, required=False, default="")
    contact_phone = serializers.CharField(allow_blank=True, required=False, default="")
    location = serializers.CharField(allow_blank=True, required=False, default="")
    status = serializers.CharField(allow_blank=True, required=False, default=ResourceStatus.ACTIVE,
                                   help_text=_one_of(ResourceStatus))
    last_contact_on = BoundedDateField(required=False, allow_null=True, default=None)


RESOURCE_FIELDS = ("name", "kind", "services", "audience", "cooperation", "contact_name", "contact_phone",
                   "location", "status", "last_contact_on")


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("q", str, description="Name, pinyin initials or services."),
                                   OpenApiParameter("kind", str, description=_one_of(ResourceKind)),
                                   OpenApiParameter("status", str, description=_one_of(ResourceStatus))]),
    create=extend_schema(request=DirectoryResourceWriteSerializer, responses={201: DirectoryResourceSerializer}),
    partial_update=extend_schema(request=DirectoryResourceWriteSerializer, responses=DirectoryResourceSerializer),
)
class ResourceViewSet(ActorMixin, LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """The social resource directory (社会资源信息库)."""

    queryset = Resource.objects.none()
    serializer_class = DirectoryResourceSerializer
    capability = "community.directory.view"
    object_type = "community.resource"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        p = self.request.query_params
        kind, status_ = p.get("kind", ""), p.get("status", "")
        return selectors.resource_list(self.actor, q=p.get("q", "")[:50],
                                       kind=kind if kind in ResourceKind.values else "",
                                       status=status_ if status_ in ResourceStatus.values else "")

    def get_object(self):
        return selectors.resource_detail(self.actor, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        data = DirectoryResourceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resource = services.resource_save(actor=self.actor, **data.validated_data)
        return Response(DirectoryResourceSerializer(resource).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        resource = self.get_object()
        current = {f: getattr(resource, f) for f in RESOURCE_FIELDS}
        data = DirectoryResourceWriteSerializer(data={**current, **request.data})
        data.is_valid(raise_exception=True)
        return Response(DirectoryResourceSerializer(services.resource_save(actor=self.actor, resource=resource,
                                                                  **data.validated_data)).data)
