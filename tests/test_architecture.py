"""The architecture as a checked contract (docs/architecture.md): the apps depend one way, in their imports
(`lint-imports`, run by `make lint`, with the contract in pyproject.toml) and in their migrations (here)."""

import ast
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

# From the bottom up: an app may depend on the ones before it, never on the ones after it.
LAYERS = ["finance", "dossier", "scenarios", "documents", "werkgroep"]
# History, never rewritten (every installation has applied it): dossier 0006 made the proposal in the dossier app,
# pointing to its chosen scenario, and 0011 changed its header, so they depend on the scenarios' migrations. Since
# dossier 0013 the proposal is the documents app's; no later migration of the dossier depends on an app above it.
HISTORY = {("dossier", "0006_proposal", "scenarios"), ("dossier", "0011_proposal_header", "scenarios")}


def _cross_app_dependencies() -> set[tuple[str, str, str]]:
    """(app, migration, app it depends on) for every dependency of a migration on another of the project's apps,
    `run_before` included (it orders as a dependency does)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    edges = set()
    for (app, name), migration in loader.disk_migrations.items():
        for dependency_app, _dependency in migration.dependencies:
            if app in LAYERS and dependency_app in LAYERS and dependency_app != app:
                edges.add((app, name, dependency_app))
        for before_app, before_name in getattr(migration, "run_before", []):
            if app in LAYERS and before_app in LAYERS and before_app != app:
                edges.add((before_app, before_name, app))
    return edges


def test_every_migration_depends_only_on_its_own_app_and_the_apps_below_it():
    upward = {(app, name, on) for app, name, on in _cross_app_dependencies() if LAYERS.index(on) > LAYERS.index(app)}
    assert upward == HISTORY


def test_every_relation_between_models_points_down_the_layers():
    from django.apps import apps

    upward = {
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for app in LAYERS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.related_model is not None
        and field.related_model._meta.app_label in LAYERS
        and LAYERS.index(field.related_model._meta.app_label) > LAYERS.index(app)
    }
    assert upward == set()


def test_the_migration_graph_of_the_apps_has_no_cycle():
    edges = {(app, on) for app, name, on in _cross_app_dependencies() - HISTORY}
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


# Imports that may stay inside a function, and why: an app's ready() connects receivers once the registry is loaded;
# these libraries take hundreds of milliseconds to import and only a few requests need them.
LAZY_LIBRARIES = ("weasyprint", "openpyxl", "matplotlib")


def _local_imports(path: Path) -> list[str]:
    """The imports of `path` made inside a function, but in ready() and of LAZY_LIBRARIES: what could hide a cycle."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) or function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            else:
                continue
            if not all(name.split(".")[0] in LAZY_LIBRARIES for name in names):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {', '.join(names)}")
    return found


def test_no_import_inside_a_function_hides_a_cycle():
    """Every import is at the top of its module (`lint-imports` sees it), but in an app's ready() and of the slow
    libraries (LAZY_LIBRARIES). Tests and migrations are left out."""
    base = Path(settings.BASE_DIR)
    modules = [
        path
        for app in LAYERS + ["config"]
        for path in sorted((base / app).rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(base).parts)
    ]
    assert modules
    assert [found for path in modules for found in _local_imports(path)] == []
