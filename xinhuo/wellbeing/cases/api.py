"""Follow-up cases over the API (/api/v1/wellbeing/cases/...), for a future mini-program: each party reads its
part (same selectors as the pages: the head teacher their students' cases with their tasks, the family its
child's with what the school asks, its tasks and the messages), the family replies, a party marks its task done;
the counsellor also reads the steps taken and takes the next one. The counsellor's notes, the closing summary, the
risk level and the referrals are never sent: the counsellor uses the pages for them. Out of scope: 404; a refusal:
400 with the service's words."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, BoundedDateTimeField, IdField
from xinhuo.core.services import access_log_record

from ..models import Case, CaseStatus, Party
from . import selectors, services

STATUS_HELP = "One of: " + ", ".join(CaseStatus.values) + "."


class CaseTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.CharField(help_text="One of: " + ", ".join(Party.values) + ".")
    text = serializers.CharField()
    due_on = BoundedDateField(allow_null=True)
    done_at = BoundedDateTimeField(allow_null=True)
    done_note = serializers.CharField()
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, task) -> bool:
        return selectors.is_overdue(task)


class CaseMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.CharField()
    text = serializers.CharField()
    at = BoundedDateTimeField()


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class")
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    opened_at = BoundedDateTimeField()


class CaseStepSerializer(serializers.Serializer):
    from_status = serializers.CharField(help_text="Empty for the opening step. " + STATUS_HELP)
    to_status = serializers.CharField(help_text=STATUS_HELP)
    by = serializers.CharField(source="by.display_name", allow_null=True, default=None)
    at = BoundedDateTimeField()
    comment = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    party = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField(help_text="The workflow's steps, for the counsellor only (null for the "
                                                        "head teacher and the family).")
    family_request = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()

    def get_party(self, case) -> str:
        return self.context["party"]

    def get_family_request(self, case) -> str:
        return "" if self.context["party"] == Party.HEAD_TEACHER else case.family_request

    @extend_schema(responses=CaseStepSerializer(many=True, allow_null=True))
    def get_steps(self, case) -> list[dict] | None:
        if self.context["party"] != Party.COUNSELLOR:
            return None
        return list(CaseStepSerializer(case.steps.select_related("by").order_by("at", "pk"), many=True).data)

    @extend_schema(responses=CaseTaskSerializer(many=True))
    def get_tasks(self, case) -> list[dict]:
        return list(CaseTaskSerializer(selectors.case_tasks(case, self.context["party"]), many=True).data)

    @extend_schema(responses=CaseMessageSerializer(many=True))
    def get_messages(self, case) -> list[dict]:
        return list(CaseMessageSerializer(selectors.case_messages(case, self.context["party"]), many=True).data)


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The message (the family's reply, or the counsellor's to the family).")


class CaseStepRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.TRANSITIONS))
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Why; required to reopen.")
    summary = serializers.CharField(required=False, allow_blank=True, default="", help_text="Required to close.")


class TaskDoneSerializer(serializers.Serializer):
    task = IdField(help_text="The task's id (one of the case's tasks for the caller's party).")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """The follow-up cases the caller takes part in, live ones first; a case's detail is the caller's part."""

    queryset = Case.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = CaseSerializer
    capability = "cases.view"
    object_type = "wellbeing_case"

    def get_queryset(self):
        return selectors.case_list(self.actor, status=self.request.query_params.get("status", ""))

    def _detail(self, case, party) -> dict:
        return CaseDetailSerializer(case, context={"party": str(party)}).data

    @extend_schema(responses=CaseDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        case, party = selectors.case_detail(self.actor, self.kwargs["pk"])
        access_log_record(self.actor, "view", self.object_type, case.pk, request=request,
                          detail={"api": True, "party": str(party)})
        return Response(self._detail(case, party))

    @extend_schema(request=ReplySerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        case, party = selectors.case_detail(self.actor, pk)
        body = ReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.message_post(actor=self.actor, case=case, text=body.validated_data["text"])
        return Response(self._detail(case, party))

    @extend_schema(request=CaseStepRequestSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """The counsellor takes the case's next step (the same workflow as the page)."""
        self.actor.require("cases.manage")
        case, party = selectors.case_detail(self.actor, pk)
        body = CaseStepRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = services.case_step(actor=self.actor, case=case, **body.validated_data)
        return Response(self._detail(case, party))

    @extend_schema(request=TaskDoneSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="task-done")
    def task_done(self, request, pk=None):
        case, party = selectors.case_detail(self.actor, pk)
        body = TaskDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = selectors.case_task(self.actor, case, party, body.validated_data["task"])
        services.task_done(actor=self.actor, task=task, note=body.validated_data["note"])
        return Response(self._detail(case, party))
