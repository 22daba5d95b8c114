"""`python -m xinhuo backup [--to DIR]`: one archive of the database, the uploaded files and their checksums
(xinhuo.core.backup). Safe while the site serves. The keys are never in it: keep them elsewhere."""

from django.core.management.base import BaseCommand, CommandError

from xinhuo.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (default folder: XINHUO_BACKUP_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="folder to write the archive into")

    def handle(self, *args, **opts):
        try:
            result = backup(opts["to"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        for name in result.skipped:
            self.stderr.write(f"skipped {name}: deleted while the backup ran")
        self.stdout.write(self.style.SUCCESS(
            f"{result.path}  ({result.database}, {result.files} files, "
            f"{result.bytes / 1e6:.1f} MB before compression)"))
        self.stdout.write("The keys (var/keys.json or XINHUO_*_KEY) are not in the archive: keep a copy of them apart.")
