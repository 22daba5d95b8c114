"""The charter over the API (/api/v1/governance/charter/...): the documents with the text in force, read by every
staff member and elder (the same selectors and rules as the pages; drafts are not served here)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from xinhuo.core.api import ActorMixin

from . import selectors
from .models import CharterDocument, CharterVersion

PATHS: list = []


class CharterInForceSerializer(serializers.ModelSerializer):
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = CharterVersion
        fields = ["id", "number", "body", "change_note", "effective_on", "published_at", "approved_by"]
        read_only_fields = fields

    def get_approved_by(self, obj) -> str:
        user = obj.approved_by
        return user.display_name if user is not None else ""


class CharterDocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    in_force = serializers.SerializerMethodField(help_text="The version in force; null while none is published.")

    class Meta:
        model = CharterDocument
        fields = ["id", "kind", "kind_label", "title", "in_force"]
        read_only_fields = fields

    @extend_schema_field(CharterInForceSerializer(allow_null=True))
    def get_in_force(self, obj):
        rows = getattr(obj, "in_force", None)
        version = rows[0] if rows else None
        return CharterInForceSerializer(version).data if version is not None else None


class CharterViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The charter, the division of duties and the rules, each with its version in force."""

    queryset = CharterDocument.objects.none()
    capability = "governance.charter.read"
    serializer_class = CharterDocumentSerializer

    def get_queryset(self):
        return selectors.documents(self.actor)
