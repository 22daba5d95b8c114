"""The garbage collector of a web worker, tuned once the application is loaded (xinhuo/wsgi.py; issue 21).

What was measured (bench/README.md, the API consent register on the large demo): a worker holds ~400,000
objects tracked by the collector after start-up — Django, every app's models, views, serializers, the URLconf —
almost all alive for the worker's life. A request leaves its objects in reference cycles (the request, the view,
the paginator and the messages refer to one another), so they are freed only by the collector; while the
request runs, each of CPython's young collections (every 700 new objects) finds them alive and moves them on, and
every ~20 requests a full collection walked all 400,000 start-up objects as well: 70–250 ms inside one request,
which was the register's p95.

* gc.freeze() after start-up moves the start-up objects out of the collector's sight: a full collection walks
  only what requests made since (CPython's documented use; in a forking server it also keeps the start-up memory
  shared between workers, as the collector no longer writes to those objects).
* A larger first-generation threshold (XINHUO_GC_GEN0, default 10,000 new objects instead of 700) lets most of a
  request's cycles die young, in a first-generation collection, instead of being promoted and left to a full one.
  Memory grows by at most those 10,000 short-lived objects (a few MB).
"""

from __future__ import annotations

import gc
import os

GEN0_DEFAULT = 10_000


def tune() -> None:
    """Load what the first request would (the URLconf and with it every view and serializer), collect, freeze;
    then raise the first generation's threshold. Call once per process, after Django is set up."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's URLs, views and serializers now
    gc.collect()
    gc.freeze()
    gen0 = int(os.environ.get("XINHUO_GC_GEN0", str(GEN0_DEFAULT)))
    if gen0 > 0:
        _g0, g1, g2 = gc.get_threshold()
        gc.set_threshold(gen0, g1, g2)
