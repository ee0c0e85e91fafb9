"""Values kept because they cost much to compute and depend on nothing but their input: the `computed` cache alias
(settings.CACHES), keyed by a digest of that whole input and of the code that computes it, so an entry is never
stale on any number of hosts or releases and nothing needs invalidating (docs/operations.md)."""

import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import caches

ALIAS = "computed"
ROOT = Path(__file__).resolve().parent.parent
CODE = ("finance", "dossier", "scenarios")  # the packages whose code computes what is kept


def kept(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept under `name` and a digest of `key`, which must hold every value `compute` reads. The digest
    is over the key's pickle: equal bytes are equal values, so two different inputs never share an entry (two equal
    inputs that pickle differently, e.g. a set built in another order, only cost a second computation). Anything
    that does not pickle (a lambda) is refused loudly. Each caller gets its own copy (the cache stores a pickle)."""
    digest = hashlib.sha256(pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL))
    digest.update(release().encode())
    return caches[ALIAS].get_or_set(f"{name}:{digest.hexdigest()}", compute, timeout=None)


@functools.cache
def release() -> str:
    """A digest of the computing packages' source: a shared cache backend (docs/operations.md) never hands a new
    release what the old code computed."""
    digest = hashlib.sha256()
    for package in CODE:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "tests" not in path.relative_to(ROOT).parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
