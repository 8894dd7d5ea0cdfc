"""Load on the front desk web server: starts `vertebro-print serve` on 127.0.0.1 (a free port),
drives it with concurrent clients for a bounded time, and prints the p50/p95 latency of
cached PDFs (GET /pdf, after one warm-up request each) and of personalised renders
(POST /api/render with appointment details, never cached), the error count (must be 0), the
requests turned away with 503 (the render queue is bounded; they carry Retry-After), and the
memory of the server and its render processes: before, at its peak during the load (sampled
every 50 ms), and after.

    .venv/bin/python benchmarks/serve_load.py [--seconds 20] [--clients 8] [--settings FILE]

Loopback only: the server it starts listens on 127.0.0.1 and nothing else is contacted.
Exit status 1 when any request failed."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
SAMPLE_EVERY = 0.05  # seconds between two looks at the memory during the load
PERSONALISED_SHARE = 0.25  # one request in four carries an appointment
HANDOUTS = ("about", "prepare", "aftercare")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory (MB) of the process, and of it with all its descendants (Linux)."""

    def rss(p: int) -> float:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def children(p: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{p}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
        return found

    own, total, todo = rss(pid), 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += rss(current)
            todo += children(current)
        except FileNotFoundError:  # a worker recycled just now
            pass
    return own, total


def start_server(port: int, settings: str | None, log) -> subprocess.Popen:
    command = [sys.executable, "-m", "vertebro_print", "serve", "--host", HOST, "--port", str(port)]
    if settings:
        command += ["--settings", settings]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with status {server.returncode}; see {log.name}")
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("the server did not answer /healthz within 60 s")


def variants(base: str) -> list[dict]:
    """Non-personalised requests over the first languages that can print everything."""
    languages = [
        lang["code"]
        for lang in httpx.get(f"{base}/api/handouts").json()["languages"]
        if set(HANDOUTS) <= set(lang["ready"])
    ][:3]
    return [
        {"handout": h, "lang": code, "large_print": large}
        for h, code, large in itertools.product(HANDOUTS, languages, (False, True))
    ]


class PeakMemory:
    """Samples tree_rss_mb in a thread while the load runs; keeps the largest of each."""

    def __init__(self, pid: int) -> None:
        self.pid, self.own, self.total, self.samples = pid, 0.0, 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def _sample(self) -> None:
        while not self._stop.is_set():
            own, total = tree_rss_mb(self.pid)
            self.own, self.total = max(self.own, own), max(self.total, total)
            self.samples += 1
            self._stop.wait(SAMPLE_EVERY)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class Load:
    def __init__(self, base: str, plain: list[dict], seconds: float) -> None:
        self.base, self.plain, self.seconds = base, plain, seconds
        self.latency: dict[str, list[float]] = {"cached": [], "personalised": []}
        self.errors: list[str] = []
        self.busy = 0  # 503 with Retry-After: the queue was full (counted, not an error)
        self.lock = threading.Lock()

    def request(self, client: httpx.Client, rng: random.Random) -> float:
        """One request; returns the seconds the server asked to wait (503 Retry-After)."""
        fields = dict(rng.choice(self.plain))
        personalised = rng.random() < PERSONALISED_SHARE
        started = time.perf_counter()
        try:
            if personalised:
                fields.update(
                    # A coming appointment: the server accepts a week back to two years ahead.
                    date=(dt.date.today() + dt.timedelta(days=rng.randint(1, 300))).isoformat(),
                    arrive=f"{rng.randint(6, 11):02d}:{rng.choice(('00', '30'))}",
                    fast_from="22:00",
                )
                response = client.post("/api/render", json=fields)
            else:
                query = {**fields, "large_print": str(fields["large_print"]).lower()}
                response = client.get("/pdf", params=query)
            ok = response.status_code == 200 and response.content.startswith(b"%PDF")
            problem = "" if ok else f"HTTP {response.status_code}: {response.text[:120]}"
            busy = response.status_code == 503 and "retry-after" in response.headers
            retry_after = float(response.headers["retry-after"]) if busy else 0.0
        except httpx.HTTPError as exc:
            problem, busy, retry_after = f"{type(exc).__name__}: {exc}", False, 0.0
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            if busy:
                self.busy += 1
            elif problem:
                self.errors.append(problem)
            else:
                self.latency["personalised" if personalised else "cached"].append(elapsed)
        return retry_after

    def client(self, seed: int) -> None:
        rng = random.Random(seed)
        deadline = time.monotonic() + self.seconds
        with httpx.Client(base_url=self.base, timeout=120) as client:
            while time.monotonic() < deadline:
                wait = self.request(client, rng)
                # A turned-away client waits as told, as a well-behaved one does.
                time.sleep(max(0.0, min(wait, deadline - time.monotonic())))

    def run(self, clients: int) -> None:
        threads = [threading.Thread(target=self.client, args=(seed,)) for seed in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load (s)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--settings", help="settings file for the server")
    args = parser.parse_args()

    port = free_port()
    base = f"http://{HOST}:{port}"
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"vertebro-serve-{port}.log"
    with log_path.open("w") as log:
        server = start_server(port, args.settings, log)
        try:
            plain = variants(base)
            if not plain:
                sys.exit("no language can print every handout: nothing to measure")
            for fields in plain:  # fill the cache: "cached" below means cache hits
                httpx.get(
                    f"{base}/pdf",
                    timeout=120,
                    params={**fields, "large_print": str(fields["large_print"]).lower()},
                )
            before = tree_rss_mb(server.pid)
            load = Load(base, plain, args.seconds)
            started = time.perf_counter()
            with PeakMemory(server.pid) as peak:
                load.run(args.clients)
            wall = time.perf_counter() - started
            after = tree_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)

    print(
        f"{args.clients} clients for {wall:.1f} s against {base} "
        f"({os.cpu_count()} cores; {len(plain)} non-personalised variants)"
    )
    print(f"{'kind':<14}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, values in load.latency.items():
        if len(values) >= 2:
            print(
                f"{kind:<14}{len(values):>9}{statistics.median(values):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
            )
        else:
            print(f"{kind:<14}{len(values):>9}   (too few to measure)")
    total = sum(map(len, load.latency.values()))
    print(f"throughput    {total / wall:.1f} requests/s")
    print(f"errors        {len(load.errors)}")
    for problem in load.errors[:5]:
        print(f"  {problem}")
    print(f"turned away   {load.busy} (503 with Retry-After: the render queue was full)")
    print(
        f"server RSS    {before[0]:.0f} MB before, {peak.own:.0f} MB peak, {after[0]:.0f} MB after"
    )
    print(
        f"with renders  {before[1]:.0f} MB before, {peak.total:.0f} MB peak, "
        f"{after[1]:.0f} MB after (the server and its render processes; "
        f"{peak.samples} samples during the load)"
    )
    return 1 if load.errors else 0


if __name__ == "__main__":
    sys.exit(main())
