from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xinhuo.core.models import Role, School, SchoolClass, User
from xinhuo.core.services import membership_grant


class Command(BaseCommand):
    help = "Give an account a role in a school (head teachers: --class GRADE-NUMBER, e.g. 初一-1)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("school_code")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--class", dest="classes", action="append", default=[])

    def handle(self, *args, **opts):
        try:
            user = User.objects.get(username=opts["username"])
            school = School.objects.get(code=opts["school_code"])
        except (User.DoesNotExist, School.DoesNotExist) as exc:
            raise CommandError("用户或学校不存在。") from exc
        classes = []
        for spec in opts["classes"]:
            grade, _sep, number = spec.rpartition("-")
            found = SchoolClass.objects.filter(school=school, grade__name=grade, number=number or 0).first()
            if not number.isdigit() or found is None:
                raise CommandError(f"班级 {spec} 不存在（格式：年级-班号，如 初一-1）。")
            classes.append(found)
        try:
            membership_grant(user=user, school=school, role=opts["role"], classes=classes)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {Role(opts['role']).label} @ {school.name}"))
