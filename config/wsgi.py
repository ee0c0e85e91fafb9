"""WSGI entry point for gunicorn: `gunicorn config.wsgi`.

Three settings of the process itself, all for the time a request waits on the worker rather than computes
(measured in bench/README.md, explained in docs/operations.md):

- glibc's allocator keeps freed large blocks (up to `MMAP_THRESHOLD`) in the process instead of handing every
  block above 128 kB back to the kernel: numpy's arrays for the comparison's Monte Carlo (10,000 draws × years ×
  werksoorten, about 2 MB each) are then reused instead of mapped and zeroed again each time (a miss of the
  comparison page ≈ 14 ms less). A worker keeps up to `TRIM_THRESHOLD` of free memory for it.
- after the application is loaded, every view imported and the garbage collector run once, what the process
  holds is frozen out of the collector's sight (`gc.freeze`): it lives as long as the process, and a full
  collection over it (≈ 80–170 ms of one worker with Django, pandas and numpy loaded) would otherwise stop
  whatever request it falls in, every few hundred requests. The collector still frees what requests leave.
- the collector runs between requests, after the answer is sent (`collect_between_requests`), by its own rule,
  not in the middle of whichever request happens to allocate past the threshold: a collection of the first two
  generations took 2–11 ms (a full one 9–46 ms) of the request it fell in, about one refresh of a scenario's result
  in ten and one comparison page in three. Automatic collection stays on as a safety net, at ten times the usual
  threshold, for a request that allocates far more than usual."""

import ctypes
import ctypes.util
import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

MMAP_THRESHOLD = 32 * 1024 * 1024  # bytes: glibc's largest (DEFAULT_MMAP_THRESHOLD_MAX on 64 bits)
TRIM_THRESHOLD = 128 * 1024 * 1024  # bytes
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
SAFETY_FACTOR = 10  # automatic collection during a request only after this many times the usual allocations


def keep_large_blocks() -> bool:
    """Set glibc's thresholds (above); False where the C library is not glibc (nothing changes there)."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def settle() -> None:
    """Import every view now, not in the first request, and freeze what the process holds then."""
    get_resolver().url_patterns  # noqa: B018 - the URLconf imports the views
    gc.collect()
    gc.freeze()


class BetweenRequests:
    """The collector's own rule, applied when a request has finished (Django sends `request_finished` when the server
    closes the answer, after its last byte is written): once more than `threshold0` net allocations are pending, the
    oldest generation whose count is past its threshold is collected, else the youngest."""

    def __init__(self, thresholds: tuple[int, int, int]):
        self.thresholds = thresholds

    def __call__(self, sender=None, **kwargs) -> int | None:
        """Collect the generation that is due, if any; which one (or None)."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return None
        generation = next(g for g in (2, 1, 0) if g == 0 or counts[g] > self.thresholds[g])
        gc.collect(generation)
        return generation


def collect_between_requests() -> None:
    """Move the collector's work out of the requests: the usual thresholds apply after each request, the automatic
    collection only at SAFETY_FACTOR times the first."""
    threshold0, threshold1, threshold2 = gc.get_threshold()
    collector = BetweenRequests((threshold0, threshold1, threshold2))
    gc.set_threshold(threshold0 * SAFETY_FACTOR, threshold1, threshold2)
    request_finished.connect(collector, weak=False, dispatch_uid="config.wsgi.collect_between_requests")


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
keep_large_blocks()
application = get_wsgi_application()
settle()
collect_between_requests()
