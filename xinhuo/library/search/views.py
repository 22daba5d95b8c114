"""Pages of the search part: the results page (the search box posts here) and the school dictionary."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import act, actor_view, form_status, paginate, submit

from . import selectors, services
from .forms import WordForm
from .rules import DICTIONARY, SEARCH


def search_params(params) -> dict:
    """The question and filters from a query string (page or API); a bad year is ignored, not an error."""
    year = parse_id(params.get("year", "")) if params.get("year") else None
    return {"question": params.get("q", ""), "kind": params.get("kind", "")[:20],
            "year": year if year and 1900 < year < 3000 else None, "tag": params.get("tag", "")[:50]}


@actor_view(SEARCH)
def search_page(request):
    p = search_params(request.GET)
    found = selectors.search(request.actor, p.pop("question"), **p)
    page = paginate(request, found.results, per_page=20)
    rows = selectors.decorate(found, page.object_list)
    return render(request, "library/search/results.html", {
        "found": found, "page": page, "rows": rows, "kinds": found.kinds, "asked": bool(found.question),
        "facets": [{"kind": ix.kind, "label": ix.label, "count": found.counts[ix.kind]}
                   for ix in found.kinds if found.counts.get(ix.kind)]})


@actor_view(DICTIONARY)
def words_page(request):
    form = WordForm(request.POST or None)
    if submit(request, form, lambda: services.word_add(actor=request.actor, **form.cleaned_data),
              _("Word added. The school's index is being rebuilt with it.")):
        return redirect("library:search-words")
    return render(request, "library/search/words.html",
                  {"form": form, "words": selectors.words(request.actor)}, status=form_status(request))


@require_POST
@actor_view(DICTIONARY)
def word_remove(request, pk: int):
    word = get_object_or_404(selectors.words(request.actor), pk=pk)
    act(request, lambda: services.word_remove(actor=request.actor, word=word), _("Word removed."))
    return redirect("library:search-words")
