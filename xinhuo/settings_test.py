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
