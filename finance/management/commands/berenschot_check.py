"""`manage.py berenschot_check [--format json|table]`: every figure Berenschot printed in ch. 7 with what the finance
module computes for it and its status (reproduced, explained, input), from the same list as the Berenschot-toets
page. JSON: {"figures": [{"id", "label", "section", "year", "printed", "computed", "difference", "status",
"explanation"}]}; the table is for people (Dutch, aligned, one row per figure)."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from finance.berenschot import status_label
from finance.numbers import format_number
from finance.selectors import berenschot_figures, berenschot_summary


class Command(BaseCommand):
    help = "Berenschot's printed figures (ch. 7) beside the computed ones, with status and explanation."

    # As dossier.management.strict.StrictCommand does (finance may not import dossier): a bad call prints one line
    # "berenschot_check: <problem>" on stderr and exits 2 (1: nothing to check).
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self.fail
        return parser

    def fail(self, message, code=2):
        self.stderr.write(f"berenschot_check: {message}")
        sys.exit(code)

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, format, **options):
        with translation.override(settings.LANGUAGE_CODE):
            checked = berenschot_figures()
            if not checked:
                self.fail("er zijn geen gedrukte cijfers geladen (manage.py load_finance_reference)", code=1)
            if format == "json":
                figures = [f.as_dict() for f in checked]
                self.stdout.write(json.dumps({"figures": figures}, indent=2, ensure_ascii=False))
            else:
                self._table(checked)

    def _table(self, checked):
        """One aligned row per figure; the explanation, of any length, last on its row."""
        header = [_("Id"), _("Figure"), _("Year"), _("Printed"), _("Computed"), _("Difference"), _("Status")]
        rows = [
            [
                f.id,
                f.label,
                str(f.year),
                format_number(f.printed),
                "—" if f.computed is None else format_number(f.computed, 2),
                "—" if f.difference is None else format_number(f.difference, 2),
                status_label(f.status),
            ]
            for f in checked
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        right = {2, 3, 4, 5}  # the figures line up on their last digit

        def line(cells, last):
            aligned = "  ".join(
                cell.rjust(width) if i in right else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
            )
            return f"{aligned}  {last}".rstrip()

        self.stdout.write(line(header, _("Explanation")))
        self.stdout.write("-" * len(line(header, "")))
        for figure, row in zip(checked, rows, strict=True):
            self.stdout.write(line(row, figure.explanation))
        counts = berenschot_summary(checked)
        self.stdout.write(
            _("%(total)s figures: %(reproduced)s reproduced, %(explained)s explained, %(input)s input")
            % {"total": len(checked), **counts}
        )
