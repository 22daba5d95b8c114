"""What several parts of the elders app share: small checks of the services (inspections, training,
welfare) and fields of their forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor

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
