"""The architecture as a checked contract (docs/architecture.md): the apps depend one way, in their imports
(`lint-imports`, run by `make lint`, with the contract in pyproject.toml) and in their migrations (here)."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

# From the bottom up: an app may depend on the ones before it, never on the ones after it.
LAYERS = ["finance", "dossier", "scenarios", "werkgroep"]
# Known, and the next step of the re-cut: the proposal (in the dossier app) names its chosen scenario, so the
# dossier's migrations depend on the scenarios'. It leaves with the documents app, above the scenarios.
KNOWN_UPWARD = {("dossier", "scenarios")}


def _cross_app_dependencies() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    edges = set()
    for (app, _name), migration in loader.disk_migrations.items():
        if app not in LAYERS:
            continue
        for dependency_app, _dependency in migration.dependencies:
            if dependency_app in LAYERS and dependency_app != app:
                edges.add((app, dependency_app))
    return edges


def test_every_migration_depends_only_on_its_own_app_and_the_apps_below_it():
    upward = {(app, on) for app, on in _cross_app_dependencies() if LAYERS.index(on) > LAYERS.index(app)}
    assert upward == KNOWN_UPWARD


def test_the_migration_graph_of_the_apps_has_no_cycle_beyond_the_known_one():
    edges = _cross_app_dependencies() - KNOWN_UPWARD
    seen, stack = set(), []

    def visit(app):
        assert app not in stack, f"a cycle of migrations between apps: {' -> '.join([*stack, app])}"
        if app in seen:
            return
        stack.append(app)
        for source, target in edges:
            if source == app:
                visit(target)
        stack.pop()
        seen.add(app)

    for app in LAYERS:
        visit(app)


def test_the_import_contract_is_kept():
    """`make lint` runs it; here too, so a plain `pytest` run catches an upward import."""
    tool = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(tool)], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
