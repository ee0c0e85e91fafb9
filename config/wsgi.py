"""WSGI entry point for gunicorn: `gunicorn config.wsgi`.

Two settings of the process itself, both for the time a request waits on the worker rather than computes
(measured in bench/README.md, explained in docs/operations.md):

- glibc's allocator keeps freed large blocks (up to `MMAP_THRESHOLD`) in the process instead of handing every
  block above 128 kB back to the kernel: numpy's arrays for the comparison's Monte Carlo (10,000 draws × years ×
  werksoorten, about 2 MB each) are then reused instead of mapped and zeroed again each time (a miss of the
  comparison page ≈ 14 ms less). A worker keeps up to `TRIM_THRESHOLD` of free memory for it.
- after the application is loaded, every view imported and the garbage collector run once, what the process
  holds is frozen out of the collector's sight (`gc.freeze`): it lives as long as the process, and a full
  collection over it (≈ 80–170 ms of one worker with Django, pandas and numpy loaded) would otherwise stop
  whatever request it falls in, every few hundred requests. The collector still frees what requests leave."""

import ctypes
import ctypes.util
import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

MMAP_THRESHOLD = 32 * 1024 * 1024  # bytes: glibc's largest (DEFAULT_MMAP_THRESHOLD_MAX on 64 bits)
TRIM_THRESHOLD = 128 * 1024 * 1024  # bytes
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


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


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
keep_large_blocks()
application = get_wsgi_application()
settle()
