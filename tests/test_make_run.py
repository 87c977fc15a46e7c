"""`make run` as a newcomer (or a process manager) uses it: the site's address follows
PORT, a missing database is created or explained in one line, and stopping it stops
everything it started."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.integration.harness import free_port, wait_for

BASE_DIR = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make") or "/usr/bin/make"
MAKE_OPTIONS = ["-o", ".venv/.installed"]  # never rebuild the virtual environment from a test


def _bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh clone: no database, Redis, mail server or site URL."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "EMAIL_", "CELERY_", "SITE_", "PORTAL_", "DJANGO_"))
        and k not in {"PORT", "VAR_DIR", "CACHE_DIR", "PYTEST_CURRENT_TEST"}
    }
    env.update({"VAR_DIR": str(tmp_path / "var"), **extra})
    return env


def _settings_in(env: dict[str, str], *names: str) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(settings.{name})" for name in names
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "network_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_site_url_follows_the_port_make_run_serves_on(tmp_path):
    site_url, origins = _settings_in(_bare_env(tmp_path, PORT="8801"), "SITE_URL", "CSRF_TRUSTED_ORIGINS")

    assert site_url == "http://127.0.0.1:8801"
    assert origins == "['http://127.0.0.1:8801']"


def test_a_site_url_that_is_set_wins_over_the_port(tmp_path):
    env = _bare_env(tmp_path, PORT="8801", SITE_URL="https://portal.example.org/")

    assert _settings_in(env, "SITE_URL") == ["https://portal.example.org"]


def test_without_redis_tasks_go_to_a_file_broker_under_var_not_in_process(tmp_path):
    transport, eager, folder = _settings_in(
        _bare_env(tmp_path),
        "CELERY_BROKER_TRANSPORT",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']",
    )

    assert (transport, eager) == ("core.broker:Transport", "False")
    assert folder == str(tmp_path / "var" / "celery" / "queue")


def _processes_tagged(tag: str) -> list[str]:
    """Command lines of the live processes whose environment carries `tag` (every process
    `make run` starts inherits it, even once it has been re-parented)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if tag.encode() in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "\nState:\tZ" not in status:
                    found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def _kill_tagged(tag: str) -> None:
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and tag.encode() in (entry / "environ").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            continue


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
            return response.status == 200
    except OSError:
        return False


@pytest.mark.timeout(240)
def test_sigterm_to_make_run_stops_the_server_the_worker_and_beat(tmp_path):
    tag = f"PORTAL_RUN_TEST={uuid.uuid4().hex}"
    port = free_port()
    # DEMO=no: what is tested is stopping, not the demo data (tests/members/test_seed_demo.py).
    env = _bare_env(tmp_path, PORT=str(port), DEMO="no", PORTAL_RUN_TEST=tag.partition("=")[2])
    log = (tmp_path / "make-run.log").open("wb")
    make = subprocess.Popen(  # noqa: S603 - fixed arguments
        [MAKE, *MAKE_OPTIONS, "run"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    output = lambda: (tmp_path / "make-run.log").read_text(errors="replace")  # noqa: E731
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), timeout=180, interval=0.5,
                 message="the portal to answer")
        wait_for(lambda: " ready." in output() and "beat: Starting" in output(), timeout=60, interval=0.5,
                 message="the worker and beat")
        started = _processes_tagged(tag)
        assert any("runserver" in cmd for cmd in started), started
        assert any("celery" in cmd and "worker" in cmd for cmd in started), started
        assert "files under" in output() and str(tmp_path / "var" / "mail") in output()

        make.send_signal(signal.SIGTERM)
        make.wait(timeout=60)
        # The shell's trap waits for its children; give re-parented ones a moment too.
        deadline = time.monotonic() + 15
        while _processes_tagged(tag) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _processes_tagged(tag) == [], output()[-3000:]
        assert not _answers(f"http://127.0.0.1:{port}/healthz")
    finally:
        log.close()
        if make.poll() is None:
            make.kill()
        _kill_tagged(tag)  # only what this test started, whatever the assertions said


@pytest.mark.postgres
@pytest.mark.django_db
def test_make_run_creates_a_missing_postgresql_database(tmp_path):
    from django.db import connection

    name = f"{connection.settings_dict['NAME']}_created_{uuid.uuid4().hex[:8]}"[:63]
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    env = {**_bare_env(tmp_path), "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "network_portal.settings"}
    try:
        first = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "network_portal.database"], cwd=BASE_DIR, env=env,
            capture_output=True, text=True, timeout=60,
        )
        again = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "network_portal.database"], cwd=BASE_DIR, env=env,
            capture_output=True, text=True, timeout=60,
        )
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    assert (first.returncode, first.stdout.strip()) == (0, f"Created the PostgreSQL database {name!r} on "
                                                         f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}.")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_make_run_explains_in_one_line_a_database_server_that_does_not_answer(tmp_path):
    port = free_port()  # nothing listens there
    env = {
        **_bare_env(tmp_path),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/portal",
        "DJANGO_SETTINGS_MODULE": "network_portal.settings",
    }

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "network_portal.database"], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"PostgreSQL at 127.0.0.1:{port} cannot be used (Connection refused). "
        "Start it or fix DATABASE_URL; unset DATABASE_URL to run on SQLite."
    ]


def test_make_test_uses_a_database_name_of_this_checkouts_own(tmp_path):
    checksum = subprocess.run(  # noqa: S603 - fixed arguments
        ["cksum"], input=str(BASE_DIR), capture_output=True, text=True, check=True  # noqa: S607
    ).stdout.split()[0]

    dry_run = subprocess.run(  # noqa: S603 - fixed arguments
        [MAKE, "-n", *MAKE_OPTIONS, "test"], cwd=BASE_DIR, env=_bare_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )

    assert f"postgres://postgres@127.0.0.1:5432/network_portal_{checksum};" in dry_run.stdout
