"""Pages of the scales (PSY-1), the counsellors' alone: the standard scales (read-only) and the school's
configured ones, created and changed on one page of text boxes, made ready once their bands cover every total,
copied once a screening uses them. Thin: a scoped selector reads, one service writes. Denied = 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, submit

from ..scales import Risk, spec_problems
from . import selectors, services
from .forms import ScaleForm

PREVIEW_ITEMS = 3


@actor_view("screening.manage")
def scale_list(request):
    rows = list(selectors.scales(request.actor))
    return render(request, "wellbeing/scale_list.html", {
        "standard": [s for s in rows if s.standard], "configured": [s for s in rows if not s.standard]})


@actor_view("screening.manage")
def scale_detail(request, pk: int):
    actor = request.actor
    scale = selectors.scale_detail(actor, pk)
    spec = scale.spec()
    subscales = sorted({i.subscale for i in spec.items if i.subscale})
    return render(request, "wellbeing/scale_detail.html", {
        "scale": scale, "spec": spec, "subscales": subscales,
        "items": [(i, spec.options_of(i)) for i in spec.items],
        "bands": [(b, Risk(b.risk).label) for b in spec.bands],
        "preview": [(i, spec.options_of(i)) for i in spec.items[:PREVIEW_ITEMS]],
        "used_in": selectors.used_in(actor, scale), "used": services.is_used(scale),
        "problems": [] if scale.standard or scale.ready else spec_problems(spec)})


def _form_page(request, scale=None):
    actor = request.actor
    initial = ScaleForm.initial_for(scale.spec()) if scale else {}
    form = ScaleForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda: services.scale_save(actor=actor, scale=scale, **form.service_kwargs()),
                   _("Scale saved. Check it on its page, then make it ready for screenings."))
    if saved:
        return redirect("wellbeing:scale-detail", pk=saved.pk)
    return render(request, "wellbeing/scale_form.html", {"form": form, "scale": scale}, status=form_status(request))


@actor_view("screening.manage")
def scale_new(request):
    return _form_page(request)


@actor_view("screening.manage")
def scale_edit(request, pk: int):
    scale = selectors.own_scale(request.actor, pk)
    if services.is_used(scale):
        messages.error(request, _("A screening uses this scale, so its questions cannot change any more: copy it "
                                  "and change the copy."))
        return redirect("wellbeing:scale-detail", pk=scale.pk)
    return _form_page(request, scale)


@require_POST
@actor_view("screening.manage")
def scale_copy(request, pk: int):
    actor = request.actor
    scale = selectors.scale_detail(actor, pk)
    copied: list = []
    if act(request, lambda: copied.append(services.scale_copy(actor=actor, scale=scale)),
           _("Copy made: change it and make it ready.")):
        return redirect("wellbeing:scale-edit", pk=copied[0].pk)
    return redirect("wellbeing:scale-detail", pk=scale.pk)


@require_POST
@actor_view("screening.manage")
def scale_ready(request, pk: int):
    actor = request.actor
    scale = selectors.own_scale(actor, pk)
    act(request, lambda: services.scale_ready(actor=actor, scale=scale),
        _("The scale is ready: it can be chosen for a screening."))
    return redirect("wellbeing:scale-detail", pk=scale.pk)
