"""What the roster commands share (a leading underscore: Django does not list it as a command)."""

from __future__ import annotations

from django.core.management.base import CommandError

from xinhuo.core.models import School


def school_for(code: str | None) -> School:
    """The school by its code; without one, the only school there is."""
    if code:
        school = School.objects.filter(code=code).first()
        if school is None:
            raise CommandError(f"没有代码为 {code} 的学校。")
        return school
    schools = list(School.objects.order_by("code")[:51])
    if len(schools) == 1:
        return schools[0]
    if not schools:
        raise CommandError("还没有学校：请先用 create_school 创建。")
    codes = "、".join(s.code for s in schools[:50])
    raise CommandError(f"有多所学校，请用 --school 指定学校代码（{codes}）。")
