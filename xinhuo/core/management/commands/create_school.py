import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xinhuo.core.models import Role, School, User
from xinhuo.core.services import membership_grant


class Command(BaseCommand):
    help = "Create a school and its first administrator account (a real install, without the demo)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--code", required=True, help="short code, letters, digits and dashes")
        parser.add_argument("--kind", choices=[k.value for k in School.Kind], default=School.Kind.JUNIOR)
        parser.add_argument("--admin", required=True, help="username of the administrator")
        parser.add_argument("--password", help="read from the terminal when omitted")

    def handle(self, *args, **opts):
        if School.objects.filter(code=opts["code"]).exists():
            raise CommandError(f"学校代码 {opts['code']} 已存在。")
        if User.objects.filter(username=opts["admin"]).exists():
            raise CommandError(f"用户名 {opts['admin']} 已存在；请用 grant_role 授予角色。")
        password = opts["password"] or getpass.getpass("管理员密码 Password: ")
        user = User(username=opts["admin"])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            school = School.objects.create(name=opts["name"], code=opts["code"], kind=opts["kind"])
            user.set_password(password)
            user.save()
            membership_grant(user=user, school=school, role=Role.ADMIN)
        self.stdout.write(self.style.SUCCESS(f"已创建学校 {school.name}（{school.code}）和管理员 {user.username}。"))
