"""Benchmark (not a test): the Twenterand collegevoorstel with all its bijlagen as PDF — WeasyPrint in process,
median time and peak memory — and the same HTML printed by Chromium (Playwright `page.pdf`, browser warm) in the
same run, as a ratio. Targets: ≤ 1.5 s on this 2-core machine, no slower than Chromium, peak memory ≤ 300 MB.

Run: .venv/bin/python bench/documents_pdf.py [repeats]   (a throwaway SQLite database; DEBUG off)"""

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from common import load_twenterand  # first: it sets up Django

from conftest import CHROMIUM, CHROMIUM_ARGS


def main(repeats: int = 5):
    load_twenterand(accounts=False)

    from documents import render, versioning
    from documents.viewmodel import DOCUMENTS
    from dossier.models import Dossier, Membership, Role
    from dossier.tests.factories import UserFactory

    dossier = Dossier.objects.get(slug="twenterand")
    membership = Membership.objects.create(user=UserFactory(), dossier=dossier, role=Role.KWARTIERMAKER)
    version = versioning.version_freeze(membership=membership, status="definitief")
    pages = {doc: render.html(version, doc, for_pdf=True) for doc in DOCUMENTS}

    def weasyprint_all():
        """As the app makes them when a definitive version is frozen: the HTML here, the PDFs on both cores."""
        return list(
            render.pdfs_in_parallel({doc: render.html(version, doc, for_pdf=True) for doc in DOCUMENTS}).values()
        )

    def weasyprint_sequential():
        return [render.pdf_bytes(render.html(version, doc, for_pdf=True)) for doc in DOCUMENTS]

    weasyprint_all()  # warm up: imports, fonts, templates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        pdfs = weasyprint_all()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    weasyprint_sequential()
    sequential = time.perf_counter() - start
    tracemalloc.start()
    weasyprint_sequential()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker
    weasy = statistics.median(times)
    print(
        f"Collegevoorstel + {len(DOCUMENTS) - 1} bijlagen ({sum(len(p) for p in pdfs):,} bytes of PDF), {repeats} runs:"
    )
    print(f"  WeasyPrint (PDF/A-2a, tagged), 2 processes  median {weasy:.2f} s   min {min(times):.2f} s")
    print(f"  WeasyPrint, one after the other (1 run)     {sequential:.2f} s")
    print(
        f"  peak Python memory while rendering {peak / 2**20:.0f} MB; max RSS of this process {rss:.0f} MB, "
        f"of the largest worker {rss_children:.0f} MB"
    )

    ratio = None
    if CHROMIUM.exists():
        from django.conf import settings
        from playwright.sync_api import sync_playwright

        static = str(Path(settings.BASE_DIR / "static").resolve())
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            # The same HTML; its static files are served from disk, like WeasyPrint's fetcher does.
            page.route(
                "https://beslisdossier.invalid/static/**",
                lambda route: route.fulfill(path=static + route.request.url.split("/static", 1)[1]),
            )

            def chromium_all():
                for html in pages.values():
                    page.set_content(html, wait_until="load")
                    # The same work as WeasyPrint's: tagged, with the headings as bookmarks (PDF/A it cannot make).
                    page.pdf(format="A4", tagged=True, outline=True)

            chromium_all()
            ctimes = []
            for _ in range(repeats):
                start = time.perf_counter()
                chromium_all()
                ctimes.append(time.perf_counter() - start)
            browser.close()
        chrome = statistics.median(ctimes)
        ratio = weasy / chrome
        print(f"  Chromium page.pdf (warm, tagged)  median {chrome:.2f} s   → WeasyPrint/Chromium = {ratio:.2f}")
    else:
        print("  Chromium not found: no comparison")
    print(
        f"Targets: ≤ 1.5 s {'met' if weasy <= 1.5 else 'NOT met'}; "
        f"no slower than Chromium {'met' if ratio is not None and ratio <= 1 else 'NOT met' if ratio else 'n/a'}; "
        f"≤ 300 MB {'met' if max(rss, rss_children) <= 300 else 'NOT met'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
