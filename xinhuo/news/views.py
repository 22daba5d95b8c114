"""Pages of the news: the list (published; drafts too for the committee), an item with its pictures, its edit,
pictures and publishing, the WeChat export (article zip, poster), the director's publicity settings, and the
school's public pages (no login: docs/publicity.md)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.uploads import IMAGE_ACCEPT
from xinhuo.core.web import act, actor_view, form_status, paginate, stream_file, submit

from . import selectors, services, wechat
from .models import NewsItem, NewsStatus
from .rules import can


class NewsForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    body = forms.CharField(label=gettext_lazy("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 14}))
    consent_checked = forms.BooleanField(
        label=gettext_lazy("I have checked that every student shown in the photos has publicity consent"),
        required=False, help_text=gettext_lazy("Until then the public page and the WeChat export leave out the "
                                               "photos that show students."))


class ImageForm(BootstrapMixin, forms.Form):
    upload = forms.ImageField(label=gettext_lazy("Picture"),
                              widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}))
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=100, required=False)
    shows_students = forms.BooleanField(label=gettext_lazy("Shows students"), required=False, initial=True)


class SettingsForm(BootstrapMixin, forms.Form):
    news_public = forms.BooleanField(label=gettext_lazy("Make the news page public (no login)"), required=False)
    honours_public = forms.BooleanField(label=gettext_lazy("Show the honour walls on the public page"),
                                        required=False)


@actor_view("news.view")
def news_list(request):
    actor = request.actor
    drafts = request.GET.get("drafts") == "1"
    page = paginate(request, selectors.news(actor, drafts=drafts))
    return render(request, "news/list.html", {
        "page": page, "drafts": drafts, "writes": actor.can("news.manage"), "query": "drafts=1" if drafts else "",
        "settings": actor.can("news.settings")})


@actor_view("news.view")
def news_detail(request, pk: int):
    item = get_object_or_404(selectors.news(request.actor), pk=pk)
    writes = can(request.actor, "edit_news", item)
    return render(request, "news/detail.html", {
        "item": item, "photos": selectors.activity_photos(item), "images": selectors.images(item), "writes": writes,
        "image_form": ImageForm() if writes else None})


@actor_view("news.view")
def news_image(request, pk: int, image: int):
    item = get_object_or_404(selectors.news(request.actor), pk=pk)
    found = next((i for i in selectors.images(item) if i.pk == image), None)
    if found is None:
        raise Http404
    return stream_file(found.image)


def _form_page(request, item: NewsItem | None):
    actor = request.actor
    initial = {"title": item.title, "body": item.body, "consent_checked": item.consent_checked} if item else {}
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


@require_POST
@actor_view("news.manage")
def image_add(request, pk: int):
    item = get_object_or_404(selectors.news(request.actor), pk=pk)
    form = ImageForm(request.POST, request.FILES)
    act(request, lambda: services.news_image_add(actor=request.actor, item=item, **form.cleaned_data),
        _("The picture is added."), form=form)
    return redirect("news:detail", pk=item.pk)


@require_POST
@actor_view("news.manage")
def image_remove(request, pk: int, image: int):
    item = get_object_or_404(selectors.news(request.actor), pk=pk)
    services.news_image_remove(actor=request.actor, item=item, image_id=image)
    return redirect("news:detail", pk=item.pk)


def _exportable(request, pk: int) -> NewsItem:
    """A published item the actor edits: only what the public may read is exported."""
    item = get_object_or_404(selectors.news(request.actor).filter(status=NewsStatus.PUBLISHED), pk=pk)
    if not can(request.actor, "edit_news", item):
        raise Http404
    return item


@actor_view("news.manage")
def export_zip(request, pk: int):
    item = _exportable(request, pk)
    response = HttpResponse(wechat.article_zip(item, request.actor.school.name), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="news-{item.pk}-wechat.zip"'
    return response


@actor_view("news.manage")
def export_poster(request, pk: int):
    item = _exportable(request, pk)
    response = HttpResponse(wechat.poster(item, request.actor.school.name), content_type="image/jpeg")
    response["Content-Disposition"] = f'attachment; filename="news-{item.pk}-poster.jpg"'
    return response


@actor_view("news.settings")
def publicity_settings(request):
    actor = request.actor
    current = selectors.publicity_settings(actor.school)
    form = SettingsForm(request.POST or None, initial={"news_public": current.news_public,
                                                       "honours_public": current.honours_public})
    if submit(request, form, lambda: services.publicity_settings_save(actor=actor, **form.cleaned_data),
              _("The publicity settings are saved.")):
        return redirect("news:settings")
    return render(request, "news/settings.html", {"form": form, "school": actor.school}, status=form_status(request))


# --- the public pages: no login, no personal data beyond what the consent register allows ---------------------


def public_home(request):
    """/news/public/: the platform's only school's page (a county platform names the school in the URL)."""
    return redirect("news:public-list", code=selectors.public_school(None).code)


def public_list(request, code: str):
    school = selectors.public_school(code)
    page = paginate(request, selectors.public_news(school))
    return render(request, "news/public/list.html", {
        "school": school, "page": page, "honours": selectors.publicity_settings(school).honours_public})


def public_detail(request, code: str, pk: int):
    school = selectors.public_school(code)
    item = selectors.public_item(school, pk)
    title, body, named = wechat.public_text(item)
    pictures = [(selectors.picture_kind(p), p) for p in selectors.public_pictures(item)]
    return render(request, "news/public/detail.html", {
        "school": school, "item": item, "title": title, "body": body, "named": named, "pictures": pictures})


def public_picture(request, code: str, pk: int, kind: str, picture: int):
    school = selectors.public_school(code)
    item = selectors.public_item(school, pk)
    for p in selectors.public_pictures(item):
        if p.pk == picture and selectors.picture_kind(p) == kind:
            return stream_file(p.image)
    raise Http404


def public_honours(request, code: str):
    school = selectors.public_school(code)
    honours = selectors.public_honours(school)
    if honours is None:
        raise Http404
    return render(request, "news/public/honours.html", {"school": school, **honours})
