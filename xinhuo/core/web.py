"""Small helpers shared by the apps' views."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render, resolve_url

from . import registry
from .services import access_log_record


def roleless_home(user) -> str:
    """Where an account without a school role belongs (a county committee's account: its county pages), or ''.
    Asked only for such accounts; the app that has them answers (hook account.home), core knows none."""
    home = registry.optional_hook("account.home")
    return home(user) if home else ""


def actor_view(capability: str = "dashboard", *, landing: bool = False):
    """Login required; a user without a role in any school sees an explanation; others need the capability.

    An account that belongs elsewhere (roleless_home) has no school: every school page is a 404 to it, and the
    `landing` page (the home page, where logging in leads) sends it to its own home."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    # an expired session during an htmx swap: send the whole page to the login form
                    response = HttpResponse(status=200)
                    target = request.htmx.current_url_abs_path or "/"
                    response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?next={quote(target)}"
                    return response
                return redirect_to_login(request.get_full_path())
            actor = request.actor
            if not actor:  # a lazy object: bool() looks through it, "is None" would not
                home = roleless_home(request.user)
                if home and landing:
                    return redirect(home)
                if home:
                    raise Http404
                return render(request, "core/no_role.html", status=403)
            actor.require(capability)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def form_errors_from(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_status(request) -> int:
    """The status of a page showing a form: 400 when a POST was refused and the form comes back, 200 otherwise."""
    return 400 if request.method == "POST" else 200


def form_error_text(form) -> str:
    """A small form's errors as one sentence, for a message on the page it was posted from."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def submit(request, form, save: Callable[[], Any], success: str | Callable[[Any], str]) -> Any:
    """A page's form: on a POST whose form is valid, save() (a service call) and the success message.

    Returns what save returned (True when it returns None), or None when nothing was written: not a POST,
    an invalid form, or the service's refusal, which goes onto the form by field. The caller then redirects,
    or renders the form again with form_status."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return True if result is None else result


def act(request, call: Callable[[], Any], success: str | Callable[[Any], str], form=None) -> bool:
    """A button or small form posted from another page: call() (a service) with the success message, or the
    form's errors or the service's refusal as an error message; the caller redirects back either way."""
    if form is not None and not form.is_valid():
        messages.error(request, form_error_text(form))
        return False
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


PAGE_SIZE = 25


def paginate(request, qs, per_page: int = PAGE_SIZE):
    """The asked page. The first page of a queryset is read with one row more than fits: when that row is not there
    (a search, a small class: most first pages) the rows read are the count and no COUNT query runs; otherwise the
    count is asked as Django's paginator does. So a list's queries never grow with its rows: a list longer than a
    page costs its one COUNT, a shorter one does without."""
    paginator = Paginator(qs, per_page)
    if request.GET.get("page") in (None, "", "1") and isinstance(qs, QuerySet):
        head = list(qs[: per_page + 1])
        if len(head) <= per_page:
            paginator.__dict__["count"] = len(head)  # Paginator.count is a cached_property
        return Page(head[:per_page], 1, paginator)
    return paginator.get_page(request.GET.get("page"))


def log_list(request, object_type: str, page_or_count, filters: dict | None = None, *, search: bool | None = None,
             as_text: bool = False, object_id: object = "", field: str = "", **detail) -> None:
    """The access-log row of a list page: "search" when asked (by default: when a filter is used), else "list".

    The detail holds the used filters (falsy values dropped; as str with as_text), when filters are given,
    the count (of a page's paginator, or the number given) and any further keys."""
    row: dict = {}
    if filters is not None:
        row["filters"] = {k: str(v) if as_text else v for k, v in filters.items() if v}
    row["count"] = page_or_count.paginator.count if isinstance(page_or_count, Page) else page_or_count
    row.update(detail)
    if search is None:
        search = bool(row.get("filters"))
    access_log_record(request.actor, "search" if search else "list", object_type, object_id, field=field,
                      detail=row, request=request)


def log_view(request, object_type: str, obj_or_pk: object = "", field: str = "", **detail) -> None:
    """The access-log row of a detail page: "view" of the object (or its pk), with an optional field and detail."""
    access_log_record(request.actor, "view", object_type, getattr(obj_or_pk, "pk", obj_or_pk), field=field,
                      detail=detail, request=request)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def stream_file(field, *, download_name: str | None = None) -> FileResponse | HttpResponse:
    """A stored file, after the caller checked the permission; never cached by shared caches."""
    from .uploads import content_type_for, placeholder, state

    if state(field.name):  # a picture the worker has not finished (or could not): never the original's EXIF
        waiting = HttpResponse(placeholder(field.name), content_type="image/svg+xml")
        waiting["Cache-Control"] = "no-store"
        waiting["X-Content-Type-Options"] = "nosniff"
        return waiting
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type_for(field.name),
                            as_attachment=download_name is not None, filename=download_name or "")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- ranged streams: a phone's media player seeks (the parent school's lectures, later the library's media) ---

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024


def _chunks(handle, start: int, length: int):
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def stream_ranged(request, field, content_type: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
    """A stored video or audio file with HTTP range requests (a phone's player seeks, and Safari will not play a
    video whose server ignores Range); without a Range header, stream_file's whole file."""
    size = field.size
    match = _RANGE.match((request.headers.get("Range") or "").strip())
    if not match or not (match[1] or match[2]):
        whole = stream_file(field)
        whole["Content-Type"] = content_type
        whole["Accept-Ranges"] = "bytes"
        return whole
    if match[1]:
        start, end = int(match[1]), int(match[2]) if match[2] else size - 1
    else:  # the last n bytes
        start, end = max(size - int(match[2]), 0), size - 1
    end = min(end, size - 1)
    if start > end or start >= size:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = StreamingHttpResponse(_chunks(handle, start, end - start + 1), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
