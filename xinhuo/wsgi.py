import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinhuo.settings")
application = get_wsgi_application()

# the worker's start-up objects out of the garbage collector's way (core/gctune.py says why, with the figures)
from xinhuo.core import gctune  # noqa: E402 - after Django is set up

gctune.tune()
