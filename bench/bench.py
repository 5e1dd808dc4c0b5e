#!/usr/bin/env python3
"""Switchboard benchmark: start-to-ready, idle RSS, create p50/p99, and list/search
throughput and latency with 10,000 connections in one account (and tag filters), on SQLite and on
PostgreSQL (when SWITCHBOARD_TEST_POSTGRES_URL is set). Drives the release binary
with wrk (load) and a small threaded HTTP client (seeding). Prints a Markdown table.

Usage: bench.py path/to/switchboard [--connections N] [--duration S] [--backend all|sqlite|postgres]
"""
import argparse
import base64
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "benchmark password 123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, token=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    c.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, (json.loads(data) if data else None)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def wrk(port, token, path, duration, conns=100):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{duration}s", "--latency", "-H", f"Authorization: Bearer {token}",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True).stdout
    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    return {"p50": ms("50"), "p99": ms("99"), "rps": rps, "errors": errors}


def run(binary, backend, db_url, n, duration):
    data = tempfile.mkdtemp(prefix="sb-bench-")
    port = free_port()
    env = dict(os.environ,
               SWITCHBOARD_BIND=f"127.0.0.1:{port}",
               SWITCHBOARD_DATA_DIR=data,
               SWITCHBOARD_MASTER_KEY=base64.b64encode(os.urandom(32)).decode(),
               SWITCHBOARD_SETUP_TOKEN="bench",
               SWITCHBOARD_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
               SWITCHBOARD_LOG_FORMAT="json",
               RUST_LOG="warn")
    if db_url:
        env["SWITCHBOARD_DATABASE_URL"] = db_url
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if call(port, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.002)
        ready_ms = (time.perf_counter() - t0) * 1000
        time.sleep(1)
        idle_rss = rss_kib(proc.pid) / 1024
        assert call(port, "POST", "/api/v1/setup", {"token": "bench", "email": "bench@example.com", "password": PASSWORD})[0] == 201
        def login():
            return call(port, "POST", "/api/v1/auth/login", {"email": "bench@example.com", "password": PASSWORD})[1]["access_token"]
        token = login()
        session = {"token": token}

        apps = ["github", "gitlab", "typeform", "notion", "airtable", "intercom", "linear", "discord", "calendly", "sendgrid"]
        fields = {"github": {"token": "ghp_" + "a" * 36}, "gitlab": {"token": "glpat-xxxxxxxxxxxxxxxxxxxx"},
                  "typeform": {"token": "tfp_x"}, "notion": {"token": "secret_" + "x" * 43},
                  "airtable": {"token": "pat" + "x" * 14 + "." + "y" * 64}, "intercom": {"access_token": "x"},
                  "linear": {"api_key": "lin_api_" + "x" * 40}, "discord": {"bot_token": "x"},
                  "calendly": {"token": "x"}, "sendgrid": {"api_key": "SG." + "x" * 22 + "." + "y" * 43}}
        # Fill fields from each app's schema so every create is valid.
        for a in apps:
            d = call(port, "GET", f"/api/v1/apps/{a}", token=token)[1]
            f = {}
            for spec in d["auth"]["fields"]:
                if spec.get("default"):
                    continue
                f[spec["key"]] = fields.get(a, {}).get(spec["key"], "benchmark-value-123")
            fields[a] = f
        latencies = []
        lock = threading.Lock()

        def create(i):
            a = apps[i % len(apps)]
            # 1,000 end users, 3 teams: a tag filter picks 1 in 1,000 (and 1 in 3,000).
            tags = {"end_user_id": str(i % 1000), "team": ("sales", "ops", "support")[i % 3]}
            body = {"app": a, "name": f"conn {i:05d}", "fields": fields[a], "test": False, "tags": tags}
            s = time.perf_counter()
            status, resp = call(port, "POST", "/api/v1/connections", body, session["token"])
            with lock:
                latencies.append((time.perf_counter() - s) * 1000)
            if status == 401:
                # Access tokens last 15 minutes; a long seeding outlives one.
                with lock:
                    session["token"] = login()
                status, resp = call(port, "POST", "/api/v1/connections", body, session["token"])
            if status != 201:
                raise RuntimeError(f"create {i}: {status} {resp}")

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(create, range(n)))
        token = login()
        count = 0
        cursor = None
        while True:
            path = "/api/v1/connections?limit=200" + (f"&cursor={cursor}" if cursor else "")
            page = call(port, "GET", path, token=token)[1]
            count += len(page["items"])
            one = page["items"][0]["id"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert count == n, count
        if db_url:
            # What autovacuum does within a minute of a bulk load: planner statistics.
            subprocess.run(["psql", db_url, "-qc", "ANALYZE"], check=True)
        lst = wrk(port, token, "/api/v1/connections?limit=50", duration)
        srch = wrk(port, token, "/api/v1/connections?q=git&limit=50", duration)
        srch_text = wrk(port, token, "/api/v1/connections?q=conn%2001&limit=50", duration)
        srch_rare = wrk(port, token, f"/api/v1/connections?q=conn%20{n - 1:05d}&limit=50", duration)
        tag1 = wrk(port, token, "/api/v1/connections?tag=end_user_id:42&limit=50", duration)
        tag2 = wrk(port, token, "/api/v1/connections?tag=end_user_id:42&tag=team:sales&limit=50", duration)
        get16 = wrk(port, token, f"/api/v1/connections/{one}", duration, conns=16)
        list16 = wrk(port, token, "/api/v1/connections?limit=50", duration, conns=16)
        loaded_rss = rss_kib(proc.pid) / 1024
        return {
            "backend": backend, "ready_ms": ready_ms, "idle_rss": idle_rss, "loaded_rss": loaded_rss,
            "create_p50": pct(latencies, 50), "create_p99": pct(latencies, 99),
            "list": lst, "search": srch, "search_text": srch_text, "search_rare": srch_rare, "tag1": tag1, "tag2": tag2,
            "get16": get16, "list16": list16,
        }
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--connections", type=int, default=10_000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--backend", choices=["all", "sqlite", "postgres"], default="all",
                    help="measure one backend only (PostgreSQL needs SWITCHBOARD_TEST_POSTGRES_URL)")
    args = ap.parse_args()
    results = []
    if args.backend in ("all", "sqlite"):
        results.append(run(args.binary, "SQLite", None, args.connections, args.duration))
    pg = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL")
    if args.backend == "postgres" and not pg:
        sys.exit("--backend postgres needs SWITCHBOARD_TEST_POSTGRES_URL")
    if pg and args.backend in ("all", "postgres"):
        name = "sb_bench_" + uuid.uuid4().hex
        base = pg.rsplit("/", 1)[0]
        subprocess.run(["psql", pg, "-qc", f"CREATE DATABASE {name}"], check=True)
        try:
            results.append(run(args.binary, "PostgreSQL", f"{base}/{name}", args.connections, args.duration))
        finally:
            subprocess.run(["psql", pg, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    print(f"\n{args.connections} connections in one account; wrk -t2 -c100 (-c16 where said) -d{args.duration}s on the same 2-core machine.\n")
    print("| backend | request | p50 ms | p99 ms | req/s | non-2xx |")
    print("|---|---|---|---|---|---|")
    for r in results:
        for label, key in [("list, 50 per page", "list"), ("search `q=git` (app band)", "search"), ("search `q=conn 01` (name band)", "search_text"),
                           ("search by name, one match", "search_rare"),
                           ("`tag=end_user_id:42`", "tag1"), ("`tag=end_user_id:42&tag=team:sales`", "tag2"),
                           ("get one, 16 concurrent", "get16"), ("list, 50 per page, 16 concurrent", "list16")]:
            w = r[key]
            print(f"| {r['backend']} | {label} | {w['p50']:.2f} | {w['p99']:.2f} | {w['rps']:.0f} | {w['errors']} |")
    print("\n| backend | create p50 ms | create p99 ms (8 concurrent) | start-to-ready ms | idle RSS MiB | RSS after load MiB |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {r['create_p50']:.2f} | {r['create_p99']:.2f} | {r['ready_ms']:.0f} | {r['idle_rss']:.1f} | {r['loaded_rss']:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
