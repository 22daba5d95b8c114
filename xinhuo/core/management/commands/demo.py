import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from xinhuo.core.demo import DEMO_USERNAMES, GRADE_NAMES, build_demo, demo_exists, reset_demo_passwords


def print_logins(write, password: str | None) -> None:
    write("演示账号 Demo accounts: " + ", ".join(DEMO_USERNAMES))
    if password:
        write(f"密码 Password: {password}")
    else:
        write("密码：创建演示学校时已打印一次；可运行 `python -m xinhuo demo --reset-passwords` 重新生成。")


class Command(BaseCommand):
    help = "Create the demo school (deterministic data; 'large' is the benchmark's dataset)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--school-type", choices=list(GRADE_NAMES), default="junior")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the demo already exists")
        parser.add_argument("--reset-passwords", action="store_true", help="give the demo accounts a new password")

    def handle(self, *args, **opts):
        env_password = os.environ.get("XINHUO_DEMO_PASSWORD") or None
        if opts["reset_passwords"]:
            print_logins(self.stdout.write, reset_demo_passwords(env_password))
            return
        # like `serve`: a fresh database is brought up to date first, so the README's command works on its own
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            if opts["if_empty"]:
                print_logins(self.stdout.write, env_password)
                return
            raise CommandError("演示学校已存在。The demo school already exists.")
        _objs, password = build_demo(opts["size"], opts["school_type"], env_password)
        self.stdout.write(self.style.SUCCESS(f"演示学校已创建 ({opts['size']})."))
        print_logins(self.stdout.write, password)
