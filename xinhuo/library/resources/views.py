"""Pages of the resource library (RES-1): the home page (collections, latest, most viewed, my favourites), the list
with its filters, a resource (its player, document, picture, article or link; rating, favourite, used-in links) and
its file (video and audio streamed with ranges so a phone can seek), the contributor's form, the collections and
their management. Thin: a scoped selector, one service, a response; denied objects are 404. No access-log rows: a
resource is not personal data."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    paginate,
    query_without_page,
    stream_file,
    stream_ranged,
    submit,
)

from . import selectors, services
from .forms import CollectionForm, RateForm, ResourceFilterForm, ResourceForm, UsedInForm
from .models import ResourceKind
from .rules import can


@actor_view("library.view")
def home(request):
    actor = request.actor
    return render(request, "library/resources/home.html", {
        "collections": [c for c in selectors.collections(actor) if c.visible_count],  # type: ignore[attr-defined]
        "latest": selectors.latest(actor), "most_viewed": selectors.most_viewed(actor),
        "favourites": selectors.my_favourites(actor), "contributes": actor.can("library.contribute"),
        "manages": actor.can("library.manage"), "mine": actor.can("library.contribute")})


@actor_view("library.view")
def resource_list(request):
    actor = request.actor
    form = ResourceFilterForm(request.GET or None, collections=selectors.collections(actor))
    filters = form.filters()
    mine = request.GET.get("mine") == "1"
    order = "views" if request.GET.get("order") == "views" else ""
    page = paginate(request, selectors.resource_list(actor, mine=mine, order=order, **filters))
    return render(request, "library/resources/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "mine": mine,
        "contributes": actor.can("library.contribute")})


@actor_view("library.view")
def resource_detail(request, pk: int):
    actor = request.actor
    resource = selectors.resource_detail(actor, pk)
    services.view_record(actor=actor, resource=resource)
    edits = can(actor, "edit_resource", resource)
    used_in = selectors.used_in(actor, resource)
    return render(request, "library/resources/detail.html", {
        "resource": resource, "rating": selectors.rating_of(resource),
        "my_rating": selectors.my_rating(actor, resource),
        "favourite": selectors.is_favourite(actor, resource), "edits": edits, "used_in": used_in,
        "collections": selectors.resource_collections(resource), "media_type": (
            services.content_type(resource) if resource.is_media else ""),
        "used_in_form": UsedInForm(activities=selectors.usable_activities(actor),
                                   sessions=selectors.usable_sessions(actor)) if edits else None})


@actor_view("library.view")
def resource_file(request, pk: int):
    """The resource's file to whoever may see it: video and audio with ranges (a phone seeks), a picture inline (a
    placeholder until the worker has re-encoded it), a document as a download."""
    resource = selectors.resource_detail(request.actor, pk)
    if not resource.file:
        raise Http404
    if resource.kind in (ResourceKind.VIDEO, ResourceKind.AUDIO):
        return stream_ranged(request, resource.file, services.content_type(resource))
    if resource.kind == ResourceKind.IMAGE:
        return stream_file(resource.file)
    return stream_file(resource.file, download_name=resource.file_name or None)


def _save_form(request, resource=None):
    actor = request.actor
    initial = ResourceForm.initial_for(resource) if resource else None
    form = ResourceForm(request.POST or None, request.FILES or None, initial=initial, school=actor.school)
    saved = submit(request, form, lambda: services.resource_save(actor=actor, resource=resource, **form.cleaned_data),
                   _("The resource is saved."))
    if saved:
        return redirect("library:resources-detail", saved.pk)
    return render(request, "library/resources/form.html", {"form": form, "resource": resource},
                  status=form_status(request))


@actor_view("library.contribute")
def resource_create(request):
    return _save_form(request)


@actor_view("library.contribute")
def resource_edit(request, pk: int):
    return _save_form(request, selectors.editable(request.actor, pk))


@require_POST
@actor_view("library.view")
def resource_favourite(request, pk: int):
    actor = request.actor
    resource = selectors.resource_detail(actor, pk)
    act(request, lambda: services.favourite_toggle(actor=actor, resource=resource),
        lambda on: _("Added to your favourites.") if on else _("Taken out of your favourites."))
    return redirect("library:resources-detail", resource.pk)


@require_POST
@actor_view("library.view")
def resource_rate(request, pk: int):
    actor = request.actor
    resource = selectors.resource_detail(actor, pk)
    form = RateForm(request.POST)
    act(request, lambda: services.resource_rate(actor=actor, resource=resource, stars=form.cleaned_data["stars"]),
        _("Thank you for your rating."), form=form)
    return redirect("library:resources-detail", resource.pk)


@require_POST
@actor_view("library.contribute")
def used_in_add(request, pk: int):
    actor = request.actor
    resource = selectors.editable(actor, pk)
    form = UsedInForm(request.POST, activities=selectors.usable_activities(actor),
                      sessions=selectors.usable_sessions(actor))
    act(request, lambda: services.used_in_add(actor=actor, resource=resource, **form.cleaned_data),
        _("The link is added."), form=form)
    return redirect("library:resources-detail", resource.pk)


@require_POST
@actor_view("library.contribute")
def used_in_remove(request, pk: int, link: int):
    actor = request.actor
    resource = selectors.editable(actor, pk)
    services.used_in_remove(actor=actor, resource=resource, link_id=link)
    return redirect("library:resources-detail", resource.pk)


@actor_view("library.view")
def collection_detail(request, pk: int):
    actor = request.actor
    collection = selectors.collection_detail(actor, pk)
    page = paginate(request, selectors.collection_resources(actor, collection), per_page=50)
    return render(request, "library/resources/collection.html", {
        "collection": collection, "page": page, "query": query_without_page(request),
        "manages": actor.can("library.manage")})


@actor_view("library.manage")
def collections(request):
    actor = request.actor
    form = CollectionForm(request.POST or None)
    saved = submit(request, form, lambda: services.collection_save(actor=actor, **form.cleaned_data),
                   _("The collection is saved."))
    if saved:
        return redirect("library:resources-collections")
    return render(request, "library/resources/collections.html", {
        "form": form, "collections": selectors.collections(actor)}, status=form_status(request))


@actor_view("library.manage")
def collection_edit(request, pk: int):
    actor = request.actor
    collection = selectors.collection_detail(actor, pk)
    form = CollectionForm(request.POST or None, initial={"title": collection.title, "order": collection.order,
                                                         "description": collection.description})
    saved = submit(request, form, lambda: services.collection_save(actor=actor, collection=collection,
                                                                   **form.cleaned_data),
                   _("The collection is saved."))
    if saved:
        return redirect("library:resources-collection", collection.pk)
    return render(request, "library/resources/collection_form.html", {"form": form, "collection": collection},
                  status=form_status(request))


@require_POST
@actor_view("library.manage")
def collection_delete(request, pk: int):
    actor = request.actor
    title = services.collection_delete(actor=actor, collection=selectors.collection_detail(actor, pk))
    messages.success(request, _("The collection %(title)s is deleted; its resources stay in the library.")
                     % {"title": title})
    return redirect("library:resources-collections")


@require_POST
@actor_view("library.manage")
def collection_move(request, pk: int, resource: int):
    actor = request.actor
    collection = selectors.collection_detail(actor, pk)
    item = selectors.resource_detail(actor, resource)
    services.collection_move(actor=actor, collection=collection, resource=item, up=request.POST.get("up") == "1")
    return redirect("library:resources-collection", collection.pk)
