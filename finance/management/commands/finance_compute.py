"""`manage.py finance_compute FILE.json` (or `-` for stdin): the finance engine as a machine interface.

Prints the result as JSON on stdout. Bad input prints one clear line naming the key on stderr and exits 2.
The schema, with an example, is in docs/finance.md.
"""

import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand

from finance.contract import parse
from finance.engine import EngineInputError, compute


class Command(BaseCommand):
    help = "Compute the contribution per year and werksoort from tariffs and headcounts (JSON in, JSON out)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="input JSON file, or - for standard input")

    def handle(self, *args, file, **options):
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()  # noqa: SIM115
        except OSError as exc:
            self._fail(f"kan {file} niet lezen: {exc.strerror}")
        try:
            data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
        except json.JSONDecodeError as exc:
            self._fail(f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}")
        try:
            result = compute(parse(data))
        except EngineInputError as exc:
            self._fail(f"ongeldige invoer bij '{exc.key}': {exc.message}")
        self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))

    def _fail(self, message):
        self.stderr.write(f"finance_compute: {message}")
        sys.exit(2)
