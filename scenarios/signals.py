"""What the scenarios announce to the apps above them (which the scenarios do not import)."""

from django.dispatch import Signal

# A loaded scenarios file proposes one of its scenarios: `dossier`, `scenario`.
scenario_proposed = Signal()
