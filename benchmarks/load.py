"""Load test: signed-in users replaying the dashboard's real callback requests against
`atrisk serve` (waitress), on loopback only, bounded in users, requests and time.

    python benchmarks/load.py --db PATH [--users 50] [--duration 60] [--workers 2]
                              [--threads 8] [--import-rows 0]
    python benchmarks/load.py --incidents 1000000 [--work DIR] ...

It starts `app.py serve --auth` on a free 127.0.0.1 port, adds viewer accounts, and signs
each simulated user in through `/login`. The requests are the ones a browser sends when a
page opens: the page's layout is asked for through Dash's page callback, every component
value is read from it, and each server callback whose inputs the page holds is sent with
those values (the overview and the busiest country's page). Each user replays them in
turn, without think time, for ``--duration`` seconds (at most ``--max-requests`` in all).
With ``--import-rows N`` an `atrisk import` of N synthetic rows is run halfway through,
published while the users keep going.

It prints requests, errors, requests/s and the p50 / p95 / p99 / max latency, overall and
per callback, and the server settings. A warehouse built with ``--incidents`` is kept in
``--work`` (default the system temp folder, ``loadbench/demo_<N>.duckdb``) and reused.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from queries import users  # noqa: E402
from queries.analytics.refresh import refresh_analytics  # noqa: E402
from queries.db import Warehouse  # noqa: E402
from queries.demo import build_demo as build  # noqa: E402
from queries.incidents import IncidentFilter, country_totals, data_extent  # noqa: E402
from queries.schema import connect_writer  # noqa: E402

PASSWORD = "load-test-password"
SECRET = "load-test-secret-key-load-test-secret-key"
HOST = "127.0.0.1"   # loopback only, always


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its figures."""
    args = parse_args(argv)
    db = args.db or build_demo(args.incidents, args.work)
    accounts = add_accounts(db, min(args.users, 10))
    port = free_port()
    server = start_server(db, port, args)
    base = f"http://{HOST}:{port}"
    try:
        wait_until_up(base)
        sessions = [signed_in(base, accounts[n % len(accounts)]) for n in range(args.users)]
        calls = page_requests(base, sessions[0], busiest_country(db))
        print(f"{len(calls)} callback requests per round: "
              f"{', '.join(sorted({name for name, _ in calls}))}", flush=True)
        results = run(base, sessions, calls, args, db)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    report(results, args)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The load test's flags (users and duration capped)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing warehouse")
    parser.add_argument("--incidents", type=int, default=1_000_000,
                        help="demo size to build when --db is not given")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "loadbench")
    parser.add_argument("--users", type=int, default=50, help="concurrent users (max 200)")
    parser.add_argument("--duration", type=float, default=60, help="seconds (max 600)")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--import-rows", type=int, default=0,
                        help="publish an import of this many rows halfway through")
    args = parser.parse_args(argv)
    args.users, args.duration = min(args.users, 200), min(args.duration, 600)
    return args


def build_demo(incidents: int, work: Path) -> Path:
    """The demo warehouse of that size (built once, then reused)."""
    db = work / f"demo_{incidents}.duckdb"
    if not db.exists():
        print(f"building {db} ...", flush=True)
        con = connect_writer(db)
        build(con, incidents=incidents, seed=7)
        refresh_analytics(con)
        con.close()
    return db


def add_accounts(db: Path, n: int) -> list[str]:
    """Viewer accounts ``load0`` .. (added once)."""
    existing = {user.username for user in users.list_users(db)}
    names = [f"load{k}" for k in range(n)]
    for name in names:
        if name not in existing:
            users.add_user(db, name, "viewer", PASSWORD)
    return names


def busiest_country(db: Path) -> str:
    """The country with the most incidents (its page is the heaviest)."""
    wh = Warehouse(db)
    try:
        first, last = data_extent(wh)
        totals = country_totals(wh, IncidentFilter(first, last))
    finally:
        wh.close()
    return totals.sort_values("incidents").iloc[-1]["iso3"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, args) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATRISK_")}
    env["ATRISK_SECRET_KEY"] = SECRET
    command = [sys.executable, str(ROOT / "app.py"), "serve", "--db", str(db), "--host",
               HOST, "--port", str(port), "--auth", "--workers", str(args.workers),
               "--threads", str(args.threads)]
    print(" ".join(command[1:]), flush=True)
    return subprocess.Popen(command, env=env, cwd=ROOT)


def wait_until_up(base: str, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/health", timeout=2).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {timeout_s} s")


