"""The access log as a director reads it (issue 20): who looked at which person's what, when, from where, in words.

Each row of `AccessLog` names a kind (object_type, and a field for some) and an id. The apps say in their manifests
what each kind is (registry.AccessKind): its label, and for a kind whose id is a record, the model and the path to
the name of the person (or club, activity) it is about. This module turns rows into `Entry`s with one query per
model on a page, whatever the rows; filters by viewer, by the person looked at (by name), by date and by kind; and
writes the filtered rows to a workbook for an inspection. Core imports no app: models are found by label."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from . import registry
from .access import Actor
from .forms import BootstrapMixin, FastSelect, date_input
from .models import AccessLog, User

NAME_MAX = 40  # a name longer than this (a meeting's topics) is cut on the page and in the workbook
EXPORT_MAX = 50_000  # rows in one workbook: an inspection narrows by date or person beyond that
CHUNK = 1000


# --- kinds --------------------------------------------------------------------------------------------------------


def kind_of(object_type: str, field: str = "") -> registry.AccessKind | None:
    """The declared kind of a row: "object_type:field" when declared, else object_type's."""
    kinds = registry.access_kinds()
    return (kinds.get(f"{object_type}:{field}") if field else None) or kinds.get(object_type)


def subject_of(object_type: str, field: str = "") -> tuple[str, str] | None:
    """(model label, name path) of whose record a row's id is, or None when the id names no one (a list)."""
    kinds = registry.access_kinds()
    for kind in (kinds.get(f"{object_type}:{field}") if field else None, kinds.get(object_type)):
        if kind is not None and kind.model:
            return kind.model, kind.name
    return None


def kind_choices() -> list[tuple[str, str]]:
    """The kinds a list may be filtered by (object types, not their fields), by label."""
    rows = [(key, str(kind.label)) for key, kind in registry.access_kinds().items() if ":" not in key]
    return sorted(rows, key=lambda r: r[1])


def _manner(row: AccessLog) -> str:
    verbs: dict[str, str] = {
        AccessLog.Action.VIEW: _("Viewed"),
        AccessLog.Action.LIST: _("Listed"),
        AccessLog.Action.SEARCH: _("Searched"),
        AccessLog.Action.EXPORT: _("Exported"),
        AccessLog.Action.REVEAL: _("Revealed in full"),
    }
    parts = [verbs.get(row.action, row.action)]
    detail = row.detail if isinstance(row.detail, dict) else {}
    filters = detail.get("filters")
    if not isinstance(filters, dict):
        filters = {}
    if filters.get("q"):  # what was searched for matters to an inspection: who looked for which name
        parts.append(_("for “%(q)s”") % {"q": str(filters["q"])[:60]})
    count = detail.get("count")
    if isinstance(count, int) and row.action != AccessLog.Action.VIEW:
        parts.append(ngettext("%(n)d record", "%(n)d records", count) % {"n": count})
    if detail.get("api"):
        parts.append(_("through the API"))
    return " · ".join(parts)


# --- entries ------------------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One row as the page and the workbook show it."""

    pk: int
    at: dt.datetime
    viewer: str
    viewer_id: int | None
    person: str  # whose record ("" for a list, or a record no longer there)
    what: str  # the kind's label
    manner: str
    ip: str
    object_id: str


def _names(rows: list[AccessLog]) -> dict[tuple[str, str, str], str]:
    """(model, name path, id) -> name for the rows' subjects: one query per model and path among the rows."""
    wanted: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in rows:
        subject = subject_of(row.object_type, row.field)
        if subject and row.object_id.isdigit():
            wanted[subject].add(int(row.object_id))
    found: dict[tuple[str, str, str], str] = {}
    for (label, path), ids in wanted.items():
        model = apps.get_model(label)
        for pk, name in model._default_manager.filter(pk__in=ids).values_list("pk", path):
            if name:
                found[label, path, str(pk)] = name if len(name) <= NAME_MAX else name[: NAME_MAX - 1] + "…"
    return found


def entries(rows: Iterable[AccessLog]) -> list[Entry]:
    """The rows (with their user selected) in words."""
    rows = list(rows)
    names = _names(rows)
    out = []
    for row in rows:
        kind = kind_of(row.object_type, row.field)
        subject = subject_of(row.object_type, row.field)
        person = names.get((*subject, row.object_id), "") if subject else ""
        what = str(kind.label) if kind else _("Other record (%(code)s)") % {"code": row.object_type}
        viewer = row.user.display_name if row.user is not None else _("Command line")
        out.append(Entry(pk=row.pk, at=row.at, viewer=viewer, viewer_id=row.user_id, person=person, what=what,
                         manner=_manner(row), ip=row.ip or "", object_id=row.object_id))
    return out


# --- filters ------------------------------------------------------------------------------------------------------


