"""Psychological health over the API (/api/v1/wellbeing/...): the screenings listed for those who run or follow
them, a student's own screenings with answering and submitting (for a future mini-program), and the alerts with
their acknowledgement. Same selectors, services and rules as the pages; an object out of scope is a 404; a refusal
is a 400 with the service's message.

What a student answered is never sent back as a score, band or risk: submitting answers only that it was
received, with the help lines when an answer raised an alert (as the thank-you page shows them)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateTimeField, IdField
from xinhuo.people import selectors as people_selectors

from .alerts import selectors as alert_selectors
from .alerts import services as alert_services
from .models import Alert, Campaign, CampaignStatus
from .screening import selectors, services
from .screening.selectors import answers_of

# Choice fields are plain strings with their values in the help text: "status" enums would clash with other apps'.
CAMPAIGN_STATUS_HELP = "One of: " + ", ".join(CampaignStatus.values) + "."


# --- screenings, for those who run or follow them ------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text=CAMPAIGN_STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    scales = serializers.SerializerMethodField()
    grades = serializers.SerializerMethodField()
    classes = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "title", "status", "status_label", "opens_at", "closes_at", "one_per_screen", "note",
                  "scales", "grades", "classes"]

    def get_scales(self, obj) -> list[str]:
        return [link.scale.name for link in obj.campaign_scales.all()]

    def get_grades(self, obj) -> list[str]:
        return [g.name for g in obj.grades.all()]

    def get_classes(self, obj) -> list[str]:
        return [str(c) for c in obj.classes.all()]


class CampaignViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Screenings: the counsellors and the committee see every one of the school, a head teacher those that
    include one of their classes (who has answered is on the pages; results never here)."""

    queryset = Campaign.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = CampaignSerializer
    capability = "screening.list"
    object_type = "screening_campaign"

    def get_queryset(self):
        return selectors.campaigns(self.actor).prefetch_related(
            "campaign_scales__scale", "grades", "classes__grade").order_by("-opens_at", "-pk")


# --- a student's own screenings --------------------------------------------------------------------------------------


class MyScreeningSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="campaign.pk")
    title = serializers.CharField(source="campaign.title")
    note = serializers.CharField(source="campaign.note")
    opens_at = BoundedDateTimeField(source="campaign.opens_at")
    closes_at = BoundedDateTimeField(source="campaign.closes_at")
    state = serializers.CharField(help_text="open, started, submitted, no_consent or closed.")
    why = serializers.CharField(help_text="Why it cannot be answered (no_consent), in words for the student.")
    answered = serializers.IntegerField()
    questions = serializers.IntegerField()


class OptionSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.IntegerField(help_text="What to send as `value` to choose this answer.")


class QuestionSerializer(serializers.Serializer):
    """A question of selectors.questions."""

    scale = serializers.IntegerField(source="scale.pk")
    scale_name = serializers.CharField(source="scale.name")
    instructions = serializers.CharField()
    item = serializers.IntegerField(source="number")
    text = serializers.CharField()
    options = serializers.SerializerMethodField()
    answer = serializers.IntegerField(allow_null=True, help_text="The value chosen so far; null when not yet.")

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, obj) -> list[dict]:
        return [{"label": label, "value": value} for label, value in obj.options]


class AnswerSerializer(serializers.Serializer):
    scale = IdField()
    item = serializers.IntegerField(help_text="The item's number in its scale.")
    value = serializers.IntegerField(help_text="The chosen option's value.")


class ProgressSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    questions = serializers.IntegerField()


class HelpLineSerializer(serializers.Serializer):
    name = serializers.CharField()
    number = serializers.CharField()


class SubmittedSerializer(serializers.Serializer):
    submitted = serializers.BooleanField()
    help = HelpLineSerializer(many=True, help_text="Help lines to show the student; empty unless an answer needs "
                                                   "someone to reach out.")


