"""Idle sessions without a database write on every request (issue 21).

The idle timeout (SESSION_COOKIE_AGE, XINHUO_SESSION_IDLE_MINUTES) is the session row's expire_date, pushed back
when the session is saved. Saving it on every request (SESSION_SAVE_EVERY_REQUEST) made every page a write, and
on SQLite writes queue behind one another. Here the row is saved only when the request changed the session or
its expiry was last pushed back more than REFRESH seconds ago: a busy user writes their session at most once a
minute, and an idle session still ends between SESSION_COOKIE_AGE - REFRESH and SESSION_COOKIE_AGE after its last
request (the row is the only place the expiry is kept, so what each request does not write is that window).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone


def refresh_seconds() -> int:
    """How stale an expiry may get before a request pushes it back: a minute, or a tenth of a short idle period."""
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


class SessionStore(db.SessionStore):
    """Django's database sessions that remember the loaded row's expire_date (SESSION_ENGINE = this module)."""

    loaded_expiry: dt.datetime | None = None

    def _get_session_from_db(self):  # type: ignore[misc]  # Django's, missing from django-stubs
        row = super()._get_session_from_db()  # type: ignore[misc]
        self.loaded_expiry = row.expire_date if row is not None else None
        return row

    async def _aget_session_from_db(self):  # type: ignore[misc]
        row = await super()._aget_session_from_db()  # type: ignore[misc]
        self.loaded_expiry = row.expire_date if row is not None else None
        return row

    def needs_refresh(self) -> bool:
        """The loaded row's expiry was pushed back more than refresh_seconds() ago."""
        if self.loaded_expiry is None:
            return False
        pushed_back_at = self.loaded_expiry - dt.timedelta(seconds=self.get_expiry_age())
        return timezone.now() - pushed_back_at >= dt.timedelta(seconds=refresh_seconds())


class SessionRefreshMiddleware:
    """After the view: a session the request read but did not change is saved (its expiry pushed back) only when
    its expiry is stale. Sits right inside SessionMiddleware, which does the save. Requests that never read the
    session (static files, API tokens) are not made to load it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (isinstance(session, SessionStore) and session.accessed and not session.modified
                and session.needs_refresh()):
            session.modified = True
        return response
