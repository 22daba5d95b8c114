"""`python -m xinhuo plan_reminders [--date YYYY-MM-DD] [--school CODE] [--dry-run]`: warn of the work plans' overdue
tasks (each once, to its owner, its departments' heads and the committee).

`python -m xinhuo serve` already runs this once a day; use it by hand, or from cron when the web server runs
without its worker, e.g. `40 7 * * * cd /srv/xinhuo && .venv/bin/python -m xinhuo plan_reminders`.
A second run sends nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xinhuo.core.models import School
from xinhuo.plans import reminders


class Command(BaseCommand):
    help = "Warn of the work plans' overdue tasks (each once; a second run sends nothing)."

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
                self.stdout.write(f"{school.name}（{school.code}）{today}：逾期任务 {len(due)} 项")
                for r in due:
                    self.stdout.write(f"  [{r.key}] {r.title}")
                continue
            sent = reminders.send(school, today)
            self.stdout.write(self.style.SUCCESS(f"{school.name}（{school.code}）{today}：已发送 {len(sent)} 条提醒"))
            for r in sent:
                self.stdout.write(f"  [{r.key}] {r.title} → {len(r.recipients)} 人")
