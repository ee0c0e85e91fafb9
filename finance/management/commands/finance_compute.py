"""`manage.py finance_compute FILE.json` (or `-` for stdin): the finance engine as a machine interface.

Prints the result as JSON on stdout. Bad input prints one clear line naming the key on stderr and exits 2.
The schema, with an example, is in docs/finance.md.
"""

import json
import sys
from decimal import DecimalException

from django.core.management.base import BaseCommand

from finance.contract import Written, parse
from finance.engine import EngineInputError, compute


class Command(BaseCommand):
    help = "Compute the contribution per year and werksoort from tariffs and headcounts (JSON in, JSON out)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="input JSON file, or - for standard input")

    def handle(self, *args, file, **options):
        try:
            raw = _read(file)
        except OSError as exc:
            self._fail(f"kan {file} niet lezen: {exc.strerror}")
        try:
            # Numbers keep how they were written, so a message can show them back as the user typed them.
            data = json.loads(raw.decode("utf-8-sig"), parse_float=Written, parse_int=Written, parse_constant=Written)
        except UnicodeDecodeError:
            self._fail("de invoer is geen UTF-8-tekst")
        except json.JSONDecodeError as exc:
            self._fail(f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}")
        except RecursionError:
            self._fail("de JSON is te diep genest")
        try:
            output = compute(parse(data)).as_dict()
        except EngineInputError as exc:
            self._fail(f"ongeldige invoer bij '{exc.key}': {exc.message}")
        except DecimalException:
            self._fail("de getallen zijn te groot of te klein om mee te rekenen")
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))

    def _fail(self, message):
        self.stderr.write(f"finance_compute: {message}")
        sys.exit(2)


def _read(file: str) -> bytes:
    if file != "-":
        with open(file, "rb") as handle:
            return handle.read()
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
