"""`manage.py scenario_compare --dossier SLUG [--format json|table]`: every active scenario's yearly contribution,
cumulative total, NPV, weighted score, rank and flags, from the same selectors as the comparison page; per year the
one-off costs (`incidental`) and the structural effect against the DVO baseline (`structural`), as the controller's
meerjarenraming has them; and per scenario its `uncertainty` (P10/P50/P90 per year and cumulative, the chance of being
the cheapest) over the dossier's uncertain inputs, with `--draws` and `--seed` or the parameters: the same seed gives
the same output, byte for byte. Beside "scenarios" a top-level "tornado": the uncertain inputs one at a time at their
P10 and P90, for the comparison's choice against the DVO scenario (as the comparison page has it)."""

import json

from django.utils.translation import gettext as _

from dossier.management.strict import StrictCommand
from dossier.models import Dossier
from finance.engine import to_cents
from scenarios import uncertainty
from scenarios.budget import budget_view
from scenarios.comparison import best_choice, dvo_result
from scenarios.selectors import compare


class Command(StrictCommand):
    help = "Compare the scenarios of a dossier (JSON or a table)."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--draws", type=int, help="number of Monte Carlo draws (default: the parameter)")
        parser.add_argument("--seed", type=int, help="seed of the draws (default: the parameter)")

    def handle(self, *args, dossier, format, draws=None, seed=None, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self.fail(f"dossier '{dossier}' bestaat niet")
        comparison = compare(target)
        budgets = {b.outcome.scenario.pk: b for b in budget_view(target, comparison).scenarios}
        try:
            drawn = uncertainty.run(target, draws=draws, seed=seed, comparison=comparison)
        except uncertainty.UncertaintyError as exc:
            self.fail(str(exc))
        rows = [self._row(r, budgets.get(r.scenario.pk)) for r in comparison.results]
        for r, row in zip(comparison.results, rows, strict=True):
            row["uncertainty"] = None if drawn is None else drawn.scenario_json(r.scenario.pk)
        for row in rows:
            row["flags"] = row["flags"] + comparison.flags
        if format == "json":
            output = {"scenarios": rows, "tornado": self._tornado(comparison)}
            self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))
        else:
            self._table(rows)

    def _tornado(self, comparison):
        """The tornado over the uncertain inputs of the comparison's choice against the DVO scenario (as the page)."""
        chosen = best_choice(comparison)
        base = dvo_result(comparison)
        frame = None if chosen is None or base is None else uncertainty.tornado(comparison, chosen, base)
        if frame is None:
            return None
        return {
            "chosen": chosen.scenario.name,
            "against": base.scenario.name,
            "rows": [
                {
                    "key": row.key,
                    "label": row.label,
                    "low_value": str(row.low_value),
                    "high_value": str(row.high_value),
                    "low": str(to_cents(row.low)),
                    "high": str(to_cents(row.high)),
                }
                for row in frame.itertuples()
            ],
        }

    def _row(self, r, budget):
        figures = r.as_json()
        row = {
            key: figures[key]
            for key in (
                "name",
                "kind",
                "yearly",
                "cumulative",
                "npv",
                "score",
                "rank",
                "flags",
                "months",
                "per_fte",
                "contracts",
            )
        }
        # The controller's split (scenarios.budget): one-off costs, and the structural effect against the DVO baseline.
        for key in ("incidental", "structural"):
            amounts = getattr(budget, key) if budget is not None else {}
            row[key] = {str(y): str(to_cents(v)) for y, v in sorted(amounts.items())}
        return row

    def _table(self, rows):
        header = f"{'#':>2}  {_('Scenario'):<60} {_('Cumulative'):>16} {_('NPV'):>16} {_('Score'):>6}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0)):
            self.stdout.write(
                f"{row['rank'] or '-':>2}  {row['name'][:60]:<60} {row['cumulative'] or '-':>16} "
                f"{row['npv'] or '-':>16} {row['score'] or '-':>6}"
            )
            for flag in row["flags"]:
                self.stdout.write(f"    ! {flag}")
