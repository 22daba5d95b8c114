"""The builder's forms. They only parse what was typed (one option, row or label per line; a condition as an
earlier question and the numbers of its answers); the services check the rules and say what is wrong."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.forms import BootstrapMixin, datetime_input
from xinhuo.core.models import Grade, SchoolClass

from .. import questions as qs
from ..models import Purpose, Question, Survey, SurveyStatus
from ..services import WIDE_ROLES


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SurveyForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100,
                            help_text=gettext_lazy("For example 2026年秋季学生满意度调查."))
    intro = forms.CharField(label=gettext_lazy("Introduction"), max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=gettext_lazy("What respondents read before the first question."))
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=Purpose.choices, initial=Purpose.GENERAL,
                                help_text=gettext_lazy("Satisfaction and effect surveys feed the committee's "
                                                       "indicators."))
    anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous"), required=False, initial=True,
        help_text=gettext_lazy("An anonymous survey keeps no name, class or time of day beside the answers. "
                               "Respondents are told before they start, and it cannot change once the survey is "
                               "published."))
    for_students = forms.BooleanField(label=gettext_lazy("Students"), required=False)
    grades = forms.ModelMultipleChoiceField(label=gettext_lazy("Grades"), queryset=Grade.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    classes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Classes"), queryset=SchoolClass.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("No grade or class chosen: every student of the school."))
    for_parents = forms.BooleanField(label=gettext_lazy("Parents"), required=False)
    parent_classes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Parents of the classes"), queryset=SchoolClass.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=gettext_lazy("No class chosen: every parent."))
    for_elders = forms.BooleanField(label=gettext_lazy("Elders (五老)"), required=False)
    for_teachers = forms.BooleanField(label=gettext_lazy("Teachers"), required=False)
    opens_at = forms.DateTimeField(label=gettext_lazy("Opens at"), widget=datetime_input())
    closes_at = forms.DateTimeField(label=gettext_lazy("Closes at"), widget=datetime_input())

    AUDIENCE = ("for_students", "grades", "classes", "for_parents", "parent_classes", "for_elders", "for_teachers")

    def __init__(self, *args, actor: Actor, survey: Survey | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        classes = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related(
            "grade").order_by("grade__level", "number")
        wide = not actor.roles.isdisjoint(WIDE_ROLES)
        if not wide:  # a head teacher surveys their own classes and their families
            classes = classes.filter(pk__in=actor.class_ids)
            for name in ("grades", "for_elders", "for_teachers"):
                del self.fields[name]
        else:
            self.fields["grades"].queryset = Grade.objects.filter(  # type: ignore[attr-defined]
                school=actor.school).order_by("level")
        self.fields["classes"].queryset = classes  # type: ignore[attr-defined]
        self.fields["parent_classes"].queryset = classes  # type: ignore[attr-defined]
        self.activity_survey = survey is not None and survey.activity_id is not None
        if self.activity_survey:
            for name in self.AUDIENCE:
                self.fields.pop(name, None)
        if survey is not None and survey.status != SurveyStatus.DRAFT:
            # what respondents were told stays: shown, not editable (the service would refuse a change)
            for name in (*self.AUDIENCE, "purpose", "anonymous", "opens_at"):
                if name in self.fields:
                    self.fields[name].disabled = True

    @staticmethod
    def initial_for(survey: Survey | None) -> dict:
        if survey is None:
            now = timezone.localtime().replace(second=0, microsecond=0)
            return {"anonymous": True, "purpose": Purpose.GENERAL, "opens_at": now,
                    "closes_at": now + dt.timedelta(days=14)}
        return {"title": survey.title, "intro": survey.intro, "purpose": survey.purpose,
                "anonymous": survey.anonymous, "for_students": survey.for_students,
                "grades": [g.pk for g in survey.grades.all()], "classes": [c.pk for c in survey.classes.all()],
                "for_parents": survey.for_parents,
                "parent_classes": [c.pk for c in survey.parent_classes.all()], "for_elders": survey.for_elders,
                "for_teachers": survey.for_teachers, "opens_at": timezone.localtime(survey.opens_at),
                "closes_at": timezone.localtime(survey.closes_at)}

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        out = {"title": d["title"], "intro": d["intro"], "purpose": d["purpose"], "anonymous": d["anonymous"],
               "opens_at": d["opens_at"], "closes_at": d["closes_at"]}
        for name in self.AUDIENCE:
            if name in self.fields:
                value = d.get(name)
                out[name] = bool(value) if name.startswith("for_") else list(value or [])
        return out


_NUMBERS = re.compile(r"^\s*\d+(\s*[,，、\s]\s*\d+)*\s*$")


class QuestionForm(BootstrapMixin, forms.Form):
    """One question (or a section heading, or a page break) and its condition, usable without JavaScript: the
    fields a kind does not use are left empty and ignored."""

    kind = forms.ChoiceField(label=pgettext_lazy("question", "Type"), choices=qs.Kind.choices, initial=qs.Kind.SINGLE)
    text = forms.CharField(label=gettext_lazy("Question"), max_length=300, required=False,
                           help_text=gettext_lazy("A section heading: its title. A page break needs none."))
    help_text = forms.CharField(label=gettext_lazy("Help text"), max_length=300, required=False)
    required = forms.BooleanField(label=pgettext_lazy("question", "Required"), required=False)
    options = forms.CharField(label=gettext_lazy("Options"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=gettext_lazy("Single and multiple choice, ranking: one option per line."))
    min_choices = forms.IntegerField(label=gettext_lazy("Least choices"), required=False, min_value=0,
                                     help_text=gettext_lazy("Multiple choice only; empty: no limit."))
    max_choices = forms.IntegerField(label=gettext_lazy("Most choices"), required=False, min_value=1)
    points = forms.IntegerField(label=pgettext_lazy("scale", "Points"), required=False, min_value=1, max_value=10,
                                help_text=gettext_lazy("Likert and matrix: 5 or 7. Rating: 3 to 10."))
    labels = forms.CharField(label=gettext_lazy("Point labels"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("One per point, lowest first; empty: the usual ones "
                                                    "(disagree … agree, or the numbers)."))
    rows = forms.CharField(label=gettext_lazy("Matrix rows"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("Matrix only: one row per line, each answered on the scale."))
    min_value = forms.FloatField(label=gettext_lazy("Smallest number"), required=False)
    max_value = forms.FloatField(label=gettext_lazy("Largest number"), required=False)
    cond_key = forms.ChoiceField(label=gettext_lazy("Show only when"), required=False,
                                 help_text=gettext_lazy("An earlier question whose answer shows this one; empty: "
                                                        "always shown."))
    cond_values = forms.CharField(
        label=gettext_lazy("is answered with"), required=False, max_length=100,
        help_text=gettext_lazy("The numbers of the answers, separated by commas, e.g. 1,3: for a choice question "
                               "the options' numbers (1 = the first), for a Likert or rating question the points."))
    cond_min = forms.FloatField(label=gettext_lazy("or, for a number question, at least"), required=False)
    cond_max = forms.FloatField(label=gettext_lazy("and at most"), required=False)

    def __init__(self, *args, earlier: Sequence[Question] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.earlier = {q.key: q for q in earlier if q.kind in qs.CONDITIONAL}
        numbers = number_items(earlier)
        self.fields["cond_key"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (q.key, f"Q{numbers[q.key]} · {q.text[:40]}") for q in self.earlier.values()]

    @staticmethod
    def initial_for(question: Question, earlier: Sequence[Question] = ()) -> dict:
        initial = {"kind": question.kind, "text": question.text, "help_text": question.help_text,
                   "required": question.required, "options": "\n".join(question.options or []),
                   "rows": "\n".join(question.rows or []), "labels": "\n".join(question.labels or []),
                   "points": question.points, "min_choices": question.min_choices,
                   "max_choices": question.max_choices, "min_value": question.min_value,
                   "max_value": question.max_value}
        cond = question.show_if or {}
        if cond:
            initial["cond_key"] = cond.get("key", "")
            initial["cond_min"], initial["cond_max"] = cond.get("min"), cond.get("max")
            values = cond.get("values") or []
            target = next((q for q in earlier if q.key == cond.get("key")), None)
            if target is not None and target.kind in (qs.Kind.SINGLE, qs.Kind.MULTIPLE):
                values = [v + 1 for v in values]  # shown from 1, as typed
            initial["cond_values"] = ",".join(str(v) for v in values)
        return initial

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        key = data.get("cond_key") or ""
        target = self.earlier.get(key)
        data["show_if"] = None
        if target is None:
            return data
        if target.kind == qs.Kind.NUMBER:
            low, high = data.get("cond_min"), data.get("cond_max")
            data["show_if"] = {"key": key, **({"min": low} if low is not None else {}),
                               **({"max": high} if high is not None else {})}
            return data
        text = data.get("cond_values") or ""
        if not _NUMBERS.match(text):
            self.add_error("cond_values", _("Write the numbers of the answers that show this question, separated "
                                            "by commas, e.g. 1,3."))
            return data
        values = [int(v) for v in re.findall(r"\d+", text)]
        if target.kind in (qs.Kind.SINGLE, qs.Kind.MULTIPLE):
            if any(not 1 <= v <= len(target.options) for v in values):
                self.add_error("cond_values", _("“%(question)s” has options 1 to %(n)d.") % {
                    "question": target.text[:40], "n": len(target.options)})
                return data
            values = [v - 1 for v in values]  # typed from 1, kept as the option's index
        data["show_if"] = {"key": key, "values": sorted(set(values))}
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"kind": d["kind"], "text": d["text"], "help_text": d["help_text"], "required": d["required"],
                "options": _lines(d["options"]), "rows": _lines(d["rows"]), "labels": _lines(d["labels"]),
                "points": d["points"], "min_choices": d["min_choices"], "max_choices": d["max_choices"],
                "min_value": d["min_value"], "max_value": d["max_value"], "show_if": d["show_if"]}


def number_items(items: Sequence[Question]) -> dict[str, int]:
    """Question key -> its number as respondents count (Q1, Q2, …): section headings and page breaks not counted."""
    out: dict[str, int] = {}
    for q in items:
        if q.kind not in qs.LAYOUT:
            out[q.key] = len(out) + 1
    return out


class MoveForm(forms.Form):
    by = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int,
                                error_messages={"required": gettext_lazy("Move a question up or down."),
                                                "invalid_choice": gettext_lazy("Move a question up or down.")})

