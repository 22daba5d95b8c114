"""What several parts of the elders app share: small checks of the services (inspections, training,
welfare), fields of their forms, and small helpers of their views (access, lists, where a form returns to)."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.web import PAGE_SIZE, log_list, paginate, query_without_page

from .rules import can

T = TypeVar("T")

# services

COMMENT_MAX = 2000


def add_error(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def clean_text(errors: dict, model, field: str, value: str, *, required: str | None = None) -> str:
    """Strip a text; a required one must be there; none may be longer than its column."""
    value = (value or "").strip()
    if required and not value:
        add_error(errors, field, required)
    limit = model._meta.get_field(field).max_length or COMMENT_MAX
    if len(value) > limit:
        add_error(errors, field, _("At most %(n)d characters.") % {"n": limit})
    return value


def committee_only(actor: Actor) -> None:
    """Welfare and training are the committee's: others get a 404."""
    if not actor.can("elders.manage"):
        raise Http404


def delete_files(names: list[str], storage) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone; the refusal itself matters more than a leftover
            continue


def not_future(errors: dict, field: str, day: dt.date | None, message: str) -> None:
    if day is not None and day > timezone.localdate():
        add_error(errors, field, message)


# forms

ALL = [("", gettext_lazy("All"))]


class ElderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# views


def allowed(actor: Actor, rule: str, obj: T) -> T:
    """obj when the actor may do rule to it; else a 404, as for an object they cannot see at all."""
    if not can(actor, rule, obj):
        raise Http404
    return obj


def safe_next(request, default: str) -> str:
    """Where a form posted from several pages returns to: its `next` (posted, else in the query) when safe."""
    nxt = request.POST.get("next", "") or request.GET.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return default


def list_context(request, form, selector, object_type: str, *, per_page: int = PAGE_SIZE, search: bool | None = None,
                 numbered: bool = False, **log) -> dict:
    """A filtered list page: the form's filters to selector(actor, ...), a page of it, and the access-log row
    (a search when there is a text query, unless told; with the page's number when numbered; log: further
    log_list arguments). Returns the context every list template reads: form, page, query."""
    filters = form.filters()
    page = paginate(request, selector(request.actor, **filters), per_page)
    if numbered:
        log["page"] = page.number
    log_list(request, object_type, page, filters, search=bool(filters.get("q")) if search is None else search, **log)
    return {"form": form, "page": page, "query": query_without_page(request)}
