"""python -m xinhuo county ...: a county committee (县关工委), its schools and its accounts (ORG-8).

  county create --code xinhuo-county --name 薪火县
  county add-schools --code xinhuo-county demo qingsong
  county add-account --code xinhuo-county --username county1 [--full-name 县关工委张主任]

A new account's one-time password is printed once; it must be changed at the first login."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xinhuo.evaluation.county import services
from xinhuo.evaluation.county.models import County


class Command(BaseCommand):
    help = "Create a county committee, add its schools (by school code) and create its accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a county")
        create.add_argument("--code", required=True)
        create.add_argument("--name", required=True)
        schools = sub.add_parser("add-schools", help="add schools to a county by their codes")
        schools.add_argument("--code", required=True, help="the county's code")
        schools.add_argument("schools", nargs="+", help="school codes")
        account = sub.add_parser("add-account", help="create a county committee account")
        account.add_argument("--code", required=True, help="the county's code")
        account.add_argument("--username", required=True)
        account.add_argument("--full-name", default="")

    def handle(self, *args, **opts):
        try:
            if opts["action"] == "create":
                county = services.county_create(actor=None, name=opts["name"], code=opts["code"])
                self.stdout.write(self.style.SUCCESS(f"已创建县关工委 {county.name}（{county.code}）。"))
                return
            found = County.objects.filter(code=opts["code"]).first()
            if found is None:
                raise CommandError(f"没有代码为 {opts['code']} 的县。No county with the code {opts['code']}.")
            county = found
            if opts["action"] == "add-schools":
                added = services.county_school_add(actor=None, county=county, school_codes=opts["schools"])
                self.stdout.write(self.style.SUCCESS(f"{county.name}：已加入 {len(added)} 所学校（"
                                                     + "、".join(s.name for s in added) + "）。"))
                return
            user, password = services.county_member_create(actor=None, county=county, username=opts["username"],
                                                           full_name=opts["full_name"])
            self.stdout.write(self.style.SUCCESS(f"已创建县关工委账号 {user.username}。"))
            self.stdout.write(f"一次性密码 One-time password: {password}")
            self.stdout.write("首次登录后须修改密码。It must be changed at the first login.")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
