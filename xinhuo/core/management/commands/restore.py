"""`python -m xinhuo restore FILE [--force]`: put a backup (`backup`) into this installation, then migrate it to
this version's schema. Refuses an installation holding data unless --force; checks every checksum first."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from xinhuo.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty installation (stop the site first), then migrate."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the database and same-named files of an installation that holds data")

    def handle(self, *args, **opts):
        try:
            manifest = restore(opts["file"], force=opts["force"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        call_command("migrate", interactive=False, verbosity=0)  # an older backup is brought to this schema
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest['created']} ({len(manifest['files'])} files) and migrated it."))
        self.stdout.write("It needs the keys it was made with (XINHUO_SECRET_KEY, XINHUO_FIELD_SALT, "
                          "XINHUO_INDEX_KEY or var/keys.json), or its encrypted columns cannot be read.")
