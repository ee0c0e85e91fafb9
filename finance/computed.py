"""Values kept because they cost much to compute and depend on nothing but their input: the `computed` cache alias
(settings.CACHES), keyed by a digest of that whole input, so an entry is never stale on any number of hosts and
nothing needs invalidating (docs/operations.md)."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import caches

ALIAS = "computed"


def kept(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept under `name` and a digest of `key`, which must hold every value `compute` reads (as plain,
    repr-stable values). Each caller gets its own copy (the cache stores a pickle)."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return caches[ALIAS].get_or_set(f"{name}:{digest}", compute, timeout=None)