def signed_in(base: str, name: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(f"{base}/login", data={"username": name, "password": PASSWORD},
                          allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise SystemExit(f"sign-in of {name} failed: {answer.status_code}")
    return session


def page_requests(base: str, session: requests.Session, iso3: str) -> list[tuple[str, dict]]:
    """(name, body) of every server callback a page sends when it opens, with the values
    its layout holds, for the overview and ``iso3``'s country page."""
    deps = [d for d in session.get(f"{base}/_dash-dependencies", timeout=30).json()
            if not d.get("clientside_function")]
    calls = []
    for path in ("/", f"/country/{iso3}"):
        values = {("_pages_location", "pathname"): path, ("_pages_location", "search"): ""}
        layout = callback(session, base, _page_callback(deps), values).json()
        _collect(layout, values)
        for dep in deps:
            ids = {(x["id"], x["property"]) for x in dep["inputs"]}
            if dep is _page_callback(deps) or not ids <= values.keys():
                continue
            body = _body(dep, values)
            if session.post(f"{base}/_dash-update-component", json=body,
                            timeout=60).status_code == 200:
                calls.append((f"{path.split('/')[1] or 'overview'}:{_name(dep)}", body))
    return calls


def _page_callback(deps: list[dict]) -> dict:
    return next(d for d in deps if "_pages_content.children" in d["output"])


def callback(session, base: str, dep: dict, values: dict) -> requests.Response:
    return session.post(f"{base}/_dash-update-component", json=_body(dep, values), timeout=60)


def _body(dep: dict, values: dict) -> dict:
    def item(x):
        return {"id": x["id"], "property": x["property"],
                "value": values.get((x["id"], x["property"]))}

    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
               for o in dep["output"].strip(".").split("...")]
    return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [item(x) for x in dep["inputs"]],
            "state": [item(x) for x in dep.get("state", [])], "changedPropIds": []}


def _collect(node, values: dict) -> None:
    """Every (id, prop) -> value of the components in a layout answer."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            for prop, value in props.items():
                if prop not in ("children", "id"):
                    values[(props["id"], prop)] = value
        for value in node.values():
            _collect(value, values)
    elif isinstance(node, list):
        for value in node:
            _collect(value, values)


def _name(dep: dict) -> str:
    return dep["output"].strip(".").split("...")[0].split(".")[0]


def run(base: str, sessions, calls, args, db: Path) -> dict:
    """Each user replays ``calls`` until the time or the request budget is spent."""
    results: dict[str, list] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    budget = [args.max_requests]
    started = time.monotonic()
    stop_at = started + args.duration

    def user(session, offset):
        k = offset
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            name, body = calls[k % len(calls)]
            k += 1
            t0 = time.perf_counter()
            try:
                answer = session.post(f"{base}/_dash-update-component", json=body,
                                      timeout=60)
                ok = answer.status_code in (200, 204)
                reason = str(answer.status_code)
            except requests.RequestException as exc:
                ok, reason = False, type(exc).__name__
            elapsed = time.perf_counter() - t0
            with lock:
                results[name].append(elapsed)
                if not ok:
                    errors.append(f"{name}: {reason}")

    threads = [threading.Thread(target=user, args=(s, n)) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    importer = None
    if args.import_rows:
        time.sleep(args.duration / 2)
        importer = import_rows(db, args.import_rows, args.work)
    for thread in threads:
        thread.join()
    return {"latencies": results, "errors": errors, "seconds": time.monotonic() - started,
            "import": importer}


def import_rows(db: Path, n: int, work: Path) -> str:
    """`atrisk import` of ``n`` synthetic native rows while the users go on."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"load_import_{n}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["source", "source_id", "event_date", "latitude", "longitude",
                      "category", "fatalities"])
        for k in range(n):
            out.writerow(["loadtest", k, f"2024-{k % 12 + 1:02d}-{k % 28 + 1:02d}",
                          4 + (k % 100) / 100, 18 + (k % 50) / 50, "other", k % 5])
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "app.py"), "import", "incidents",
                           str(path), "--db", str(db)], capture_output=True, text=True,
                          check=False, timeout=600)
    return (f"import of {n:,} rows: exit {done.returncode} in {time.monotonic() - t0:.1f} s "
            f"(published while serving)")


def report(results: dict, args) -> None:
    latencies = results["latencies"]
    every = sorted(t for times in latencies.values() for t in times)
    if not every:
        print("no requests were made")
        return
    print(f"\nserver: waitress, {args.workers} worker(s) x {args.threads} threads; "
          f"{args.users} users, {results['seconds']:.0f} s")
    if results["import"]:
        print(results["import"])
    print(f"requests {len(every):,}  errors {len(results['errors'])}  "
          f"{len(every) / results['seconds']:.1f} req/s")
    print(f"{'callback':<40} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for name, times in sorted(latencies.items()) + [("ALL", every)]:
        print(f"{name:<40} {len(times):>6} " + " ".join(
            f"{_pct(sorted(times), q):>7.3f}" for q in (50, 95, 99, 100)))
    for error in sorted(set(results["errors"]))[:10]:
        print("error:", error)


def _pct(ordered: list[float], q: float) -> float:
    if q >= 100:
        return ordered[-1]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1] \
        if len(ordered) > 1 else ordered[0]


if __name__ == "__main__":
    sys.exit(main())
