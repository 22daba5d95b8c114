"""Settings for the test suite: the production settings with fast hashing and tasks run inline."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Uploaded photos and files go to a throwaway folder, never into var/media.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="xinhuo-media-"))  # noqa: F405
XINHUO_BACKUP_DIR = Path(tempfile.mkdtemp(prefix="xinhuo-backups-"))  # noqa: F405 - daily job in tests

# Each test's Client loads the middleware again, and WhiteNoise would then list and stat every static
# file each time (a third of a page request in the access matrix); with autorefresh it looks a file up
# only when one is asked for.
WHITENOISE_AUTOREFRESH = True

# The test database is made from the models (syncdb), not by running the migrations: running them renders the
# project state again for each operation, about 75 s per test process, twice per CI run. What the migrations do is
# tested where it matters: `makemigrations --check` in CI, the previous release's database migrated with its data
# (core/tests/test_upgrade.py), a fresh database migrated by `demo` (test_safe_defaults.py) and the data
# migrations in an empty database of their own (helpers.fresh_database). Data migrations' rows the suite needs are
# made by fixtures (the standard scales, in the `world` fixture); Django makes the cache table itself.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False  # noqa: F405