def person_filter(q: str) -> Q:
    """Rows whose record belongs to someone whose name contains `q`: for each declared model and name path, the
    rows of its kinds whose id is among the matching records (one subquery each, in the rows' query)."""
    by_subject: dict[tuple[str, str], list[Q]] = defaultdict(list)
    kinds = registry.access_kinds()
    for key in kinds:
        object_type, _sep, field = key.partition(":")
        subject = subject_of(object_type, field)
        if subject is None:
            continue
        if field:
            if subject != subject_of(object_type):  # else the object_type's own condition covers it
                by_subject[subject].append(Q(object_type=object_type, field=field))
        else:
            # the fields of this kind that name another model are not this model's ids
            other = [k.partition(":")[2] for k in kinds if k.startswith(f"{object_type}:")
                     and subject_of(object_type, k.partition(":")[2]) != subject]
            by_subject[subject].append(Q(object_type=object_type) & ~Q(field__in=other))
    cond = Q(pk__in=[])
    for (label, path), rows in by_subject.items():
        model = apps.get_model(label)
        ids = (model._default_manager.filter(**{f"{path}__icontains": q})
               .annotate(key=Cast("pk", output_field=CharField())).values("key"))
        either = Q(pk__in=[])
        for row in rows:
            either |= row
        cond |= either & Q(object_id__in=ids)
    return cond


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def log_rows(actor: Actor, *, person: str = "", viewer: str = "", user: int | None = None, kind: str = "",
             action: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[AccessLog]:
    """The school's access log (logs.view), newest first, filtered; the user selected."""
    actor.require("logs.view")
    qs = AccessLog.objects.filter(school=actor.school).select_related("user").order_by("-at", "-pk")
    if user:
        qs = qs.filter(user_id=user)
    if viewer:
        qs = qs.filter(Q(user__full_name__icontains=viewer) | Q(user__username__iexact=viewer))
    if kind:
        qs = qs.filter(object_type=kind)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if person:
        qs = qs.filter(person_filter(person))
    return qs


def viewer(actor: Actor, pk: int) -> User | None:
    """A viewer the list is narrowed to: a user with rows in this school's log."""
    actor.require("logs.view")
    return User.objects.filter(pk=pk, pk__in=AccessLog.objects.filter(school=actor.school, user_id=pk)
                               .values("user_id")[:1]).first()


class AccessLogFilterForm(BootstrapMixin, forms.Form):
    person = forms.CharField(label=gettext_lazy("Person looked at"), required=False, max_length=40,
                             help_text=gettext_lazy("Part of a name: a student, a parent, an elder, a club…"))
    viewer = forms.CharField(label=gettext_lazy("Viewer"), required=False, max_length=40)
    kind = forms.ChoiceField(label=pgettext_lazy("access log", "What"), required=False, widget=FastSelect)
    action = forms.ChoiceField(label=pgettext_lazy("access log", "How"), required=False, widget=FastSelect)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=date_input())
    user = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", gettext_lazy("All"))]
        self.fields["kind"].choices = every + kind_choices()  # type: ignore[attr-defined]
        self.fields["action"].choices = every + list(AccessLog.Action.choices)  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> dict:
        """The valid filters as log_rows' arguments (none when the form has errors: the page says which)."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data or {}
        return {"person": d.get("person", "").strip(), "viewer": d.get("viewer", "").strip(), "user": d.get("user"),
                "kind": d.get("kind") or "", "action": d.get("action") or "", "date_from": d.get("date_from"),
                "date_to": d.get("date_to")}


# --- the workbook -------------------------------------------------------------------------------------------------


def _chunks(qs: QuerySet[AccessLog]) -> Iterator[list[Entry]]:
    batch: list[AccessLog] = []
    for row in qs.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            yield entries(batch)
            batch = []
    if batch:
        yield entries(batch)


def workbook(qs: QuerySet[AccessLog], *, title: str) -> io.BytesIO:
    """The rows in words, one sheet, for an inspection: the page's columns and the record's number."""
    from openpyxl import Workbook

    from .excel import cell, header_cells

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for col, width in zip("ABCDEFG", (20, 14, 16, 28, 26, 16, 10), strict=True):
        ws.column_dimensions[col].width = width
    ws.append(header_cells(ws, [_("Time"), _("Viewer"), _("Person looked at"), pgettext("access log", "What"),
                                pgettext("access log", "How"), _("From IP"), _("Record number")]))
    local = timezone.get_current_timezone()
    for batch in _chunks(qs):
        for e in batch:
            ws.append([cell(ws, timezone.localtime(e.at, local).strftime("%Y-%m-%d %H:%M:%S"), text=True),
                       cell(ws, e.viewer), cell(ws, e.person), cell(ws, e.what), cell(ws, e.manner),
                       cell(ws, e.ip, text=True), cell(ws, e.object_id, text=True)])
    out = io.BytesIO()
    wb.save(out)
    return out
