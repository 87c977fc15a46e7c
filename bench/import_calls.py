"""Benchmark of the spreadsheet import: 5,000 rows written the way people write them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_import .venv/bin/python bench/import_calls.py

What it does, from scratch each time:
1. drops and creates the database named in DATABASE_URL (its name must contain "bench")
   and migrates it;
2. builds a --rows workbook (default 5,000) as a secretariat keeps one: a title row above
   the header, text dates in several forms and Excel date cells, amounts such as
   "USD 50,000", "50k", "€25.000" or ranges, country and category names in English,
   French and Spanish, two co-funders per row, descriptions of about 1 KB, 300 funders;
3. imports it as the background worker does (funds.spreadsheet.import_calls, all or
   nothing): every row creates a call. Then imports the same file again (every row
   unchanged) and a dry run of it. For each: wall time, CPU time of this process and of
   the PostgreSQL backend, and the peak resident memory of the process (ru_maxrss, which
   includes Django itself: measured in a fresh process per run with --only);
4. prints a Markdown table (paste into bench/README.md) and drops the database (unless
   --keep).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.alerts_matching import Meter, recreate_database, setup_django  # noqa: E402

COUNTRIES = ["Kenya", "Sénégal", "Côte d’Ivoire", "UK", "USA", "Colombia", "Perú", "Maroc", "Jordan", "Kosovo",
             "India", "Bangladesh", "Nigeria", "Ghana", "Brésil", "México", "Egypt", "Tunisie", "Ethiopia"]  # fmt: skip
CATEGORIES = ["TVET", "apprenticeships", "Entrepreneuriat", "Emprendimiento", "Skills ecosystem", "RPL",
              "Orientation professionnelle", "Social inclusion and access to training", "soft skills"]  # fmt: skip
WORDS = ["skills", "training", "youth", "green", "digital", "apprenticeship", "employment", "women", "refugees", "innovation"]


def _deadline(rng: random.Random, day: dt.date):
    form = rng.randrange(5)
    if form == 0:
        return dt.datetime(day.year, day.month, day.day)  # an Excel date cell
    if form == 1:
        return day.strftime("%d/%m/%Y")
    if form == 2:
        return day.strftime("%B %d, %Y")
    if form == 3:
        return f"{day.day} mars {day.year}" if day.month == 3 else day.isoformat()
    return rng.choice(["rolling", "continu", "abierta", day.isoformat()])


def _amount(rng: random.Random) -> str:
    value = rng.randrange(5, 500) * 1000
    return rng.choice([f"USD {value:,}", f"{value // 1000}k", f"€{value:,}".replace(",", "."), f"up to {value:,}",
                       f"{value // 2:,}–{value:,}", str(value)])  # fmt: skip


def build_workbook(rows: int, seed: int = 7) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Calls")
    ws.append(["Funding calls kept by the secretariat"])
    ws.append(["Title", "Funder", "Co-funders", "Summary", "Description", "Instrument", "Categories", "Countries",
               "Maximum amount", "Deadline", "Deadline time zone", "Source URL", "Tags"])  # fmt: skip
    today = dt.date(2027, 1, 1)
    for i in range(rows):
        words = " ".join(rng.choices(WORDS, k=150))
        ws.append([
            f"{rng.choice(WORDS).title()} call {i}",
            f"Funder {rng.randrange(300)}",
            f"Co-funder {rng.randrange(50)}, Co-funder {rng.randrange(50, 100)}",
            f"A call about {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
            words,
            rng.choice(["Project grant", "Challenge", "Subvention de projet", "technical_assistance"]),
            "; ".join(rng.sample(CATEGORIES, 2)),
            ", ".join(rng.sample(COUNTRIES, rng.randint(1, 4))),
            _amount(rng),
            _deadline(rng, today + dt.timedelta(days=rng.randrange(30, 400))),
            rng.choice(["Africa/Nairobi", "Europe/Zurich", "America/Bogota", "UTC"]),
            f"https://funder{rng.randrange(300)}.example.org/calls/{i}?utm_source=newsletter",
            "youth, green jobs",
        ])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(label: str, content: bytes, **options) -> dict:
    from django.db import connection

    from funds.spreadsheet import ImportOptions, import_calls

    with Meter(connection) as meter:
        report = import_calls(content, actor=None, filename="bench.xlsx", options=ImportOptions(**options))
    if report.errors:
        raise SystemExit(f"{label}: {len(report.errors)} errors, first: {report.errors[:3]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"label": label, "wall": meter.wall, "cpu": meter.cpu, "pg": meter.pg, "rss": peak,
            "counts": (report.created, report.updated, report.unchanged)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", choices=["first", "again", "dry-run"], help="(internal) one run in this process")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    path = Path("/tmp") / f"bench-import-{args.rows}.xlsx"
    if args.only:
        setup_django()
        content = path.read_bytes()
        result = run(args.only, content, dry_run=args.only == "dry-run", date_order="day-first")
        print(repr(result))
        return
    recreate_database(url)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    content = build_workbook(args.rows)
    path.write_bytes(content)
    print(f"Workbook: {args.rows} rows, {len(content) / 1024 / 1024:.1f} MB", flush=True)
    results = []
    for only in ("first", "again", "dry-run"):
        # A fresh process per run, as a worker task: its peak memory is that run's.
        output = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--only", only],
                                check=True, capture_output=True, text=True, env=os.environ).stdout  # fmt: skip
        results.append(eval(output.strip().splitlines()[-1]))  # noqa: S307 - our own repr()
        print(results[-1], flush=True)
    print("\n| run | rows created / updated / unchanged | wall | CPU (Python) | CPU (PostgreSQL) | peak RSS |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['label']} | {' / '.join(map(str, r['counts']))} | {r['wall']:.1f} s | {r['cpu']:.1f} s | {r['pg']:.1f} s | {r['rss']:.0f} MB |")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        recreate_database(url, drop_only=True)


if __name__ == "__main__":
    main()
