"""Work plans over the API (/api/v1/plans/): plans with their sections and tasks (read), the task lists (mine, my
departments', all), the progress report and a task's evidence (photos and files: listed to those who see the task,
added by those who report its progress, removed by their uploader or the committee). The same selectors, services
and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField, query_id

from . import selectors, services
from .models import PlanStatus, PlanTask, TaskEvidence, TaskStatus, WorkPlan, lines_of
from .rules import can


# Choice sets documented by a pattern, not an "enum": spectacular gathers enums by field name into shared
# components, and "status" is a name many apps' choice sets use (a naming collision is a schema warning).
@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(PlanStatus.values)})$",
                      "description": "draft or adopted"})
class PlanStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=PlanStatus.choices, **kwargs)


@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(TaskStatus.values)})$",
                      "description": "not_started, in_progress, done or dropped"})
class TaskStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=TaskStatus.choices, **kwargs)


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TaskRowSerializer(serializers.ModelSerializer):
    status = TaskStatusField(read_only=True)
    owner_name = serializers.CharField(source="owner.display_name", default=None, read_only=True)
    departments = DepartmentRefSerializer(many=True, read_only=True)
    measures = serializers.ListField(child=serializers.CharField(), source="measure_list", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanTask
        fields = ["id", "order", "title", "measures", "owner", "owner_name", "departments", "deadline",
                  "expected_evidence", "status", "percent", "overdue", "last_update_note", "updated_at"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context.get("today"))


class TaskSerializer(TaskRowSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    section = serializers.IntegerField(source="section_id", read_only=True)
    section_title = serializers.CharField(source="section.title", read_only=True)

    class Meta(TaskRowSerializer.Meta):
        fields = ["id", "plan", "plan_title", "section", "section_title", *TaskRowSerializer.Meta.fields]
        read_only_fields = fields


class TaskDetailSerializer(TaskSerializer):
    activities = serializers.SerializerMethodField()

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "activities"]
        read_only_fields = fields

    def get_activities(self, obj) -> list[int]:
        return [a.pk for a in obj.activities.all()]


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    tasks = serializers.SerializerMethodField()

    @extend_schema_field(TaskRowSerializer(many=True))
    def get_tasks(self, obj) -> list[dict]:
        return list(TaskRowSerializer(obj.tasks.all(), many=True, context=self.context).data)


class PlanSerializer(serializers.ModelSerializer):
    status = PlanStatusField(read_only=True)
    tasks_total = serializers.IntegerField(source="n_tasks", read_only=True)
    tasks_done = serializers.IntegerField(source="n_done", read_only=True)
    tasks_overdue = serializers.IntegerField(source="n_overdue", read_only=True)

    class Meta:
        model = WorkPlan
        fields = ["id", "title", "subtitle", "year", "status", "template", "tasks_total", "tasks_done",
                  "tasks_overdue", "updated_at"]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    principles = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "intro", "guiding_ideas", "principles", "goals", "copied_from",
                  "sections"]
        read_only_fields = fields

    def get_principles(self, obj) -> list[str]:
        return lines_of(obj.principles)

    def get_goals(self, obj) -> list[str]:
        return lines_of(obj.goals)

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj) -> list[dict]:
        return list(SectionSerializer(selectors.plan_sections(obj), many=True, context=self.context).data)


class PlanViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The plans of the school: the committee sees drafts too, other staff the adopted plans."""

    queryset = WorkPlan.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "plans.view"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.plan_list(self.actor)

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class ProgressSerializer(serializers.Serializer):
    status = TaskStatusField()
    percent = serializers.IntegerField(help_text="0 to 100; done is 100, 100 marks an open task done.")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Required when the task is dropped.")
    activities = serializers.ListField(child=IdField(), required=False,
                                       help_text="Activity ids of the school: replaces the linked activities.")


class TaskEvidenceSerializer(serializers.ModelSerializer):
    # a plain string, not an enum: "kind" is a choice set's name in many apps (a naming collision in the schema)
    kind = serializers.CharField(help_text="photo or file.")
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", default=None)
    removable = serializers.SerializerMethodField(help_text="The caller may remove it: its uploader or the "
                                                            "committee.")

    class Meta:
        model = TaskEvidence
        fields = ["id", "kind", "name", "content_type", "size", "uploaded_by", "uploaded_at", "removable"]

    def get_removable(self, obj) -> bool:
        return can(self.context["actor"], "remove_evidence", obj)


