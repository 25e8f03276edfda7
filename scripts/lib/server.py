"""Helpers for the scripts that drive a real contact-import server: build, start, kill, and the HTTP API."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def binary():
    """The server binary: $BIN, else `swift build --product contact-import` in $CONFIG (debug by default)."""
    if os.environ.get("BIN"):
        return os.environ["BIN"]
    config = os.environ.get("CONFIG", "debug")
    subprocess.run(["swift", "build", "-c", config, "--product", "contact-import"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", config, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "contact-import")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `serve` process on a data directory; it can be SIGKILLed and started again on the same data. Its output goes to
    server.log in the data directory, or in `log_dir` when given (a data directory on a small disk of its own)."""

    def __init__(self, bin_path, data_dir, extra=(), log_dir=None):
        self.bin = bin_path
        self.data = data_dir
        self.extra = list(extra)
        self.port = free_port()
        self.proc = None
        self.log_path = os.path.join(log_dir or data_dir, "server.log")
        self.log = open(self.log_path, "ab")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(
            [self.bin, "serve", "--port", str(self.port), "--data-dir", self.data, "--log-level", "warning", *self.extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1).read()
                return self
            except Exception:
                if self.proc.poll() is not None:
                    raise SystemExit(f"server exited with {self.proc.returncode}; see {self.log_path}")
                time.sleep(0.05)
        raise SystemExit("server did not answer /health")

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def cli(self, *args):
        out = subprocess.run([self.bin, *args, "--data-dir", self.data], check=True, capture_output=True, text=True)
        return json.loads(out.stdout)


class API:
    def __init__(self, server, token, ws):
        self.server, self.token, self.ws = server, token, ws

    def call(self, method, path, body=None, content_type="application/json", raw=False, expect=None):
        url = self.server.base + (path if path.startswith("/") else f"/api/v1/workspaces/{self.ws}/{path}")
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        if expect is not None and status != expect:
            raise SystemExit(f"{method} {path} answered {status}, expected {expect}: {payload[:500]!r}")
        if raw:
            return status, payload
        return status, (json.loads(payload) if payload else None)

    def wait(self, import_id, timeout=3600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            _, record = self.call("GET", f"imports/{import_id}", expect=200)
            if record["status"] != "processing":
                return record
            time.sleep(0.2)
        raise SystemExit(f"import {import_id} did not finish")

    def run_import(self, csv_bytes, config, start=True):
        """Upload, configure, review and (optionally) start; returns the import id."""
        _, record = self.call("POST", "imports?fileName=contacts.csv", csv_bytes, "text/csv", expect=201)
        self.call("PUT", f"imports/{record['id']}/config", config, expect=200)
        self.call("POST", f"imports/{record['id']}/review", expect=200)
        if start:
            self.call("POST", f"imports/{record['id']}/start", expect=202)
        return record["id"]

    def contacts(self):
        """Every contact of the workspace through the list API."""
        out, cursor = [], None
        while True:
            path = "contacts?limit=500" + (f"&cursor={cursor}" if cursor else "")
            _, page = self.call("GET", path, expect=200)
            out += page["contacts"]
            cursor = page["nextCursor"]
            if not cursor:
                return out


def workspace(server, name="Acme", owner_email="owner@acme.test", database=None):
    """A new workspace and an API client for it through `server`. With `database` (a postgres:// URL) the command line
    creates it there, as every server of a fleet on that database sees it."""
    if not database:
        created = server.cli("workspace", "create", "--name", name, "--owner-email", owner_email)
        return API(server, created["apiToken"], created["workspaceId"])
    out = subprocess.run([server.bin, "workspace", "create", "--name", name, "--owner-email", owner_email,
                          "--database", database], check=True, capture_output=True, text=True)
    created = json.loads(out.stdout)
    return API(server, created["apiToken"], created["workspaceId"])


def psql(url, sql):
    """What psql prints for `sql` on the database at `url` (its ?options left off), unaligned."""
    return subprocess.run(["psql", url.split("?")[0], "-XAtqc", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def new_database(server_url, name):
    """Creates the database `name` on the PostgreSQL server of `server_url`; returns its URL for --database."""
    psql(server_url, f"CREATE DATABASE {name}")
    return server_url.split("?")[0].rsplit("/", 1)[0] + "/" + name + "?sslmode=disable"


def log(*parts):
    print(*parts, flush=True, file=sys.stderr)
