"""`python -m xinhuo elder_reminders [--date YYYY-MM-DD] [--school CODE] [--dry-run]`: the committee's daily
reminders (birthdays, health checks, care visits, open inspection reports, overdue apprenticeship pairs).

`python -m xinhuo serve` already runs them once a day; use this by hand, or from cron when the web server
runs without its worker, e.g. `30 7 * * * cd /srv/xinhuo && .venv/bin/python -m xinhuo elder_reminders`.
A second run on the same day sends nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xinhuo.core.models import School
from xinhuo.elders import reminders


class Command(BaseCommand):
    help = "Send the committee's daily reminders about the elders (once a day; a second run sends nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for (YYYY-MM-DD), default today")
        parser.add_argument("--school", help="one school's code; default every school")
        parser.add_argument("--dry-run", action="store_true", help="show what is due without sending anything")

    def handle(self, *args, **opts):
        try:
            today = dt.date.fromisoformat(opts["date"]) if opts["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{opts['date']}") from None
        schools = School.objects.order_by("pk")
        if opts["school"]:
            schools = schools.filter(code=opts["school"])
            if not schools.exists():
                raise CommandError(f"没有代码为 {opts['school']} 的学校。")
        for school in schools:
            if opts["dry_run"]:
                due = reminders.collect(school, today)
                self.stdout.write(f"{school.name}（{school.code}）{today}：待发送 {len(due)} 条")
                for r in due:
                    self.stdout.write(f"  [{r.key}] {r.title}")
                continue
            sent = reminders.send(school, today)
            self.stdout.write(self.style.SUCCESS(f"{school.name}（{school.code}）{today}：已发送 {len(sent)} 条提醒"))
            for r in sent:
                self.stdout.write(f"  [{r.key}] {r.title} → {len(r.recipients)} 人")
