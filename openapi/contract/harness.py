"""The release server on a free loopback port with a fresh database (SQLite file, or
a new PostgreSQL database), a fake third-party API on loopback, and a signed-in
administrator: what the contract tests and the SDK scenarios run against."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP_TOKEN = "contract-setup-token"
EMAIL = "admin@example.com"
PASSWORD = "correct horse battery staple"


def binary() -> Path:
    if os.environ.get("SWITCHBOARD_BIN"):
        return Path(os.environ["SWITCHBOARD_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "release" / "switchboard"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Upstream(http.server.BaseHTTPRequestHandler):
    """A third-party API: `Bearer good-…` is accepted; /me names the account; any
    other path echoes the method, path, query and JSON body back."""

    def _answer(self) -> None:
        auth = self.headers.get("authorization", "")
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        if not auth.startswith("Bearer good-"):
            self._send(401, {"error": "unauthorized"})
        elif self.path == "/me":
            self._send(200, {"email": f"owner-{auth[12:16]}@crm.test"})
        else:
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = body.decode("utf-8", "replace")
            self._send(200, {"method": self.command, "path": self.path, "body": parsed})

    def _send(self, status: int, doc: object) -> None:
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _answer

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Server:
    base: str
    proc: subprocess.Popen
    data: Path
    upstream: str
    token: str = ""
    cleanup: list = field(default_factory=list)

    def call(self, method: str, path: str, body: object = None, token: str | None = None):
        """One JSON API call; returns (status, parsed body or None, headers)."""
        headers = {"content-type": "application/json"}
        auth = self.token if token is None else token
        if auth:
            headers["authorization"] = f"Bearer {auth}"
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                raw, status, hdrs = r.read(), r.status, r.headers
        except urllib.error.HTTPError as e:
            raw, status, hdrs = e.read(), e.code, e.headers
        return status, (json.loads(raw) if raw else None), hdrs

    def ok(self, method: str, path: str, body: object = None, token: str | None = None):
        status, doc, _ = self.call(method, path, body, token)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {doc}")
        return doc


def _postgres_url() -> tuple[str, str] | None:
    """A new database on the test server: its URL and its name (dropped afterwards)."""
    url = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL")
    if not url:
        return None
    name = f"sb_contract_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", url, "-qc", f"CREATE DATABASE {name}"], check=True)
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else ""), name


def _drop_database(name: str) -> None:
    url = os.environ["SWITCHBOARD_TEST_POSTGRES_URL"]
    subprocess.run(["psql", url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


@contextlib.contextmanager
def server(database: str = "sqlite", env: dict | None = None):
    """Yields a running [`Server`] with setup done and an administrator signed in
    (`server.token`); stops it and removes its data afterwards."""
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    data = Path(tempfile.mkdtemp(prefix="sb-contract-"))
    port = free_port()
    environment = {
        **os.environ,
        "SWITCHBOARD_BIND": f"127.0.0.1:{port}",
        "SWITCHBOARD_DATA_DIR": str(data),
        "SWITCHBOARD_SETUP_TOKEN": SETUP_TOKEN,
        "SWITCHBOARD_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "RUST_LOG": "warn",
        **(env or {}),
    }
    scratch_db = None
    if database == "postgres":
        made = _postgres_url()
        if made is None:
            raise RuntimeError("SWITCHBOARD_TEST_POSTGRES_URL is not set")
        url, scratch_db = made
        environment["SWITCHBOARD_DATABASE_URL"] = url
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen([str(binary()), "serve"], env=environment, stdout=log, stderr=log)
    srv = Server(
        base=f"http://127.0.0.1:{port}",
        proc=proc,
        data=data,
        upstream=f"http://127.0.0.1:{upstream.server_address[1]}",
    )
    try:
        for _ in range(400):
            try:
                with urllib.request.urlopen(srv.base + "/readyz", timeout=1) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if proc.poll() is not None:
                raise RuntimeError((data / "server.log").read_text())
            time.sleep(0.05)
        srv.ok("POST", "/api/v1/setup", {"token": SETUP_TOKEN, "email": EMAIL, "password": PASSWORD}, token="")
        srv.token = srv.ok("POST", "/api/v1/auth/login", {"email": EMAIL, "password": PASSWORD}, token="")["access_token"]
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        upstream.shutdown()
        log.close()
        if os.environ.get("SWITCHBOARD_KEEP_LOG"):
            print((data / "server.log").read_text())
        shutil.rmtree(data, ignore_errors=True)
        if scratch_db:
            _drop_database(scratch_db)


def custom_app(srv: Server, slug: str = "local-crm") -> None:
    """An API-key app whose base URL is the fake upstream."""
    srv.ok("POST", "/api/v1/apps", {
        "slug": slug, "name": "Local CRM", "category": "crm",
        "description": "A CRM on loopback for the contract tests.",
        "base_url": srv.upstream,
        "auth": {"type": "api_key",
                 "fields": [{"key": "api_token", "label": "API token", "secret": True, "required": True}],
                 "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{api_token}}"}]},
        "rate_limit": {"requests": 100, "per_seconds": 1, "burst": 50},
        "test": {"method": "GET", "path": "/me", "expect_status": 200},
        "identity": {"method": "GET", "path": "/me", "pointer": "/email"},
    })