class EvidenceUploadSerializer(serializers.Serializer):
    photos = serializers.ListField(child=serializers.FileField(), required=False,
                                   help_text="Photos (multipart, the field repeated): JPEG, PNG or WebP, checked, "
                                             "turned upright, resized and without their metadata.")
    documents = serializers.ListField(child=serializers.FileField(), required=False,
                                      help_text="Files (multipart, the field repeated): PDF, Word, Excel, PowerPoint "
                                                "or a picture, their type and content checked. One refused upload "
                                                "keeps all of them out.")


class TaskViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks of the plans the actor sees; `scope` narrows to mine, my departments' (heads) or all (the
    committee). Progress is reported by the owner, a head of one of its departments or the committee."""

    queryset = PlanTask.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "plans.view"
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):
        return TaskDetailSerializer if self.action in ("retrieve", "progress") else TaskSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_queryset(self):
        if self.action != "list":
            return PlanTask.objects.filter(plan__in=selectors.plans(self.actor)).select_related(
                "plan", "section", "owner").prefetch_related("departments", "activities")
        p = self.request.query_params
        scope = p.get("scope", "")
        if scope and scope not in selectors.SCOPES:
            raise DRFValidationError({"scope": _("Choose one of: %(allowed)s.") % {
                "allowed": "、".join(selectors.SCOPES)}})
        return selectors.api_tasks(self.actor, scope, status=p.get("status", ""),
                                   overdue=p.get("overdue", "") in ("1", "true"),
                                   plan=query_id(p, "plan"))

    def get_object(self):
        from django.http import Http404

        from .rules import can

        task = super().get_object()
        if not can(self.actor, "view_task", task):
            raise Http404
        return task

    @extend_schema(parameters=[
        OpenApiParameter("scope", str, enum=list(selectors.SCOPES),
                         description="mine, department (a department head's) or all (the committee)"),
        OpenApiParameter("status", str, enum=list(TaskStatus.values)),
        OpenApiParameter("overdue", bool), OpenApiParameter("plan", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ProgressSerializer, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        from xinhuo.activities.selectors import activities_of_school

        task = self.get_object()
        body = ProgressSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        activities = None
        if "activities" in d:
            ids = set(d["activities"])
            activities = list(selectors.activity_choices(task.plan).filter(pk__in=ids))
            if len(activities) != len(ids):
                found = set(activities_of_school(self.actor.school).filter(pk__in=ids).values_list("pk", flat=True))
                raise DRFValidationError({"activities": [
                    _("Choose activities of this school within the plan's school year.") if found == ids
                    else _("Choose activities of this school.")]})
        services.task_progress(actor=self.actor, task=task, status=d["status"], percent=d["percent"],
                               note=d.get("note", ""), activities=activities)
        task = self.get_queryset().get(pk=task.pk)
        return Response(TaskDetailSerializer(task, context=self.get_serializer_context()).data)

    # the evidence that a task was done (工作佐证)

    def _evidence_answer(self, rows, code=status.HTTP_200_OK) -> Response:
        return Response(TaskEvidenceSerializer(rows, many=True, context={"actor": self.actor}).data, status=code)

    @extend_schema(methods=["GET"], responses=TaskEvidenceSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": EvidenceUploadSerializer},
                   responses={201: TaskEvidenceSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], pagination_class=None,
            parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        """The task's photos and files. POST (whoever reports the task's progress: its owner, a head of one of its
        departments, the committee): add photos and files, as on the task's page; the answer is what was added."""
        task = self.get_object()
        if request.method != "POST":
            return self._evidence_answer(task.evidence.select_related("uploaded_by"))
        if not can(self.actor, "update_task", task):
            raise Http404
        added = services.evidence_add(actor=self.actor, task=task, photos=request.FILES.getlist("photos"),
                                      documents=request.FILES.getlist("documents"))
        return self._evidence_answer(added, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, parameters=[
        OpenApiParameter("evidence_pk", int, OpenApiParameter.PATH, description="The photo's or file's id.")])
    @action(detail=True, methods=["delete"], url_path=r"evidence/(?P<evidence_pk>[0-9]+)",
            url_name="evidence-remove")
    def evidence_remove(self, request, pk=None, evidence_pk=None):
        """Remove a photo or file (its uploader, the committee)."""
        task = self.get_object()
        item = selectors.evidence_detail(self.actor, int(evidence_pk))
        if item.task_id != task.pk:
            raise Http404
        services.evidence_remove(actor=self.actor, evidence=item)
        return Response(status=status.HTTP_204_NO_CONTENT)
