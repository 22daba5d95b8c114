"""Pages of the news: the list (published; drafts too for the committee), an item, its edit and publishing."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.web import act, actor_view, form_status, paginate, submit

from . import selectors, services
from .models import NewsItem
from .rules import can


class NewsForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    body = forms.CharField(label=gettext_lazy("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 14}))


@actor_view("news.view")
def news_list(request):
    actor = request.actor
    drafts = request.GET.get("drafts") == "1"
    page = paginate(request, selectors.news(actor, drafts=drafts))
    return render(request, "news/list.html", {
        "page": page, "drafts": drafts, "writes": actor.can("news.manage"), "query": "drafts=1" if drafts else ""})


@actor_view("news.view")
def news_detail(request, pk: int):
    item = get_object_or_404(selectors.news(request.actor), pk=pk)
    photos = list(item.activity.photos.all()[:12]) if item.activity_id else []  # type: ignore[union-attr]
    return render(request, "news/detail.html", {"item": item, "photos": photos,
                                                "writes": can(request.actor, "edit_news", item)})


def _form_page(request, item: NewsItem | None):
    actor = request.actor
    initial = {"title": item.title, "body": item.body} if item else {}
    form = NewsForm(request.POST or None, initial=initial)

    def save() -> NewsItem:
        if item is None:
            return services.news_create(actor=actor, **form.cleaned_data)
        return services.news_update(actor=actor, item=item, **form.cleaned_data)

    if saved := submit(request, form, save, _("News saved.")):
        return redirect("news:detail", pk=saved.pk)
    return render(request, "news/form.html", {"form": form, "item": item}, status=form_status(request))


@actor_view("news.manage")
def news_new(request):
    return _form_page(request, None)


@actor_view("news.manage")
def news_edit(request, pk: int):
    return _form_page(request, get_object_or_404(selectors.news(request.actor), pk=pk))


@require_POST
@actor_view("news.manage")
def news_publish(request, pk: int):
    item = get_object_or_404(selectors.news(request.actor), pk=pk)
    publish = request.POST.get("publish", "1") == "1"
    act(request, lambda: services.news_publish(actor=request.actor, item=item, publish=publish),
        _("Published: the whole school can read it.") if publish else _("Taken back to draft."))
    return redirect("news:detail", pk=item.pk)
