"""`python -m xinhuo`: the one entry point — serve, demo, and every management command."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinhuo.settings")
    from django.core.management import execute_from_command_line

    argv = [sys.argv[0] if sys.argv[0] != "-m" else "xinhuo", *sys.argv[1:]]
    if len(argv) == 1:
        argv.append("help")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
