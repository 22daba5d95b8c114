"""The shape of the daily-reminder commands (elder_reminders, care_reminders, plan_reminders): a day, one school
or all, a dry run that lists what is due and not sent yet, otherwise send and list what was sent. Each command names
its reminders module; one with `by_kind` (its collect and send take a list of the module's KINDS) also gets `--kind`."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from .models import School
from .reminders import pending


class ReminderCommand(BaseCommand):
    reminders: ModuleType  # with collect(school, day) and send(school, day), as elders/reminders.py
    due_label = "待发送 {n} 条"  # the dry run's count
    by_kind = False

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for (YYYY-MM-DD), default today")
        parser.add_argument("--school", help="one school's code; default every school")
        parser.add_argument("--dry-run", action="store_true", help="show what is due without sending anything")
        if self.kinds():
            parser.add_argument("--kind", action="append", help="only this kind (repeatable): "
                                + ", ".join(self.kinds()))

    def kinds(self) -> list[str]:
        return list(self.reminders.KINDS) if self.by_kind else []

    def handle(self, *args, **opts):
        try:
            today = dt.date.fromisoformat(opts["date"]) if opts["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{opts['date']}") from None
        # only the kinds asked for, where the module has kinds (None: every kind)
        extra: tuple = ()
        if self.kinds():
            chosen = opts.get("kind") or None
            unknown = [k for k in chosen or [] if k not in self.kinds()]
            if unknown:
                raise CommandError(f"没有这类提醒：{'、'.join(unknown)}（可选：{'、'.join(self.kinds())}）")
            extra = (chosen,)
        schools = School.objects.order_by("pk")
        if opts["school"]:
            schools = schools.filter(code=opts["school"])
            if not schools.exists():
                raise CommandError(f"没有代码为 {opts['school']} 的学校。")
        for school in schools:
            if opts["dry_run"]:
                collected = self.reminders.collect(school, today, *extra)
                due = pending(school, collected)  # not what the worker already sent
                already = len(collected) - len(due)
                self.stdout.write(f"{school.name}（{school.code}）{today}：" + self.due_label.format(n=len(due))
                                  + (f"（另有 {already} 条已发送过或无人可收，不再发送）" if already else ""))
                for r in due:
                    self.stdout.write(f"  [{r.key}] {r.title}")
                continue
            sent = self.reminders.send(school, today, *extra)
            self.stdout.write(self.style.SUCCESS(f"{school.name}（{school.code}）{today}：已发送 {len(sent)} 条提醒"))
            for r in sent:
                self.stdout.write(f"  [{r.key}] {r.title} → {len(r.recipients)} 人")
