"""The resource library over the API (/api/v1/library/...): resources (filters kind, collection, tag, audience, q,
mine, order) and collections, scoped as the pages are; a resource's favourite toggle, rating and view (counted once
per person per day). Files stream from the resource's page URL (file_url), ranged for video and audio."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import ID_MAX, query_id
from xinhuo.core.validators import DOCUMENT_MAX

from . import selectors, services
from .models import Audience, Collection, Favourite, Resource, ResourceKind, ResourceStatus
from .rules import can

PATHS: list = []


class ResourceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    tags = serializers.ListField(source="tag_list", child=serializers.CharField(), read_only=True)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), read_only=True)
    grades = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    contributor = serializers.CharField(source="contributor.display_name", default=None, read_only=True)
    is_favourite = serializers.BooleanField(read_only=True, default=False)
    file_url = serializers.SerializerMethodField(help_text="The file's address (video and audio: ranged); "
                                                           "null without a file.")
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = ["id", "kind", "kind_label", "title", "summary", "tags", "audiences", "grades", "source",
                  "licence", "contributor", "external_url", "file_name", "size", "file_url", "page_url", "status",
                  "view_count", "is_favourite", "created_at", "updated_at"]
        read_only_fields = fields

    def get_file_url(self, obj) -> str | None:
        return reverse("library:resources-file", args=[obj.pk]) if obj.file else None

    def get_page_url(self, obj) -> str:
        return reverse("library:resources-detail", args=[obj.pk])


class ResourceDetailSerializer(ResourceSerializer):
    rating = serializers.SerializerMethodField()
    my_rating = serializers.SerializerMethodField()
    collections = serializers.SerializerMethodField()

    class Meta(ResourceSerializer.Meta):
        fields = [*ResourceSerializer.Meta.fields, "body", "rating", "my_rating", "collections"]
        read_only_fields = fields

    def get_rating(self, obj) -> dict:
        return selectors.rating_of(obj)

    def get_my_rating(self, obj) -> int | None:
        return selectors.my_rating(self.context["request"].actor, obj)

    def get_collections(self, obj) -> list[int]:
        return list(selectors.resource_collections(obj).values_list("pk", flat=True))


class ResourceWriteSerializer(serializers.Serializer):
    """A contribution from a phone (an elder's, a head teacher's): the page's form, field for field."""

    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=DOCUMENT_MAX, required=False, allow_blank=True, default="",
                                 help_text="An article's text; for other kinds an optional transcript or note")
    tags = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                 help_text="Comma-separated")
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), max_length=4)
    grades = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False,
                                   default=list, max_length=12, help_text="Grade ids: narrows students only")
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=200, required=False, allow_blank=True, default="")
    licence = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    external_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    upload = serializers.FileField(required=False, allow_null=True, default=None,
                                   help_text="The video, audio, document or picture (by the kind)")
    status = serializers.ChoiceField(choices=ResourceStatus.choices, default=ResourceStatus.DRAFT)