class ScreeningViewSet(ActorMixin, viewsets.GenericViewSet):
    """A student's own screenings: the list, the questions with the answers given so far ({id}/questions/), one
    answer at a time ({id}/answer/, the sitting starts with the first) and the submission ({id}/submit/). Scores are
    never sent back."""

    queryset = Campaign.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = MyScreeningSerializer
    capability = "screening.answer"
    pagination_class = None

    def get_queryset(self):
        """The published (or cancelled) screenings of the student's grade or class; whether they may answer one now
        is services.refusal's to say (a 400 with its words)."""
        actor = self.actor
        if actor.student_id is None:
            return Campaign.objects.none()
        # the student's grade and class as subqueries: one query for the campaign
        me = people_selectors.students_of_school(actor.school).filter(pk=actor.student_id)
        return (Campaign.objects.filter(school=actor.school).exclude(status=CampaignStatus.DRAFT)
                .filter(Q(grades__in=me.values("school_class__grade_id")) | Q(classes__in=me.values("school_class_id")))
                .distinct())

    @extend_schema(responses=MyScreeningSerializer(many=True))
    def list(self, request):
        return Response(MyScreeningSerializer(selectors.my_screenings(self.actor), many=True).data)

    def _mine(self, campaign: Campaign):
        return selectors.my_response(self.actor, campaign)

    @extend_schema(responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def questions(self, request, pk=None):
        """The questions in order, with the answer given so far (none once submitted)."""
        campaign = self.get_object()
        response = self._mine(campaign)
        if response is not None and response.submitted_at is not None:
            return Response([])
        answers = answers_of(response) if response is not None else {}
        return Response(QuestionSerializer(selectors.questions(campaign, answers), many=True).data)

    @extend_schema(request=AnswerSerializer, responses=ProgressSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        actor = self.actor
        campaign = self.get_object()
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scales = selectors.scales_of(campaign)  # read once, with their items, options and bands, and passed down
        scale = next((s for s in scales if s.pk == body.validated_data["scale"]), None)
        if scale is None:
            raise serializers.ValidationError({"detail": [_("This question is not part of the screening.")]})
        response = self._mine(campaign) or services.response_start(actor=actor, campaign=campaign)
        response = services.answer_save(actor=actor, response=response, scale=scale, scales=scales,
                                        item=body.validated_data["item"], value=body.validated_data["value"])
        questions = sum(len(s.items.all()) for s in scales)
        answered = sum(len(v) for v in answers_of(response).values())
        return Response({"answered": answered, "questions": questions})

    @extend_schema(request=None, responses=SubmittedSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        actor = self.actor
        campaign = self.get_object()
        response = self._mine(campaign) or services.response_start(actor=actor, campaign=campaign)
        response = services.response_submit(actor=actor, response=response)
        lines = settings.XINHUO_WELLBEING_HOTLINES if response.alerts.exists() else []
        return Response({"submitted": True, "help": [{"name": name, "number": number} for name, number in lines]})


# --- alerts ----------------------------------------------------------------------------------------------------------


class AlertSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class.__str__")
    status = serializers.CharField(help_text="open or acknowledged.")
    status_label = serializers.CharField(source="get_status_display")
    items = serializers.ListField(child=serializers.CharField(), help_text="The items answered, e.g. \"PHQA 9\"; "
                                                                            "never the answers.")
    campaign = serializers.CharField(source="response.campaign.title", default=None)
    acknowledged_by = serializers.CharField(source="acknowledged_by.display_name", default=None)

    class Meta:
        model = Alert
        fields = ["id", "student", "student_name", "school_class", "campaign", "items", "status", "status_label",
                  "raised_at", "escalate_at", "escalated_at", "acknowledged_by", "acknowledged_at"]


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="What was done (encrypted; the counsellors read it).")


class AlertViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    """Alerts: the counsellors and the safeguarding lead see every one of the school, the director the escalated
    ones; open ones first."""

    queryset = Alert.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = AlertSerializer
    capability = "alerts.view"
    object_type = "wellbeing_alert"

    def get_queryset(self):
        return alert_selectors.alerts(self.actor).order_by("-status", "-raised_at", "-pk")

    @extend_schema(request=AcknowledgeSerializer, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = self.get_object()
        body = AcknowledgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        alert_services.alert_acknowledge(actor=self.actor, alert=alert, note=body.validated_data["note"])
        return Response(AlertSerializer(self.get_queryset().get(pk=alert.pk)).data)
