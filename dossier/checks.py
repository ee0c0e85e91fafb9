"""System checks of the deployment (`manage.py check --deploy`): what the production settings allow but warn about."""

from django.core.checks import Tags, Warning, register
from django.db import connections


# Tags.security, not Tags.database: database checks run only with `check --database`, and this one needs no
# connection, only the configured engine.
@register(Tags.security, deploy=True)
def sqlite_in_production(app_configs, **kwargs):
    if connections["default"].vendor != "sqlite":
        return []
    return [
        Warning(
            "The database is SQLite (ALLOW_SQLITE_IN_PRODUCTION).",
            hint="Use PostgreSQL in production: DATABASE_URL=postgres://user:pass@host:5432/name. SQLite serialises "
            "every write and has no separate database server to back up or secure.",
            id="beslisdossier.W001",
        )
    ]
