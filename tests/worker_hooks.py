"""`manage.py db_worker` for the worker's end-to-end tests (tests/test_worker.py), with the PDF renderer made to fail
or to hang on request, so that a failure and a worker killed mid-render can be produced on purpose:

- RENDER_FAIL_WHILE=PATH: every render fails while the file PATH exists;
- RENDER_HANG=SECONDS: every render first waits this long (the test kills the worker meanwhile).

Run: python tests/worker_hooks.py [db_worker options]   (DJANGO_SETTINGS_MODULE and DATABASE_URL from the test)"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from documents import render  # noqa: E402

real_pdf_bytes = render.pdf_bytes


def pdf_bytes(html_text, **kwargs):
    marker = os.environ.get("RENDER_FAIL_WHILE")
    if marker and Path(marker).exists():
        raise RuntimeError("de opmaak is mislukt (opzettelijk, in de test)")
    if os.environ.get("RENDER_HANG"):
        time.sleep(float(os.environ["RENDER_HANG"]))
    return real_pdf_bytes(html_text, **kwargs)


render.pdf_bytes = pdf_bytes
call_command("db_worker", *sys.argv[1:])