class ResourcePatchSerializer(ResourceWriteSerializer):
    """A change to a resource (its contributor, the committee): only the fields sent change; a file sent replaces
    the stored one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)
        for f in self.fields.values():
            f.default = serializers.empty  # a field not sent keeps the resource's value, not the create default


class RateSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)


class ToggleSerializer(serializers.Serializer):
    is_favourite = serializers.BooleanField()


class ViewSerializer(serializers.Serializer):
    counted = serializers.BooleanField()
    view_count = serializers.IntegerField()


class ResourceViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The library's resources the actor sees: by their audiences, their own drafts, or all (the committee)."""

    queryset = Resource.objects.none()
    capability = "library.view"

    def get_serializer_class(self):
        return ResourceSerializer if self.action == "list" else ResourceDetailSerializer

    def get_queryset(self):
        p = self.request.query_params
        if self.action == "list":
            qs = selectors.resource_list(
                self.actor, kind=p.get("kind", ""), collection=query_id(p, "collection"), tag=p.get("tag", "")[:20],
                audience=p.get("audience", ""), q=p.get("q", "")[:50], mine=p.get("mine") in ("1", "true"),
                order=p.get("order", ""))
        else:
            qs = selectors.resources(self.actor)
        favourite = Favourite.objects.filter(user=self.actor.user, resource=OuterRef("pk"))
        return qs.prefetch_related("grades").annotate(is_favourite=Exists(favourite))

    def get_object(self):
        resource = super().get_object()  # from the scoped queryset; the rules' check too, as the page's
        if not can(self.actor, "view_resource", resource):
            raise Http404
        return resource

    @extend_schema(parameters=[
        OpenApiParameter("kind", str, enum=ResourceKind.values), OpenApiParameter("collection", int),
        OpenApiParameter("tag", str), OpenApiParameter("audience", str, enum=Audience.values),
        OpenApiParameter("q", str), OpenApiParameter("mine", bool),
        OpenApiParameter("order", str, enum=["views"], description="views: the most viewed first")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": ResourceWriteSerializer},
                   responses={201: ResourceDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Contribute a resource (staff who contribute, elders): checked and stored as the page's form does."""
        self.actor.require("library.contribute")
        body = ResourceWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resource = services.resource_save(actor=self.actor, **body.validated_data)
        favourite = Favourite.objects.filter(user=self.actor.user, resource=OuterRef("pk"))
        created = selectors.resources(self.actor).annotate(is_favourite=Exists(favourite)).get(pk=resource.pk)
        return Response(ResourceDetailSerializer(created, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": ResourcePatchSerializer,
                            "application/json": ResourcePatchSerializer},
                   responses={200: ResourceDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Change a resource (its contributor, the committee), checked as the page's form is; the fields not sent
        keep their values."""
        resource = self.get_object()
        body = ResourcePatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        current = {
            "kind": resource.kind, "title": resource.title, "summary": resource.summary, "body": resource.body,
            "tags": ", ".join(resource.tag_list), "audiences": resource.audiences,
            "grades": [g.pk for g in resource.grades.all()], "source": resource.source,
            "licence": resource.licence, "external_url": resource.external_url, "status": resource.status,
            "collections": list(selectors.resource_collections(resource).values_list("pk", flat=True)),
        }
        services.resource_save(actor=self.actor, resource=resource, **{**current, **body.validated_data})
        return Response(ResourceDetailSerializer(self.get_object(), context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ToggleSerializer)
    @action(detail=True, methods=["post"])
    def favourite(self, request, pk=None):
        """Add the resource to the caller's favourites, or take it out."""
        on = services.favourite_toggle(actor=self.actor, resource=self.get_object())
        return Response({"is_favourite": on})

    @extend_schema(request=RateSerializer, responses=ResourceDetailSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """The caller's 1 to 5 stars (again: replaced)."""
        resource = self.get_object()
        body = RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.resource_rate(actor=self.actor, resource=resource, stars=body.validated_data["stars"])
        return Response(ResourceDetailSerializer(self.get_object(), context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ViewSerializer)
    @action(detail=True, methods=["post"])
    def view(self, request, pk=None):
        """Count a view (an app that shows the resource itself): once per person per day."""
        resource = self.get_object()
        counted = services.view_record(actor=self.actor, resource=resource)
        resource.refresh_from_db(fields=["view_count"])
        return Response({"counted": counted, "view_count": resource.view_count})


class CollectionSerializer(serializers.ModelSerializer):
    visible_count = serializers.IntegerField(read_only=True, help_text="How many of its resources the caller sees")
    resources = serializers.SerializerMethodField()

    class Meta:
        model = Collection
        fields = ["id", "title", "description", "order", "visible_count", "resources"]
        read_only_fields = fields

    def get_resources(self, obj) -> list[int]:
        """The ids of its resources the caller sees, in order (the detail only; the list gives none)."""
        if self.context.get("view") is None or self.context["view"].action == "list":
            return []
        return list(selectors.collection_resources(self.context["request"].actor, obj).values_list("pk", flat=True))


class CollectionViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The library's collections (红色故事100讲, 家庭教育微课 ...), each with what the caller sees of it."""

    queryset = Collection.objects.none()
    capability = "library.view"
    serializer_class = CollectionSerializer

    def get_queryset(self):
        return selectors.collections(self.actor)
