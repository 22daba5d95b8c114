"""Access-matrix cases of people/staff (issue 19): the administrator and the director add, edit and record a staff
member leaving, in the pages and the API (outsider: a director of another school, who manages their own staff)."""

from xinhuo.core.tests.matrix import MANAGERS, Case, k, sa

CASES: list = [
    Case("people:staff-create", MANAGERS),
    Case("people:staff-edit", {"admin", "director"}, kwargs=k(pk=sa)),
    Case("people:staff-leave", {"admin", "director"}, kwargs=k(pk=sa)),
    Case("api:staff-list", MANAGERS, method="post", ok=400, api=True),  # an empty body: refused, nothing written
    Case("api:staff-detail", {"admin", "director"}, method="patch", kwargs=k(pk=sa), api=True),  # nothing sent
    Case("api:staff-open-work", {"admin", "director"}, kwargs=k(pk=sa), api=True),
    Case("api:staff-leave", {"admin", "director"}, method="post", ok=400, kwargs=k(pk=sa), api=True),
]
