"""SQLite's write-ahead log (readers do not wait for the writer), set once per database file.

WAL is a property of the file: the first connection to a new or restored file switches it, and it stays. Switching
the journal mode does not wait for the write lock (SQLite's busy timeout does not cover it), so doing it on every new
connection, as an `init_command`, could answer "database is locked" at once while another process writes (issue 20,
F5). Here a connection only reads the mode, and switches it only when the file is not in WAL yet."""

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@receiver(connection_created)
def write_ahead_log(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (mode,) = cursor.fetchone()
        if mode.lower() not in ("wal", "memory"):  # an in-memory database has no log to put ahead
            cursor.execute("PRAGMA journal_mode=WAL")
