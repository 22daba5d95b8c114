"""`python -m xinhuo care_reminders [--date YYYY-MM-DD] [--school CODE] [--kind KIND] [--dry-run]`: the daily
reminders about the care for students (mentoring pairs overdue for contact, and the kinds other parts add).

`python -m xinhuo serve` already runs them once a day; use this by hand, or from cron when the web server
runs without its worker, e.g. `35 7 * * * cd /srv/xinhuo && .venv/bin/python -m xinhuo care_reminders`.
A second run on the same day sends nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xinhuo.care import reminders
from xinhuo.core.models import School


class Command(BaseCommand):
    help = "Send the daily reminders about the care for students (once a day; a second run sends nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for (YYYY-MM-DD), default today")
        parser.add_argument("--school", help="one school's code; default every school")
        parser.add_argument("--kind", action="append", help="only this kind (repeatable): "
                            + ", ".join(reminders.KINDS))
        parser.add_argument("--dry-run", action="store_true", help="show what is due without sending anything")

    def handle(self, *args, **opts):
        try:
            today = dt.date.fromisoformat(opts["date"]) if opts["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{opts['date']}") from None
        kinds = opts["kind"] or None
        unknown = [k for k in kinds or [] if k not in reminders.KINDS]
        if unknown:
            raise CommandError(f"没有这类提醒：{'、'.join(unknown)}（可选：{'、'.join(reminders.KINDS)}）")
        schools = School.objects.order_by("pk")
        if opts["school"]:
            schools = schools.filter(code=opts["school"])
            if not schools.exists():
                raise CommandError(f"没有代码为 {opts['school']} 的学校。")
        for school in schools:
            if opts["dry_run"]:
                due = reminders.collect(school, today, kinds)
                self.stdout.write(f"{school.name}（{school.code}）{today}：待发送 {len(due)} 条")
                for r in due:
                    self.stdout.write(f"  [{r.key}] {r.title}")
                continue
            sent = reminders.send(school, today, kinds)
            self.stdout.write(self.style.SUCCESS(f"{school.name}（{school.code}）{today}：已发送 {len(sent)} 条提醒"))
            for r in sent:
                self.stdout.write(f"  [{r.key}] {r.title} → {len(r.recipients)} 人")
