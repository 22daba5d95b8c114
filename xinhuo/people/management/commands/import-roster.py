"""`python -m xinhuo import-roster FILE.xlsx [--school CODE] [--dry-run] [--json]`, and `--template FILE.xlsx`.

The same checks and the same all-or-nothing import as the pages, run as the system (no user: the
server's operator, for the whole school). With any problem each is printed and the exit code is 1;
`--json` prints the problems as a JSON list of {row, column, code, message} on stdout ([] when none)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinhuo.people import services
from xinhuo.people.roster import RosterInvalid, write_template

from ._roster import school_for

LABELS = [
    ("students_create", "新增学生"), ("students_update", "更新学生"), ("students_unchanged", "未变学生"),
    ("guardians_create", "新增家长"), ("guardians_update", "更新家长"), ("links_add", "新增家长关联"),
    ("links_update", "更新家长关系"),
]


def describe(summary: dict) -> str:
    text = "，".join(f"{label} {summary.get(key, 0)}" for key, label in LABELS)
    if summary.get("classes_to_create"):
        text += "；新建班级：" + "、".join(summary["classes_to_create"])
    return f"{summary.get('rows', 0)} 行：{text}"


class Command(BaseCommand):
    help = "Import students and guardians from a roster workbook (.xlsx), all or nothing; or write the template."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the roster workbook (.xlsx)")
        parser.add_argument("--school", help="the school's code (may be left out when there is only one school)")
        parser.add_argument("--dry-run", action="store_true", help="check and report what would change; write nothing")
        parser.add_argument("--json", action="store_true", help="print the problems as JSON on stdout")
        parser.add_argument("--template", metavar="FILE", help="write the import template to FILE and stop")

    def handle(self, *args, **opts):
        if opts["template"]:
            write_template(opts["template"])
            self.stderr.write(f"已写入导入模板：{opts['template']}")
            return
        if not opts["file"]:
            raise CommandError("请给出要导入的名册文件（.xlsx），或用 --template 文件名 生成导入模板。")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        school = school_for(opts["school"])
        try:
            if opts["dry_run"]:
                report = services.roster_validate(actor=None, path_or_file=path, school=school)
            else:
                report = services.roster_import(actor=None, path_or_file=path, school=school, source="cli")
        except RosterInvalid as exc:
            report = exc.report
        if opts["json"]:
            self.stdout.write(json.dumps(report.errors_as_dicts(), ensure_ascii=False, indent=2))
        else:
            for e in report.errors:
                self.stdout.write(e.message)
        if not report.ok:
            raise CommandError(f"名册有 {len(report.errors)} 处问题，没有导入任何数据；请改正后重新导入。",
                               returncode=1)
        done = "检查通过（试运行，没有写入）" if opts["dry_run"] else "导入完成"
        self.stderr.write(self.style.SUCCESS(f"{done} · {school.name} · {describe(report.summary())}"))
