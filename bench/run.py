"""The performance benchmark in one command: our API and pages against Datasette on the same data.

    .venv/bin/python bench/run.py                       # 1k, 100k and 1M events (about 45 minutes)
    .venv/bin/python bench/run.py --sizes 1000,20000    # a quick run

For each size it (re)creates the PostgreSQL database `atrocity_bench`, loads the curated cases, generates the
synthetic corpus, exports it to SQLite, serves ours with gunicorn (production settings, DEBUG off, throttling off,
response caching off, then on with Redis) and the export with Datasette, and loads both with wrk from another
process (8 connections). It prints a Markdown table and writes everything, EXPLAIN plans included, to
bench/results/<timestamp>.json (git-ignored).
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
WORK = RESULTS / "work"
LUA = ROOT / "bench" / "report.lua"
OURS_PORT, DATASETTE_PORT = 8100, 8101
OURS, DATASETTE = f"http://127.0.0.1:{OURS_PORT}", f"http://127.0.0.1:{DATASETTE_PORT}"
NESTED = "&_shape=array&_json=phase&_json=actors&_json=instruments&_json=sources&_json=links"
SEARCH_WORD = "embargo"
LARGE_CASE = "synthetic-case-0001"
CASE_PAGE_CASE = "synthetic-case-0001"
CSV_EXPORT = "/api/events/?format=csv"


@dataclass
class Endpoint:
    """One thing a reader asks for, as our URL and as Datasette's equivalent."""

    name: str
    ours: str
    theirs: str
    target_p95_ms: float | None = None
    cached_too: bool = False
    connections: int | None = None  # wrk connections for this row when not --connections


def endpoints() -> list[Endpoint]:
    """The endpoints the issue lists, each with its Datasette equivalent (same rows, columns and page size)."""
    case = LARGE_CASE
    return [
        Endpoint("Event list by case (50, nested)", f"/api/events/?case={case}",
                 f"/kb/events_by_case.json?case={case}{NESTED}", 50, True),
        Endpoint("Event list actor=united-nations", "/api/events/?actor=united-nations",
                 f"/kb/events_by_actor.json?actor=united-nations{NESTED}", 50, True),
        Endpoint("Full-text search", f"/api/events/?search={SEARCH_WORD}&ordering=date",
                 f"/kb/events_search.json?q={SEARCH_WORD}{NESTED}", 50, True),
        Endpoint("Case detail (API)", f"/api/cases/{case}/",
                 f"/kb/case_detail.json?case={case}&_shape=array&_json=phases", None, True),
        Endpoint("Case HTML page (1,000 events)", f"/cases/{CASE_PAGE_CASE}/",
                 f"/kb/case_events?case={CASE_PAGE_CASE}", 300),
        # The issue gives no concurrency for this target: the page as one reader gets it, too.
        Endpoint("Case HTML page (1,000 events), 1 client", f"/cases/{CASE_PAGE_CASE}/",
                 f"/kb/case_events?case={CASE_PAGE_CASE}", 300, connections=1),
        Endpoint("Compare page", "/compare/", "/kb/compare.json?_shape=array&_json=matrix&_json=shared_actors"),
    ]  # fmt: skip


@dataclass
class Options:
    sizes: list[int]
    duration: int
    connections: int
    workers: int
    database: str
    redis: str
    reuse: bool
    prepare_only: bool
    load_test: bool
    load_duration: int
    results: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# --- Processes: the database, gunicorn and Datasette.


def server_env(options: Options, cache: bool) -> dict[str, str]:
    """Production settings as deployed, with throttling off so the load generator is not refused."""
    return dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=options.database,
        DATABASE_CONN_MAX_AGE="600",
        REDIS_URL=options.redis,
        RESPONSE_CACHE="1" if cache else "0",
        API_THROTTLE_ANON="off",
        API_THROTTLE_USER="off",
    )


