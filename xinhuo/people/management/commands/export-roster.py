"""`python -m xinhuo export-roster FILE.xlsx [--school CODE]`: every enrolled student with their guardians,
in the import template's format and with full values (it imports back unchanged). Logged in the access log."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from xinhuo.people import services

from ._roster import school_for


class Command(BaseCommand):
    help = "Export the school's students and guardians to a roster workbook (.xlsx) in the template's format."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workbook to write (.xlsx)")
        parser.add_argument("--school", help="the school's code (may be left out when there is only one school)")

    def handle(self, *args, **opts):
        school = school_for(opts["school"])
        with open(opts["file"], "wb") as out:
            detail = services.roster_export(actor=None, out=out, school=school)
        self.stderr.write(self.style.SUCCESS(
            f"已导出 {school.name} 的 {detail['count']} 名学生到 {opts['file']}。"
            "文件含完整的身份证号、住址和手机号，请妥善保管。"))
