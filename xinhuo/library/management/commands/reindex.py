"""`python -m xinhuo reindex [--school CODE] [--kind KIND ...]`: rebuild the search index (RES-2)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from xinhuo.core.models import School
from xinhuo.library.search.indexing import indexers, reindex


class Command(BaseCommand):
    help = "Rebuild the search index of one school (--school CODE) or of every school."

    def add_arguments(self, parser):
        parser.add_argument("--school", default="", help="the school's code; every school when left out")
        parser.add_argument("--kind", action="append", default=[], help="only this kind (repeatable)")

    def handle(self, *args, school: str = "", kind: list[str] | None = None, **options):
        known = {ix.kind for ix in indexers()}
        unknown = set(kind or ()) - known
        if unknown:
            raise CommandError(f"unknown kind {sorted(unknown)}; known: {sorted(known)}")
        school_id = None
        if school:
            found = School.objects.filter(code=school).first()
            if found is None:
                raise CommandError(f"no school with the code {school!r}")
            school_id = found.pk
        started = time.monotonic()
        counts = reindex(school_id, kind or None)
        for name, n in counts.items():
            self.stdout.write(f"{name}: {n}")
        self.stdout.write(f"indexed {sum(counts.values())} items in {time.monotonic() - started:.1f} s")
