"""The rollover's access-matrix cases (declared in manifest.py): only the committee's administrator and director,
each in their own school (the outsider directs the other school: its list and form, none of this school's runs)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import MANAGERS, Case, k

from .schools import choices

COMMITTEE = {"admin", "director"}


def a_run(w, e):
    """A previewed run of the world's school, prepared by its director."""
    from xinhuo.rollover import services

    return services.prepare(actor=w.actor("director"), choices=choices()).pk


CASES = [
    Case("rollover:list", MANAGERS),
    Case("rollover:prepare", MANAGERS),
    Case("rollover:run", COMMITTEE, kwargs=k(pk=a_run)),
    Case("rollover:progress", COMMITTEE, kwargs=k(pk=a_run)),
    Case("rollover:apply", COMMITTEE, ok=302, method="post", kwargs=k(pk=a_run)),
    Case("rollover:undo", COMMITTEE, ok=302, method="post", kwargs=k(pk=a_run)),  # not applied: refused, back
    Case("api:rollover-list", MANAGERS, api=True),
    Case("api:rollover-prepare", MANAGERS, ok=400, method="post", api=True),  # no choices: 400, nothing written
    Case("api:rollover-detail", COMMITTEE, kwargs=k(run=a_run), api=True),
    Case("api:rollover-apply", COMMITTEE, ok=202, method="post", kwargs=k(run=a_run), api=True),
    Case("api:rollover-undo", COMMITTEE, ok=400, method="post", kwargs=k(run=a_run), api=True),
]
