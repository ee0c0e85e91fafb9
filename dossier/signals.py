"""What the dossier announces to the apps above it (which the dossier does not import)."""

from django.dispatch import Signal

# `load_dossier` read a dossier from a folder: `dossier`, `folder`. A receiver loads its own files from the folder
# and returns a line for the console (or None).
dossier_folder_loaded = Signal()
