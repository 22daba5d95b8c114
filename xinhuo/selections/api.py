"""Honour selections over the API (/api/v1/selections/): the list and a selection, its nominations as the actor
may see them, and nominate, vote, object during the publicity and the stage steps. The same selectors, services
and rules as the pages; denied = 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, BoundedDateTimeField, IdField

from . import selectors, services
from .models import NOMINEE_FIELD, Nomination, Selection, SelectionKind, Stage
from .rules import can, manages
from .services import TRANSITIONS


class SelectionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    honour = serializers.CharField(read_only=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    term = serializers.CharField(source="term.name", default=None, read_only=True)

    class Meta:
        model = Selection
        fields = ["id", "kind", "kind_label", "honour", "title", "school_year", "term", "criteria", "quota",
                  "voting", "stage", "stage_label", "nominate_until", "publicity_ends", "awarded_on"]
        read_only_fields = fields


class SelectionDetailSerializer(SelectionSerializer):
    voters = serializers.SerializerMethodField(help_text="How many voted; null while the counts are not public.")
    my_vote = serializers.SerializerMethodField(help_text="The nomination you voted for, if you voted.")

    class Meta(SelectionSerializer.Meta):
        fields = [*SelectionSerializer.Meta.fields, "voters", "my_vote"]
        read_only_fields = fields

    def get_voters(self, obj) -> int | None:
        counts = selectors.counts(self.context["actor"], obj)
        return counts["voters"] if counts else None

    def get_my_vote(self, obj) -> int | None:
        return selectors.my_vote(self.context["actor"], obj)


class NominationSerializer(serializers.ModelSerializer):
    review = serializers.SerializerMethodField(help_text="Only for the committee and the nominator.")
    review_comment = serializers.SerializerMethodField(help_text="Only for the committee and the nominator.")
    votes = serializers.SerializerMethodField(help_text="The vote count; null while the counts are not public.")
    awarded = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = ["id", "name", "group", "reason", "review", "review_comment", "proposed", "rank", "votes",
                  "awarded"]
        read_only_fields = fields

    def _shows_review(self, obj) -> bool:
        actor = self.context["actor"]
        return manages(actor) or obj.nominated_by_id == actor.user.pk

    def get_review(self, obj) -> str | None:
        return obj.review if self._shows_review(obj) else None

    def get_review_comment(self, obj) -> str | None:
        return obj.review_comment if self._shows_review(obj) else None

    def get_votes(self, obj) -> int | None:
        return getattr(obj, "vote_count", None) if self.context.get("counts") else None

    def get_awarded(self, obj) -> bool:
        return obj.awarded_at is not None


class NominateSerializer(serializers.Serializer):
    nominee = IdField(help_text="The id of a student, guardian, elder or class, as the kind says.")
    reason = serializers.CharField(max_length=2000)


class VoteSerializer(serializers.Serializer):
    nomination = IdField()


class VoteResultSerializer(serializers.Serializer):
    nomination = IdField()
    at = BoundedDateTimeField()


class ObjectionRequestSerializer(serializers.Serializer):
    nomination = IdField(help_text="A proposed winner on the publicity list.")
    text = serializers.CharField(allow_blank=True, max_length=1000,
                                 help_text="What the objection is, with facts the committee can check.")


class ObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nomination = serializers.IntegerField(source="nomination_id")
    text = serializers.CharField()
    raised_at = BoundedDateTimeField()


class StepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(TRANSITIONS))
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    publicity_ends = BoundedDateField(required=False, allow_null=True, default=None)


class SelectionViewSet(ActorMixin, LoggedListMixin, viewsets.ReadOnlyModelViewSet):
    """GET: the school's selections (everyone), one selection with its totals when public. Actions: the
    nominations the actor may see, nominate, vote, and the committee's stage steps."""

    queryset = Selection.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "selections.view"
    object_type = "selection"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SelectionDetailSerializer
        return SelectionSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}

    def get_queryset(self):
        p = self.request.query_params
        return selectors.selection_list(self.actor, kind=p.get("kind", ""), stage=p.get("stage", ""))

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=SelectionKind.values),
                               OpenApiParameter("stage", str, enum=Stage.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=NominationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def nominations(self, request, pk=None):
        selection = self.get_object()
        rows = selectors.nominations(self.actor, selection)
        context = {"actor": self.actor, "counts": selectors.counts(self.actor, selection) is not None}
        return Response(NominationSerializer(rows, many=True, context=context).data)

    @extend_schema(request=NominateSerializer, responses={201: NominationSerializer})
    @action(detail=True, methods=["post"])
    def nominate(self, request, pk=None):
        self.actor.require("selections.nominate")
        selection = self.get_object()
        if not can(self.actor, "nominate", selection):
            raise Http404
        body = NominateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        field = NOMINEE_FIELD[SelectionKind(selection.kind)]
        nominee = (selectors.nominees_of_school(self.actor.school, field)
                   .filter(pk=body.validated_data["nominee"]).first())
        if nominee is None:
            raise ValidationError({"nominee": _("Choose someone of this school.")})
        nomination = services.nomination_add(actor=self.actor, selection=selection, nominee=nominee,
                                             reason=body.validated_data["reason"])
        return Response(NominationSerializer(nomination, context={"actor": self.actor}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=VoteSerializer, responses={201: VoteResultSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        self.actor.require("selections.vote")
        selection = self.get_object()
        if not can(self.actor, "vote", selection):
            raise Http404
        body = VoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = get_object_or_404(Nomination, selection=selection, pk=body.validated_data["nomination"])
        vote = services.vote_cast(actor=self.actor, selection=selection, nomination=nomination)
        return Response(VoteResultSerializer({"nomination": vote.nomination_id, "at": vote.at}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ObjectionRequestSerializer, responses={201: ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        """异议: anyone who sees the publicity list objects to a proposed winner until the publicity ends; the
        committee answers and the objector is told the outcome."""
        selection = self.get_object()
        body = ObjectionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = selectors.nomination_detail(self.actor, body.validated_data["nomination"])
        if nomination.selection_id != selection.pk or not can(self.actor, "raise_objection", nomination):
            raise Http404
        objection = services.objection_raise(actor=self.actor, nomination=nomination,
                                             text=body.validated_data["text"])
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StepSerializer, responses=SelectionSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        self.actor.require("selections.manage")
        selection = self.get_object()
        if not can(self.actor, "manage_selection", selection):
            raise Http404
        body = StepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        selection = services.selection_step(actor=self.actor, selection=selection, **body.validated_data)
        return Response(SelectionSerializer(selection).data)
