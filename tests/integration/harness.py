"""Real processes for integration tests: a private redis-server, a Celery worker, and the
test process publishing to that broker instead of running tasks eagerly.

Fixtures in tests/integration/conftest.py wrap these; other apps' integration tests can
use the fixtures (`celery_worker_factory`, `private_redis`, `broker`, `mail_dir`) or these
classes directly.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CELERY_BIN = ROOT / ".venv" / "bin" / "celery"
REDIS_SERVER_BIN = "/usr/bin/redis-server"
KEY_HEADER = "X-Portal-Key"
PYCACHE_DIR = Path(tempfile.gettempdir()) / "portal-test-worker-pycache"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.05, message: str = "condition"):
    """Poll `predicate` until it returns a truthy value (returned) or fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


def worker_database_url() -> str:
    """The URL of the database pytest-django created for this run (test_<name>)."""
    db = settings.DATABASES["default"]
    assert db["ENGINE"].endswith("postgresql"), "integration tests need PostgreSQL"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


class RedisServer:
    """A throwaway redis-server on a free port (no persistence), stoppable and
    restartable on the same port. Never touches the machine's shared Redis."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.port = port or free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> RedisServer:
        assert self.proc is None, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                REDIS_SERVER_BIN,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--logfile",
                str(self.workdir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self.ping, timeout=10, message=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.proc = None


class CeleryWorker:
    """`celery -A network_portal worker` as a subprocess against the test database.

    Its output goes to `<workdir>/worker-<n>.log`; `start()` returns once the worker
    logs "ready". `stop()` is a warm shutdown (finishes the running task), `kill()` a
    SIGKILL of the whole process group (worker and any prefork children)."""

    def __init__(
        self,
        *,
        broker_url: str,
        mail_dir: Path,
        workdir: Path,
        queues: str = "celery",
        pool: str = "solo",
        concurrency: int = 1,
        beat: bool = False,
        broker_dir: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ):
        self.broker_url = broker_url
        self.beat = beat
        self.broker_dir = broker_dir
        self.mail_dir = mail_dir
        self.workdir = workdir
        self.queues = queues
        self.pool = pool
        self.concurrency = concurrency
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.log_path: Path | None = None

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("EMAIL_", "CELERY_", "REDIS_", "DATABASE_"))
            and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "network_portal.settings",
                "PYTHONPATH": str(ROOT),
                "DATABASE_URL": worker_database_url(),
                "DATABASE_CONN_MAX_AGE": "0",
                "REDIS_URL": self.broker_url,
                # The cache shares the broker's database (keys prefixed), so the worker
                # never writes to a Redis database the test run was not given.
                "REDIS_CACHE_URL": self.broker_url,
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(self.mail_dir),
                "LOG_LEVEL": "INFO",
                # Bytecode cached outside the repository: later workers start in a
                # fraction of the time (the environment may disable bytecode writing).
                "PYTHONPYCACHEPREFIX": str(PYCACHE_DIR),
            }
        )
        if self.broker_dir is not None:
            # No Redis at all: the file broker (core/broker.py) and a file cache, as
            # `make run` uses on a bare machine.
            del env["REDIS_URL"], env["REDIS_CACHE_URL"]
            env["CELERY_BROKER_DIR"] = str(self.broker_dir)
            env["CACHE_DIR"] = str(self.workdir / "cache")
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90) -> CeleryWorker:
        assert self.proc is None, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / f"worker-{uuid.uuid4().hex[:8]}.log"
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                str(CELERY_BIN),
                "-A",
                "network_portal",
                "worker",
                "--pool",
                self.pool,
                "--concurrency",
                str(self.concurrency),
                "-Q",
                self.queues,
                "-n",
                f"outbox-test-{uuid.uuid4().hex[:8]}@%h",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *(["--beat", "--schedule", str(self.workdir / f"beat-{uuid.uuid4().hex[:8]}")] if self.beat else []),
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            wait_for(
                self._ready, timeout=timeout, interval=0.1, message="the Celery worker to be ready"
            )
        except BaseException:
            self.kill()
            raise
        return self

    def _ready(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"worker exited with {self.proc.returncode}:\n{self.log()}")
        return " ready." in self.log()

    def log(self) -> str:
        return (
            self.log_path.read_text(errors="replace")
            if self.log_path and self.log_path.exists()
            else ""
        )

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """Warm shutdown; SIGKILL if it does not exit in time."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self.proc = None

    def kill(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None


def reset_producer_pool(app) -> None:
    """Forget every broker connection and pool (ours and kombu's global registry), so
    the next publish connects afresh to whatever `app.conf.broker_url` says now."""
    from kombu import pools

    pools.reset()
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


def file_broker_options(broker_dir: Path) -> dict[str, str]:
    """The transport options settings.py derives from CELERY_BROKER_DIR without Redis."""
    queue = str(broker_dir / "queue")
    return {"data_folder_in": queue, "data_folder_out": queue, "control_folder": str(broker_dir / "control")}


@contextlib.contextmanager
def publishing_to(broker_url: str, *, broker_dir: Path | None = None):
    """In the test process, publish tasks to `broker_url` instead of running them eagerly
    (tests/conftest.py makes unit tests eager), or, with `broker_dir`, to the file broker
    kept there. Restores the previous setup afterwards."""
    from network_portal.celery import app

    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "broker_write_url": app.conf.broker_write_url,
        "broker_transport": app.conf.broker_transport,
        "broker_transport_options": app.conf.broker_transport_options,
    }
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    app.conf.broker_write_url = None
    # The URL's own transport (Redis), unless the file broker is asked for.
    app.conf.broker_transport = "core.broker:Transport" if broker_dir is not None else None
    if broker_dir is not None:
        app.conf.broker_transport_options = file_broker_options(broker_dir)
    reset_producer_pool(app)
    try:
        yield app
    finally:
        reset_producer_pool(app)
        for name, value in saved.items():
            setattr(app.conf, name, value)


_KEY_RE = re.compile(rf"^{re.escape(KEY_HEADER)}: (.+)$", re.MULTILINE)


def delivered_keys(mail_dir: Path) -> Counter:
    """How many times each outbox key was written by the file-based email backend
    (one file per connection, possibly several messages per file)."""
    counts: Counter = Counter()
    if not mail_dir.exists():
        return counts
    for path in mail_dir.iterdir():
        if path.is_file():
            counts.update(m.strip() for m in _KEY_RE.findall(path.read_text(errors="replace")))
    return counts


def task_runs_done(worker, task_name: str) -> int:
    """How many runs of `task_name` the worker's log reports as succeeded."""
    return sum(1 for line in worker.log().splitlines() if task_name in line and " succeeded in " in line)