def manage(options: Options, *args: str) -> str:
    """Run a management command against the benchmark database; its output."""
    env = server_env(options, cache=False)
    done = subprocess.run([BIN / "python", "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def recreate_database(options: Options) -> None:
    """A fresh database with the schema and the four curated cases (united-nations included)."""
    name = options.database.rsplit("/", 1)[1]
    admin = options.database.rsplit("/", 1)[0] + "/postgres"
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", admin, "-q", "-c", sql], check=True, capture_output=True)
    manage(options, "migrate", "--noinput", "-v0")
    manage(options, "load_case_studies")
    manage(options, "collectstatic", "--noinput", "-v0")


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until the server we started answers (not another still holding the port)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server for {url} exited (is the port still in use?)")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def start_gunicorn(options: Options, cache: bool) -> subprocess.Popen:
    command = [BIN / "gunicorn", "atrocity.wsgi", "--bind", f"127.0.0.1:{OURS_PORT}", "--workers",
               str(options.workers), "--timeout", "300"]  # fmt: skip
    # Its own process group, so stopping it also stops workers still busy with a slow request.
    process = subprocess.Popen(
        command, cwd=ROOT, env=server_env(options, cache), stdout=subprocess.DEVNULL, start_new_session=True
    )
    wait_for(f"{OURS}/api/", process)
    return process


def start_datasette(path: Path) -> subprocess.Popen:
    command = [
        BIN / "datasette", "serve", "--immutable", str(path), "--metadata", f"{path}.metadata.json",
        "--port", str(DATASETTE_PORT), "--setting", "sql_time_limit_ms", "60000",
        "--setting", "max_returned_rows", "1000", "--setting", "default_page_size", "50",
        "--setting", "max_csv_mb", "0",  # no cap: the full export is measured, not its first 100 MB
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    wait_for(f"{DATASETTE}/kb.json", process)
    wait_until_idle(process.pid)
    return process


def wait_until_idle(pid: int, seconds: float = 300) -> None:
    """Until a process stops using the CPU: Datasette counts every table of an immutable database after it starts,
    which at a million events takes a minute of CPU that would otherwise be taken from whatever is measured next."""
    deadline = time.monotonic() + seconds
    used = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        used, before = cpu_seconds(pid), used
        if used - before < 0.05:
            return
    log(f"process {pid} still busy after {seconds} s; measuring anyway")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen) -> None:
    """Stop a server and every process of its group (workers included), so the port is free for the next."""
    os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def worker_pids(process: subprocess.Popen) -> list[int]:
    """The process and its children (gunicorn's workers)."""
    found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    return [process.pid, *map(int, found)]


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match[1]) / 1024 if match else 0.0


# --- Measurements.


def wrk(url: str, options: Options, connections: int | None = None) -> dict:
    """Throughput and latency percentiles for one URL, 8 connections by default, from a separate process."""
    connections = connections or options.connections
    for _ in range(3):  # warm up: connections, caches, PostgreSQL's buffers (once is enough for a slow page)
        started = time.monotonic()
        urllib.request.urlopen(url, timeout=600).read()
        if time.monotonic() - started > 2:
            break
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{options.duration}s", "--timeout", "30s",
               "-s", str(LUA), url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    raw = json.loads(output.split("WRK_JSON ", 1)[1])
    seconds = raw["duration_us"] / 1e6
    return {
        "url": url,
        "requests_per_s": round(raw["requests"] / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "non_2xx_3xx": raw["non_2xx_3xx"],
        "server_errors": raw["server_errors"],
        "socket_errors": raw["socket_errors"] + raw["timeouts"],
    }


def csv_export(url: str, pids: list[int]) -> dict:
    """Download a full CSV export, counting rows, while sampling the servers' resident memory."""
    peak = {"mb": max(rss_mb(pid) for pid in pids)}
    baseline = peak["mb"]
    running = threading.Event()
    running.set()

    def sample():
        while running.is_set():
            peak["mb"] = max(peak["mb"], *(rss_mb(pid) for pid in pids))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, lines = time.monotonic(), 0
    with urllib.request.urlopen(url, timeout=3600) as response:
        while chunk := response.read(1 << 20):
            lines += chunk.count(b"\n")
    seconds = time.monotonic() - started
    running.clear()
    sampler.join()
    rows = lines - 1  # the header
    return {
        "url": url,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": round(peak["mb"], 1),
        "rss_before_mb": round(baseline, 1),
    }


def explain_ours(options: Options, urls: list[str]) -> list[dict]:
    env = server_env(options, cache=False)
    done = subprocess.run([BIN / "python", "bench/explain.py", *urls], cwd=ROOT, env=env, capture_output=True,
                          text=True)  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"bench/explain.py failed:\n{done.stderr}")
    return json.loads(done.stdout)


def explain_datasette(path: Path) -> dict[str, list[str]]:
    """SQLite's query plan for each canned query, with the parameters the benchmark uses."""
    import sqlite3

    metadata = json.loads(Path(f"{path}.metadata.json").read_text())
    params = {"case": LARGE_CASE, "actor": "united-nations", "q": SEARCH_WORD}
    db = sqlite3.connect(path)
    plans = {}
    for name, query in metadata["databases"]["kb"]["queries"].items():
        rows = db.execute(f"EXPLAIN QUERY PLAN {query['sql']}", params).fetchall()
        plans[name] = [row[-1] for row in rows]
    db.close()
    return plans


# --- One size.


def prepare(options: Options, size: int) -> dict:
    """The database and the SQLite export for one size, reused when --reuse finds them complete."""
    cases = max(3, min(50, size // 2000))
    path = WORK / f"kb-{size}" / "kb.db"  # Datasette names the database after the file: "kb"
    info = {"events": size, "cases": cases, "database": options.database, "sqlite": str(path)}
    if options.reuse and synthetic_events(options) == size:
        log(f"{size} events: reusing {options.database}")
        info["reused"] = True
        manage(options, "migrate", "--noinput", "-v0")  # the code may have moved on since it was built
        manage(options, "collectstatic", "--noinput", "-v0")
    else:
        log(f"{size} events in {cases} cases: database, curated content, synthetic corpus")
        recreate_database(options)
        started = time.monotonic()
        log(manage(options, "generate_synthetic_data", "--cases", str(cases), "--events", str(size), "--seed", "1"))
        info["generation_s"] = round(time.monotonic() - started, 1)
    # What autovacuum would do in production (it may be off here): visibility map and statistics.
    subprocess.run(["psql", options.database, "-qc", "VACUUM ANALYZE"], check=True, capture_output=True)
    # Always exported afresh: a reused database may hold the load test's writes since the last export.
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    log(manage(options, "export_datasette", str(path), "--base-url", OURS).splitlines()[0])
    info["export_s"] = round(time.monotonic() - started, 1)
    return info


def synthetic_events(options: Options) -> int | None:
    """How many synthetic events the database holds; None when it does not exist."""
    sql = "SELECT count(*) FROM cases_event WHERE key LIKE 'synthetic-%'"
    done = subprocess.run(["psql", options.database, "-Atc", sql], capture_output=True, text=True)
    return int(done.stdout) if done.returncode == 0 else None


def run_size(options: Options, size: int) -> dict:
    """Everything for one corpus size; returns its results."""
    result = prepare(options, size)
    path = Path(result["sqlite"])
    datasette = start_datasette(path)
    try:
        result["endpoints"] = measure_endpoints(options, datasette)
        measure_cached(options, result["endpoints"])
        result["csv"] = measure_csv(options, datasette)
        result["datasette_plans"] = explain_datasette(path)
    finally:
        stop(datasette)
    log("EXPLAIN of our queries")
    result["explain"] = explain_ours(options, [endpoint.ours for endpoint in endpoints()] + [CSV_EXPORT])
    return result


def measure_endpoints(options: Options, datasette: subprocess.Popen) -> list[dict]:
    """Each endpoint, ours (response cache off) then Datasette's.

    After Datasette's turn, wait until it is idle: a query still running when wrk stops (the compare query at 1M
    never completes) goes on for up to its 60 s limit, on the cores the next measurement needs.
    """
    gunicorn = start_gunicorn(options, cache=False)
    rows = []
    try:
        for endpoint in endpoints():
            log(f"wrk {endpoint.name}")
            ours = wrk(OURS + endpoint.ours, options, endpoint.connections)
            theirs = wrk(DATASETTE + endpoint.theirs, options, endpoint.connections)
            wait_until_idle(datasette.pid)
            rows.append({"name": endpoint.name, "target_p95_ms": endpoint.target_p95_ms, "ours": ours,
                         "datasette": theirs, "ratio": ratio(ours, theirs)})  # fmt: skip
    finally:
        stop(gunicorn)
    return rows


def measure_cached(options: Options, rows: list[dict]) -> None:
    """Our endpoints again with the response cache on (Redis), against the Datasette figures just taken."""
    subprocess.run(["redis-cli", "-u", options.redis, "FLUSHDB"], check=False, capture_output=True)
    gunicorn = start_gunicorn(options, cache=True)
    try:
        for endpoint, row in zip(endpoints(), rows, strict=True):
            if endpoint.cached_too:
                log(f"wrk {endpoint.name} (cached)")
                row["ours_cached"] = wrk(OURS + endpoint.ours, options)
                row["ratio_cached"] = ratio(row["ours_cached"], row["datasette"])
    finally:
        stop(gunicorn)


def measure_csv(options: Options, datasette: subprocess.Popen) -> dict:
    log("CSV export, ours")
    gunicorn = start_gunicorn(options, cache=False)
    try:
        ours = csv_export(OURS + CSV_EXPORT, worker_pids(gunicorn))
    finally:
        stop(gunicorn)
    log("CSV export, Datasette")
    theirs = csv_export(f"{DATASETTE}/kb/event_rows.csv?_stream=on&_size=max", [datasette.pid])
    return {"ours": ours, "datasette": theirs, "ratio": round(ours["rows_per_s"] / max(theirs["rows_per_s"], 1), 2)}


def ratio(ours: dict, theirs: dict) -> float | None:
    if not theirs["requests_per_s"] or theirs["server_errors"] or theirs["socket_errors"] == theirs["requests"]:
        return None
    return round(ours["requests_per_s"] / theirs["requests_per_s"], 2)


# --- Report.


def machine() -> dict:
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    datasette = subprocess.run([BIN / "datasette", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu[1] if cpu else platform.processor(),
        "memory_gb": round(int(memory[1]) / 1024 / 1024, 1) if memory else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "datasette": datasette,
        "load_average_at_start": os.getloadavg(),
    }


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}{unit}" if isinstance(value, float) else f"{value:,}{unit}"


def markdown(results: dict, options: Options) -> str:
    lines = [
        f"Machine: {results['machine']['cpus']} × {results['machine']['cpu']}, {results['machine']['memory_gb']} GB; "
        f"{results['machine']['postgresql']}; {results['machine']['datasette']}. gunicorn {options.workers} sync "
        f"workers; wrk {options.connections} connections × {options.duration} s per row.",
        "",
        "| Events | Endpoint | Ours req/s | p50 / p95 / p99 ms | Datasette req/s | p50 / p95 / p99 ms | Ours/DS "
        "| Cached req/s | Cached p95 ms | Cached/DS | Index only | 5xx |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|---:|",
    ]
    for size in results["sizes"]:
        plans = {item["url"]: item for item in size.get("explain", [])}
        for row in size["endpoints"]:
            ours, theirs, cached = row["ours"], row["datasette"], row.get("ours_cached")
            url = ours["url"].removeprefix(OURS)
            explained = plans.get(url)
            lines.append(
                f"| {size['events']:,} | {row['name']} | {fmt(ours['requests_per_s'])} | {latencies(ours)} | "
                f"{fmt(theirs['requests_per_s'])} | {latencies(theirs)} | {fmt(row['ratio'])} | "
                f"{fmt(cached['requests_per_s']) if cached else '–'} | {fmt(cached['p95_ms']) if cached else '–'} | "
                f"{fmt(row.get('ratio_cached'))} | {'yes' if explained and explained['uses_indexes'] else 'NO'} | "
                f"{ours['server_errors'] + (cached['server_errors'] if cached else 0)} |"
            )
        csv, explained = size["csv"], plans.get(CSV_EXPORT)
        lines.append(
            f"| {size['events']:,} | CSV export (all rows) | {fmt(csv['ours']['rows_per_s'])} rows/s, peak RSS "
            f"{fmt(csv['ours']['peak_rss_mb'])} MB | {fmt(csv['ours']['seconds'])} s | "
            f"{fmt(csv['datasette']['rows_per_s'])} rows/s, RSS {fmt(csv['datasette']['peak_rss_mb'])} MB | "
            f"{fmt(csv['datasette']['seconds'])} s | {fmt(csv['ratio'])} | | | | "
            f"{'yes' if explained and explained['uses_indexes'] else 'NO'} | |"
        )
    if results.get("load_test"):
        load = results["load_test"]
        lines += ["", f"Load test: {load['summary']}"]
    return "\n".join(lines)


def latencies(measured: dict) -> str:
    if not measured["requests"]:
        return "none completed"
    return f"{measured['p50_ms']:.1f} / {measured['p95_ms']:.1f} / {measured['p99_ms']:.1f}"


def parse() -> Options:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000,1000000", help="Corpus sizes in events, comma-separated.")
    parser.add_argument("--duration", type=int, default=15, help="Seconds of wrk load per endpoint.")
    parser.add_argument("--connections", type=int, default=8, help="Concurrent wrk connections.")
    # One per core: a request is CPU work shared with PostgreSQL on the same cores, and more workers than cores only
    # queue behind one another in the scheduler (2 cores, 1M events: 4 workers gave p95 58-70 ms where 2 gave 40-48).
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers (default: one per core)."
    )
    parser.add_argument(
        "--database",
        default="postgres://postgres@127.0.0.1:5432/atrocity_bench",
        help="PostgreSQL URL; each size gets its own database, this name plus _<size>.",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="Keep a size's database and export when they already hold its corpus."
    )
    parser.add_argument("--prepare-only", action="store_true", help="Build the databases and exports, measure nothing.")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--no-load-test", dest="load_test", action="store_false", help="Skip the 64-client test.")
    parser.add_argument("--load-duration", type=int, default=60, help="Seconds of the 64-client load test.")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    return Options(sizes, args.duration, args.connections, args.workers, args.database, args.redis, args.reuse,
                   args.prepare_only, args.load_test, args.load_duration)  # fmt: skip


def main() -> None:
    options = parse()
    for tool in ("wrk", "psql", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk postgresql-client redis-tools")
    WORK.mkdir(parents=True, exist_ok=True)
    results = {"started": datetime.datetime.now(datetime.UTC).isoformat(), "machine": machine(), "sizes": []}
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / f"{stamp}.json"
    base_database = options.database
    for size in options.sizes:
        options.database = f"{base_database}_{size}"
        if options.prepare_only:
            prepare(options, size)
            continue
        results["sizes"].append(run_size(options, size))
        output.write_text(json.dumps(results, indent=2))  # a partial result survives an interrupted run
    if options.prepare_only:
        return
    if options.load_test:
        from bench.load import run_load_test

        log(f"Load test: 64 clients, {options.load_duration} s")
        gunicorn = start_gunicorn(options, cache=True)
        try:
            results["load_test"] = run_load_test(OURS, options.load_duration, lambda *args: manage(options, *args))
        finally:
            stop(gunicorn)
    results["finished"] = datetime.datetime.now(datetime.UTC).isoformat()
    output.write_text(json.dumps(results, indent=2))
    table = markdown(results, options)
    (RESULTS / "latest.md").write_text(table + "\n")
    print(table)
    log(f"Results: {output}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
