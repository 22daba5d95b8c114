"""Writes of the configured scales (PSY-1): a counsellor saves a scale of their school (items, options with scores,
reverse-scored items, subscales, bands), marks it ready once its bands cover every total, or copies a scale to
change it. A standard scale never changes; a configured one is frozen once a campaign uses it (copy it instead).
Everything is written through install.write_scale, the way the standard scales are."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.validators import clean_text

from ..install import write_scale
from ..models import CampaignScale, Scale, ScaleBand, ScaleItem, ScaleOption
from ..scales import STANDARD_SCALES, BandSpec, ItemSpec, OptionSpec, ScaleSpec, spec_problems

MODELS = {"Scale": Scale, "ScaleItem": ScaleItem, "ScaleOption": ScaleOption, "ScaleBand": ScaleBand}
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MIN_SCORE, MAX_SCORE = -10, 100


def is_used(scale: Scale) -> bool:
    """Whether a campaign uses the scale: its questions are then frozen, so every answer was given to them."""
    return CampaignScale.objects.filter(scale=scale).exists()


def _require_own(actor: Actor, scale: Scale) -> Scale:
    """The configured scale of the actor's school, locked; a standard scale or another school's does not exist."""
    actor.require("screening.manage")
    return lock(Scale, scale.pk, school=actor.school, standard=False)


def standard_codes() -> set[str]:
    return {s.code for s in STANDARD_SCALES} | set(
        Scale.objects.filter(school__isnull=True).values_list("code", flat=True))


def _check_options(options: tuple[OptionSpec, ...], key: str, errors: dict, what: str) -> None:
    if len(options) < 2 or len({o.score for o in options}) != len(options):
        errors.setdefault(key, []).append(
            _("%(what)s: give at least two options, each with a different score.") % {"what": what})
    for o in options:
        if not o.label or len(o.label) > 60:
            errors.setdefault(key, []).append(
                _("%(what)s: an option's label needs 1 to 60 characters (“%(label)s”).") % {"what": what,
                                                                                          "label": o.label[:60]})
        if not MIN_SCORE <= o.score <= MAX_SCORE:
            errors.setdefault(key, []).append(
                _("%(what)s: scores go from %(low)d to %(high)d (not %(score)d).")
                % {"what": what, "low": MIN_SCORE, "high": MAX_SCORE, "score": o.score})


def _check_spec(actor: Actor, spec: ScaleSpec, scale: Scale | None) -> None:
    """What makes the scale impossible to keep (a draft may still have gaps in its bands: scale_ready says)."""
    errors: dict[str, list[str]] = {}
    if not spec.name:
        errors["name"] = [_("A name is required.")]
    elif len(spec.name) > 100:
        errors["name"] = [_("The name is too long (at most 100 characters).")]
    if not CODE.match(spec.code) or len(spec.code) > 30:
        errors["code"] = [_("The code is 1 to 30 lowercase letters, digits, - or _, e.g. school-stress.")]
    elif spec.code in standard_codes():
        errors["code"] = [_("The code “%(code)s” is a standard scale's: choose another.") % {"code": spec.code}]
    elif Scale.objects.filter(school=actor.school, code=spec.code).exclude(pk=scale.pk if scale else 0).exists():
        errors["code"] = [_("Another scale of your school has the code “%(code)s”.") % {"code": spec.code}]
    for key, value in (("instructions", spec.instructions), ("source", spec.source)):
        clean_text(value, 300, key, errors)
    _check_options(spec.options, "options", errors, _("The options"))
    if not spec.items:
        errors.setdefault("items", []).append(_("Give at least one item."))
    numbers = [i.number for i in spec.items]
    if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
        errors.setdefault("items", []).append(_("The items' numbers must be different and from 1."))
    for item in spec.items:
        what = _("Item %(n)d") % {"n": item.number}
        if not item.text or len(item.text) > 300:
            errors.setdefault("items", []).append(_("%(what)s: its text needs 1 to 300 characters.") % {"what": what})
        if len(item.subscale) > 40:
            errors.setdefault("items", []).append(_("%(what)s: a subscale's name has at most 40 characters.")
                                                  % {"what": what})
        if item.options:
            _check_options(item.options, "items", errors, what)
        if item.alert_at is not None and not 0 <= item.alert_at <= MAX_SCORE:
            errors.setdefault("items", []).append(_("%(what)s: the alert score must be from 0 to %(high)d.")
                                                  % {"what": what, "high": MAX_SCORE})
    subscales = {i.subscale for i in spec.items if i.subscale and i.scored}
    for band in spec.bands:
        if band.low > band.high:
            errors.setdefault("bands", []).append(_("The band “%(label)s” must start at or below where it ends.")
                                                  % {"label": band.label})
        if not band.label or len(band.label) > 40:
            errors.setdefault("bands", []).append(_("A band's label needs 1 to 40 characters."))
        if band.subscale and band.subscale not in subscales:
            errors.setdefault("bands", []).append(_("The band “%(label)s” is for the subscale “%(subscale)s”, "
                                                    "which no scored item belongs to.")
                                                  % {"label": band.label, "subscale": band.subscale})
    if errors:
        raise ValidationError(errors)


@audited
@transaction.atomic
def scale_save(*, actor: Actor, scale: Scale | None = None, name: str, code: str, instructions: str = "",
               source: str = "", options: Iterable[OptionSpec], items: Iterable[ItemSpec],
               bands: Iterable[BandSpec] = ()) -> Scale:
    """Create a configured scale of the actor's school (a draft), or replace a draft's or unused scale's content.
    A scale that a campaign uses cannot change: copy it. A ready scale stays ready only while it has no problem."""
    actor.require("screening.manage")
    spec = ScaleSpec(code=(code or "").strip().lower(), name=(name or "").strip(),
                     instructions=(instructions or "").strip(), options=tuple(options), items=tuple(items),
                     bands=tuple(bands), source=(source or "").strip())
    if scale is not None:
        scale = _require_own(actor, scale)
        if is_used(scale):
            raise ValidationError(_("A screening uses this scale, so its questions cannot change any more: copy it "
                                    "and change the copy."))
    _check_spec(actor, spec, scale)
    if scale is None:
        scale = Scale(school=actor.school, created_by=actor.user)
    scale.code, scale.name, scale.instructions, scale.source = spec.code, spec.name, spec.instructions, spec.source
    scale.ready = scale.ready and not spec_problems(spec)
    scale.save()
    write_scale(MODELS, spec, scale=scale)
    return scale


def _copy_code(actor: Actor, code: str) -> str:
    taken = standard_codes() | set(Scale.objects.filter(school=actor.school).values_list("code", flat=True))
    for n in range(1, 1000):
        suffix = "-copy" if n == 1 else f"-copy{n}"
        candidate = code[: 30 - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
    raise ValidationError(_("Too many copies of this scale already."))


@audited
@transaction.atomic
def scale_copy(*, actor: Actor, scale: Scale) -> Scale:
    """An editable draft copy of a standard scale or of one of the school's, named "…（副本）"."""
    actor.require("screening.manage")
    source = Scale.objects.filter(pk=scale.pk, school__isnull=True).first() or _require_own(actor, scale)
    spec = source.spec()
    suffix = "（副本）"
    copy = Scale.objects.create(school=actor.school, code=_copy_code(actor, spec.code),
                                name=spec.name[: 100 - len(suffix)] + suffix, instructions=spec.instructions,
                                source=spec.source, ready=False, created_by=actor.user)
    write_scale(MODELS, spec, scale=copy)
    return copy


@audited
@transaction.atomic
def scale_ready(*, actor: Actor, scale: Scale) -> Scale:
    """Make a configured scale available to screenings, once its bands cover every reachable total exactly once
    (scales.spec_problems); otherwise the problems, in words for the counsellor."""
    scale = _require_own(actor, scale)
    if scale.ready:
        raise ValidationError(_("This scale is already ready for screenings."))
    if problems := spec_problems(scale.spec()):
        raise ValidationError(problems)
    scale.ready = True
    scale.save(update_fields=["ready"])
    return scale
