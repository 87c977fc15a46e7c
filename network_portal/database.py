"""`python -m network_portal.database`: make sure the configured database can be used,
before `make run` migrates it.

- SQLite: creates the file's folder.
- PostgreSQL: connects; when the database does not exist, creates it (as the configured
  user, connected to the server's `postgres` database). When that is not possible, or the
  server does not answer, prints one line saying what to do and exits with status 1:
  no traceback for a newcomer whose DATABASE_URL is not ready yet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PG_INVALID_CATALOG_NAME = "3D000"  # SQLSTATE: the database does not exist


def _fail(message: str) -> int:
    print(message, file=sys.stderr)  # noqa: T201 - a command-line message
    return 1


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0].rpartition(" failed: ")[2] if lines else type(exc).__name__


def _database_missing(exc: BaseException, name: str) -> bool:
    """Whether connecting failed because the database does not exist (psycopg reports
    it without a SQLSTATE when connecting, so the server's message is checked too)."""
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == PG_INVALID_CATALOG_NAME or (
        f'database "{name}" does not exist' in str(exc)
    )


def ensure_database() -> int:
    """0 when the default database is ready (created if needed), else 1 after one line."""
    from django.db import connections
    from django.db.utils import OperationalError

    connection = connections["default"]
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        if str(name) != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return 0
    if connection.vendor != "postgresql":
        return 0
    where = f"{connection.settings_dict.get('HOST') or 'localhost'}:{connection.settings_dict.get('PORT') or 5432}"
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if not _database_missing(exc, name):
            return _fail(
                f"PostgreSQL at {where} cannot be used ({_first_line(exc)}). Start it or fix DATABASE_URL; "
                "unset DATABASE_URL to run on SQLite."
            )
        return _create(connection, name, where)
    finally:
        connection.close()
    return 0


def _create(connection, name: str, where: str) -> int:
    from django.db import DatabaseError

    try:
        # The server's maintenance database, as Django's test runner does.
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    except DatabaseError as exc:
        return _fail(
            f"Database {name!r} does not exist on {where} and could not be created ({_first_line(exc)}): "
            f"create it with `createdb -h {where.split(':')[0]} {name}`, or unset DATABASE_URL to run on SQLite."
        )
    print(f"Created the PostgreSQL database {name!r} on {where}.")  # noqa: T201
    return 0


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")
    import django

    django.setup()
    return ensure_database()


if __name__ == "__main__":
    sys.exit(main())
