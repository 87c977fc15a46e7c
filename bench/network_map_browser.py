"""The network map of 1,000 organizations in headless Chromium: where the time to
"interactive" goes. Seeds a database it may drop (its name must contain "bench") the way
bench/network_map.py does, serves the portal the way the browser tests do (Django's live
server thread, static files through StaticFilesHandler, DEBUG off), then loads /members/map/
N times in a fresh browser context each and prints, per load and as medians:

- wall clock: navigation start → data-map-ready (the script's own mark), and → the first
  frame Cytoscape drew (map:drawn);
- main-thread CPU of the page (CDP Performance.getMetrics ThreadTime), and the process's
  own CPU (the live server) per load;
- the script's performance marks (map:script, map:json, map:parsed, map:graph, map:ready,
  map:drawn) and the resource timings of the page, the JSON and the scripts;
- with --trace, the main thread's top-level trace events summed by kind (ParseHTML,
  EvaluateScript, FunctionCall, RunTask…) for the last load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/np_map_bench \\
        .venv/bin/python bench/network_map_browser.py --runs 7 --trace

--reuse keeps the seeded database of an earlier run (no drop, no migrate).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
MARKS = ("map:script", "map:json", "map:parsed", "map:graph", "map:ready", "map:drawn", "map:links")


def _setup(reuse: bool, organizations: int) -> None:
    from bench.network_map import _recreate_database

    if not reuse:
        _recreate_database(os.environ["DATABASE_URL"])
    os.environ.update(
        DJANGO_SETTINGS_MODULE="network_portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        SITE_URL="http://localhost",
        CACHE_DIR=tempfile.mkdtemp(prefix="portal-bench-cache-"),
        REDIS_URL="",
        LOG_LEVEL="WARNING",
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # What the tests run with (tests/conftest.py): the manifest storage needs collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if not reuse:
        call_command("migrate", verbosity=0)
        from bench.network_map import seed_network
        from members.network.services import network_refresh

        seed_network(organizations)
        network_refresh(force=True)


def _server():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override={}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    del connections  # the thread opens its own
    return thread, f"http://localhost:{thread.port}"


def _main_thread_summary(events: list[dict]) -> dict[str, float]:
    """Self time (ms) of the complete events on the renderer's main thread, by name."""
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    spans = sorted(
        (
            e
            for e in events
            if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X" and "dur" in e
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    own: dict[str, float] = defaultdict(float)
    stack: list[dict] = []
    for e in spans:
        while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"]:
            stack.pop()
        if stack:
            own[stack[-1]["name"]] -= e["dur"] / 1000
        own[e["name"]] += e["dur"] / 1000
        stack.append(e)
    return dict(sorted(((k, v) for k, v in own.items() if v >= 1), key=lambda kv: -kv[1]))


def _cpu_by_phase(events: list[dict]) -> list[tuple[str, float, float]]:
    """Main-thread CPU (thread clock) of the page between its performance marks:
    [(phase, wall ms, CPU ms)]. Tasks are the top-level complete events of the thread that
    set the marks, counted in the phase where they start."""
    marks = [
        e
        for e in events
        if e.get("cat", "").startswith("blink.user_timing") and e["name"].startswith("map:")
    ]
    if not marks:
        return []
    thread = (marks[0]["pid"], marks[0]["tid"])
    navigation = min(
        (
            e["ts"]
            for e in events
            if (e.get("pid"), e.get("tid")) == thread and e.get("name") == "navigationStart"
        ),
        default=None,
    )
    stamps: dict[str, float] = {}
    for e in sorted(marks, key=lambda e: e["ts"]):
        stamps.setdefault(e["name"], e["ts"])
    tasks = sorted(
        (
            e
            for e in events
            if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X" and "tdur" in e
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    top, end = [], -1.0
    for e in tasks:
        if e["ts"] >= end:
            top.append(e)
            end = e["ts"] + e["dur"]
    start = navigation if navigation is not None else (top[0]["ts"] if top else 0)
    edges = [("navigation", start), *sorted(stamps.items(), key=lambda kv: kv[1])]
    phases = []
    for (name, t0), (next_name, t1) in zip(edges, edges[1:], strict=False):
        cpu = sum(e["tdur"] for e in top if t0 <= e["ts"] < t1) / 1000
        phases.append((f"{name} → {next_name}", (t1 - t0) / 1000, cpu))
    return phases


def _self_time_by_function(profile: dict, top: int = 25) -> list[tuple[str, float]]:
    """A CDP Profiler profile's samples as self time (ms) per function, largest first."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile["timeDeltas"]
    totals: dict[str, float] = defaultdict(float)
    for sample, delta in zip(profile["samples"], deltas[1:] + [0], strict=True):
        frame = nodes[sample]["callFrame"]
        url = frame["url"].rsplit("/", 1)[-1]
        name = f"{frame['functionName'] or '(anonymous)'} {url}:{frame['lineNumber'] + 1}:{frame['columnNumber'] + 1}"
        totals[name] += delta / 1000
    return sorted(totals.items(), key=lambda kv: -kv[1])[:top]


def _loads(args, browser, base, rows, script, new_script) -> dict:
    """args.runs + 1 loads (the first warms the server's caches); rows gets one dict each."""
    extra: dict = {}
    for run in range(args.runs + 1):  # the first load warms the server's caches
        context = browser.new_context(base_url=base, locale="en-GB")
        page = context.new_page()
        variant = "old" if args.compare and run % 2 == 0 else "new"
        # The live server reads static files from disk at each request: swap the file.
        script.write_text(Path(args.compare).read_text() if variant == "old" else new_script)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        tracing = args.trace and run == args.runs
        if tracing:
            browser.start_tracing(
                page=page,
                categories=[
                    "devtools.timeline",
                    "v8",
                    "blink",
                    "disabled-by-default-devtools.timeline",
                    "blink.user_timing",
                    "toplevel",
                ],
            )
        profiling = args.profile and run == args.runs
        if profiling:
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            cdp.send("Profiler.start")
        server_cpu = resource.getrusage(resource.RUSAGE_SELF)
        page.goto(args.url)
        page.wait_for_selector("[data-map-ready]", state="attached", timeout=60_000)
        page.wait_for_function(
            "performance.getEntriesByName('map:drawn').length > 0", timeout=60_000
        )
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        links_cpu = None
        if variant == "new":  # the links arrive after the first frame (network-map.js addLinks)
            page.wait_for_function(
                "performance.getEntriesByName('map:links').length > 0", timeout=60_000
            )
            links_cpu = cdp.send("Performance.getMetrics")["metrics"]
            links_cpu = next(m["value"] for m in links_cpu if m["name"] == "ThreadTime") * 1000
        after = resource.getrusage(resource.RUSAGE_SELF)
        timings = page.evaluate(
            """() => {
              const out = {};
              for (const m of performance.getEntriesByType('mark')) out[m.name] = m.startTime;
              for (const r of performance.getEntriesByType('resource')) {
                const name = r.name.split('/').pop().split('?')[0] || r.name;
                out['res:' + name] = [r.startTime, r.responseStart, r.responseEnd, r.transferSize, r.encodedBodySize];
              }
              const nav = performance.getEntriesByType('navigation')[0];
              out['res:page'] = [0, nav.responseStart, nav.responseEnd, nav.transferSize, nav.encodedBodySize];
              out['domContentLoaded'] = nav.domContentLoadedEventEnd;
              out.ready = Number(document.querySelector('[data-map-ready]').getAttribute('data-map-ready'));
              return out;
            }"""
        )
        if profiling:
            extra["hot"] = _self_time_by_function(cdp.send("Profiler.stop")["profile"])
        if tracing:
            trace = json.loads(browser.stop_tracing())
            extra["summary"] = _main_thread_summary(trace["traceEvents"])
            extra["phases"] = _cpu_by_phase(trace["traceEvents"])
        context.close()
        if run == 0:
            continue
        timings["cpu"] = metrics["ThreadTime"] * 1000
        timings["variant"] = variant
        timings["cpu_links"] = links_cpu if links_cpu is not None else timings["cpu"]
        timings.setdefault("map:links", timings.get("map:drawn", 0))
        timings["server_cpu"] = (
            after.ru_utime + after.ru_stime - server_cpu.ru_utime - server_cpu.ru_stime
        ) * 1000
        rows.append(timings)
        print(
            f"load {run} ({variant}): ready {timings['ready']:.0f} ms, drawn {timings.get('map:drawn', 0):.0f} ms, "
            f"main-thread CPU {timings['cpu']:.0f} ms; all links {timings['map:links']:.0f} ms, "
            f"CPU {timings['cpu_links']:.0f} ms; server+harness CPU {timings['server_cpu']:.0f} ms"
        )
    return extra


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--url", default="/members/map/")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--trace", action="store_true", help="summarise a Chrome trace of the last load"
    )
    parser.add_argument(
        "--compare",
        metavar="OLD_JS",
        help="alternate loads between static/js/network-map.js and this file",
    )
    parser.add_argument(
        "--profile", action="store_true", help="a JavaScript CPU profile of the last load"
    )
    args = parser.parse_args()
    _setup(args.reuse, args.organizations)
    thread, base = _server()
    from playwright.sync_api import sync_playwright

    print(f"load average before: {os.getloadavg()[0]:.2f}; code: {ROOT}")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        script = ROOT / "static" / "js" / "network-map.js"
        new_script = script.read_text()
        try:
            extra = _loads(args, browser, base, rows, script, new_script)
        finally:
            script.write_text(new_script)
        browser.close()
    thread.terminate()

    if args.compare:
        for variant in ("old", "new"):
            chosen = [r for r in rows if r["variant"] == variant]
            print(
                f"{variant}: {len(chosen)} loads, drawn {statistics.median(r['map:drawn'] for r in chosen):.0f} ms wall, "
                f"main-thread CPU {statistics.median(r['cpu'] for r in chosen):.0f} ms; all links drawn "
                f"{statistics.median(r['map:links'] for r in chosen):.0f} ms wall, "
                f"CPU {statistics.median(r['cpu_links'] for r in chosen):.0f} ms"
            )
        rows = [r for r in rows if r["variant"] == "new"]

    def median(key, index=None):
        values = [r[key] if index is None else r[key][index] for r in rows if key in r]
        return statistics.median(values) if values else float("nan")

    print(f"\nmedians of {len(rows)} loads ({args.organizations} organizations, {args.url}):")
    print(
        f"  ready {median('ready'):.0f} ms wall, drawn {median('map:drawn'):.0f} ms wall, main-thread CPU {median('cpu'):.0f} ms; all links {median('map:links'):.0f} ms wall, CPU {median('cpu_links'):.0f} ms"
    )
    for name in (
        "res:page",
        *sorted(k for k in rows[-1] if k.startswith("res:") and k != "res:page"),
    ):
        print(
            f"  {name[4:]:<28} start {median(name, 0):6.0f}  first byte {median(name, 1):6.0f}  "
            f"end {median(name, 2):6.0f} ms  {rows[-1][name][3]:>9,} B transferred ({rows[-1][name][4]:,} body)"
        )
    print(f"  DOMContentLoaded end       {median('domContentLoaded'):6.0f} ms")
    for mark in MARKS:
        print(f"  {mark:<14} {median(mark):6.0f} ms")
    if args.trace:
        print("\nmain thread by phase, last load (trace): wall ms, CPU ms")
        for name, wall, cpu in extra["phases"]:
            print(f"  {name:<34} {wall:7.0f} {cpu:7.0f}")
        print("\nmain thread, last load (trace, self time ms):")
        for name, ms in extra["summary"].items():
            print(f"  {name:<34} {ms:7.0f}")
    if args.profile:
        print("\nJavaScript self time, last load (sampling profile, ms):")
        for name, ms in extra["hot"]:
            print(f"  {ms:7.1f}  {name}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
