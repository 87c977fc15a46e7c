"""Benchmark: 200 people registering at once for a 20-seat session, through HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/np_coach_bench .venv/bin/python bench/registration.py

What it does, from scratch each time:
1. drops and creates the database named in DATABASE_URL (its name must contain "bench"),
   migrates it, creates --people signed-in members (a Django session each, written to
   the database) and --rounds published coaching sessions of --seats seats;
2. starts gunicorn (DEBUG off, --workers sync workers, bench/urls.py with /bench/bare, a
   view that does nothing) with Redis as the broker, so emails are queued as in
   production (the web process never sends them);
3. per round: --people client threads wait on a barrier and all POST
   /coaching/<pk>/register/ at the same instant (session cookie + CSRF token); then the
   database is asked how many seats are held: more than --seats is an oversell;
4. the same concurrency on the bare view, for the ratio;
5. stops gunicorn and drops the database (unless --keep).

The load generator runs on the same machine as gunicorn and PostgreSQL.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.funds_list import (  # noqa: E402
    drop_database,
    free_port,
    recreate_database,
    server_env,
    start_gunicorn,
    stop,
)

CSRF = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def seed(people: int, rounds: int, seats: int, out: Path) -> None:
    """Runs in a child process with the server's environment (Django set up here)."""
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from events.models import Session
    from members.models import MemberProfile

    User = get_user_model()
    cookies = []
    for n in range(people):
        user = User.objects.create_user(email=f"bench{n}@example.org", password=None)
        MemberProfile.objects.create(
            user=user, full_name=f"Bench {n}", membership="approved", country="KE"
        )
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)
    start = timezone.now() + timedelta(days=10)
    sessions = [
        Session.objects.create(
            app="coaching", kind="workshop", title=f"Bench workshop {r}", starts_at=start,
            ends_at=start + timedelta(hours=1), capacity=seats, status="published", audience="members",
        ).pk
        for r in range(rounds)
    ]  # fmt: skip
    out.write_text(json.dumps({"cookies": cookies, "sessions": sessions}))


def held(session_ids: list[int]) -> dict[int, tuple[int, int, list[int]]]:
    """{session: (seats held, waiting, sorted positions)} read in a child process."""
    code = (
        "import django, json, sys; django.setup();"
        "from events.models import Registration; from events.services import waitlist_position;"
        "ids = json.loads(sys.argv[1]); out = {};\n"
        "for pk in ids:\n"
        "    rows = Registration.objects.filter(session_id=pk)\n"
        "    out[pk] = [rows.holding_seat().count(), rows.waiting().count(),"
        " sorted(waitlist_position(r) for r in rows.waiting())]\n"
        "print(json.dumps(out))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "network_portal.settings"}
    result = subprocess.run([sys.executable, "-c", code, json.dumps(session_ids)], cwd=ROOT, env=env,
                            check=True, capture_output=True, text=True)  # fmt: skip
    return {int(k): tuple(v) for k, v in json.loads(result.stdout.strip().splitlines()[-1]).items()}


def call(port: int, method: str, path: str, cookie: str = "") -> tuple[int, float]:
    headers = {"Host": "127.0.0.1"}
    if method == "POST":
        headers.update(
            {
                "Cookie": f"sessionid={cookie}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": "0",
            }
        )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=b"" if method == "POST" else None, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def burst(port: int, jobs: list[tuple[str, str, str]]) -> tuple[list[float], int]:
    """All jobs at the same instant (a barrier); their latencies and the non-2xx/3xx count."""
    barrier = threading.Barrier(len(jobs))
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def run(method, path, cookie):
        nonlocal errors
        barrier.wait()
        try:
            status, elapsed = call(port, method, path, cookie)
        except OSError:
            status, elapsed = 0, 0.0
        with lock:
            latencies.append(elapsed)
            errors += 0 if 200 <= status < 400 else 1

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/10", help="broker for the queued emails"
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    static_root = tempfile.mkdtemp(prefix="portal-bench-static-")
    env = server_env(database_url, static_root)
    env["REDIS_URL"] = args.redis
    os.environ.update(
        {k: v for k, v in env.items() if k in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY")}
    )
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    proc = None
    try:
        recreate_database(database_url)
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seeded = Path(static_root) / "seed.json"
        subprocess.run([python, __file__, "--seed-into", str(seeded), str(args.people), str(args.rounds), str(args.seats)],
                       cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "network_portal.settings"}, check=True)  # fmt: skip
        data = json.loads(seeded.read_text())
        port = free_port()
        proc = start_gunicorn(env, port, args.workers)
        load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        register_latencies, bare_latencies, errors, oversells, broken_queues = [], [], 0, 0, 0
        for session_id in data["sessions"]:
            # Warm every worker (connection, templates) on the bare view first.
            burst(port, [("GET", "/bench/bare", "")] * (args.workers * 2))
            lat, err = burst(
                port, [("POST", f"/coaching/{session_id}/register/", c) for c in data["cookies"]]
            )
            register_latencies += lat
            errors += err
            lat, _ = burst(port, [("GET", "/bench/bare", "")] * args.people)
            bare_latencies += lat
        counts = held(data["sessions"])
        for seats_held, waiting, positions in counts.values():
            oversells += max(seats_held - args.seats, 0)
            broken_queues += (
                positions != list(range(1, waiting + 1)) or seats_held + waiting != args.people
            )
        p50, p95 = pct(register_latencies, 50), pct(register_latencies, 95)
        b50, b95 = pct(bare_latencies, 50), pct(bare_latencies, 95)
        print()
        print(
            f"{args.people} people at once for {args.seats} seats × {args.rounds} rounds · gunicorn {args.workers} sync "
            f"workers · PostgreSQL · Redis broker · {os.cpu_count()} cores shared with the load generator "
            f"(load before: {load_before})"
        )
        print()
        print("| measure | value |")
        print("|---|---:|")
        print(f"| oversells (seats held beyond capacity, all rounds) | **{oversells}** |")
        print(
            f"| rounds with a wrong waiting list (positions not 1…{args.people - args.seats}) | {broken_queues} |"
        )
        print(f"| failed requests | {errors} |")
        print(f"| register p50 / p95 | {p50:.0f} ms / {p95:.0f} ms |")
        print(f"| bare view, same burst, p50 / p95 | {b50:.0f} ms / {b95:.0f} ms |")
        print(f"| ratio register / bare (p50) | {p50 / b50:.1f}× |")
        print(f"| seats held per round | {sorted({c[0] for c in counts.values()})} |")
        if oversells or broken_queues:
            sys.exit(1)
    finally:
        if proc:
            stop(proc)
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            drop_database(database_url)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--seed-into":
        seed(int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), Path(sys.argv[2]))
    else:
        main()
