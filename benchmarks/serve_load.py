"""Load on the front desk web server: starts `vertebro-print serve` on 127.0.0.1 (a free port),
drives it with concurrent desks for a bounded time, each signed in with its own session, and
prints the latency (p50, p95, p99, max) of plain PDFs (GET /pdf) and of personalised renders
(POST /api/render with appointment details, never cached), the error count (must be 0), the
requests turned away with 503 by kind (the render queue is bounded per client; they carry
Retry-After), and the memory of the server and its render processes: before, at its peak
during the load (sampled every 50 ms), and after.

    .venv/bin/python benchmarks/serve_load.py [--seconds 20] [--clients 8] [--processes 4]
    .venv/bin/python benchmarks/serve_load.py --prebuilt --clients 32     # plain from a build
    .venv/bin/python benchmarks/serve_load.py --flood 12                  # 12 clients flood

What a latency is: the time from sending a request to having read its whole answer, as the
desk sees it on loopback, so it counts the server's queueing and scheduling as well as its
work. So that it counts no more than that, the client is kept out of the way: the desks are
asyncio tasks dealt over --processes client processes (not threads of one process, where a
desk's answer waited for the one GIL and the wait was counted as the server's), and every
desk is made and signed in before the clock starts (an HTTP client's set-up and the sign-in
are not the load). Then the desks start one after another, spread evenly over the first
--ramp seconds (default 1; 0 starts them in lockstep), each sending its next request as soon
as its last one is answered: 32 desks starting in the same millisecond, each with plain
requests until it draws a personalised render, made the first second's burst (a third of all
plain requests or more) the whole tail, a burst no front desk makes. The client processes
share the machine's cores with the server and its render processes: on a machine running
other work too, figures move with it.

--prebuilt first builds the plain variants the load asks for into a temporary folder and
serves them with `serve --prebuilt`; without it, each plain variant is requested once before
the load (so plain means a cache hit). --flood N adds N desks that send personalised renders
as fast as they can, ignoring Retry-After, while one staff desk renders as a person would
(waiting as told): the staff renders must complete.

Loopback only: the server it starts listens on 127.0.0.1 and nothing else is contacted.
Exit status 1 when any request failed, or a flood left the staff no render."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import multiprocessing
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
SAMPLE_EVERY = 0.05  # seconds between two looks at the memory during the load
PERSONALISED_SHARE = 0.25  # one request in four carries an appointment
HANDOUTS = ("about", "prepare", "aftercare")
KINDS = ("plain", "personalised", "staff")  # what is measured, by kind of request
MIXED, FLOOD = "mixed", "flood"  # desks: plain and personalised mixed; renders back to back
PROCESSES = 4  # client processes the desks are dealt over (each desk an asyncio task)
RAMP = 1.0  # seconds over which the desks start, one after another


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


def start_server(port: int, settings: str, prebuilt: Path | None, log) -> subprocess.Popen:
    command = [sys.executable, "-m", "vertebro_print", "serve", "--host", HOST, "--port", str(port)]
    command += ["--settings", settings]
    if prebuilt:
        command += ["--prebuilt", str(prebuilt)]
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


def cli(*arguments: str, settings: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vertebro_print", *arguments, "--settings", settings],
        capture_output=True,
        text=True,
        check=True,
    )


def languages(settings: str) -> list[str]:
    """The first languages that can print every handout the load asks for."""
    listing = json.loads(cli("list", "--json", settings=settings).stdout)
    return [lang["code"] for lang in listing["languages"] if set(HANDOUTS) <= set(lang["ready"])][
        :3
    ]


def variants(codes: list[str]) -> list[dict]:
    """Non-personalised requests over those languages."""
    return [
        {"handout": h, "lang": code, "large_print": large}
        for h, code, large in itertools.product(HANDOUTS, codes, (False, True))
    ]


def build(codes: list[str], settings: str, out: Path) -> float:
    """Build the plain variants into `out` (for --prebuilt); returns the seconds it took."""
    started = time.perf_counter()
    arguments = ["build", "--out", str(out), "--lang", ",".join(codes)]
    for handout in HANDOUTS:
        arguments += ["--handout", handout]
    cli(*arguments, settings=settings)
    return time.perf_counter() - started


async def signed_in(base: str, password: str) -> httpx.AsyncClient:
    """A client with its own session: one desk."""
    client = httpx.AsyncClient(base_url=base, timeout=120)
    if password:
        response = await client.post("/login", data={"password": password})
        if response.status_code != 303:
            sys.exit(f"signing in failed: HTTP {response.status_code}")
    return client


def appointment(rng: random.Random) -> dict:
    # A coming appointment: the server accepts a week back to two years ahead.
    return {
        "date": (dt.date.today() + dt.timedelta(days=rng.randint(1, 300))).isoformat(),
        "arrive": f"{rng.randint(6, 11):02d}:{rng.choice(('00', '30'))}",
        "fast_from": "22:00",
    }


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


class Tally:
    """What the desks of one client process saw; added up over the processes."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.errors: list[str] = []
        # 503 with Retry-After: the client's share of the queue was full (counted, not an error)
        self.busy = dict.fromkeys(KINDS, 0)
        self.flooded = 0  # renders the flood clients got done

    def add(self, other: Tally) -> None:
        for kind in KINDS:
            self.latency[kind] += other.latency[kind]
            self.busy[kind] += other.busy[kind]
        self.errors += other.errors
        self.flooded += other.flooded


class Desks:
    """Some of the load's desks, as asyncio tasks in one client process."""

    def __init__(self, base: str, password: str, plain: list[dict], seconds: float) -> None:
        self.base, self.password, self.plain, self.seconds = base, password, plain, seconds
        self.tally = Tally()
        self.deadline = 0.0

    async def request(self, client: httpx.AsyncClient, rng: random.Random, kind: str) -> float:
        """One request; returns the seconds the server asked to wait (503 Retry-After)."""
        fields = dict(rng.choice(self.plain))
        if kind == MIXED:
            kind = "personalised" if rng.random() < PERSONALISED_SHARE else "plain"
        started = time.perf_counter()
        try:
            if kind != "plain":
                fields.update(appointment(rng))
                response = await client.post("/api/render", json=fields)
            else:
                query = {**fields, "large_print": str(fields["large_print"]).lower()}
                response = await client.get("/pdf", params=query)
            ok = response.status_code == 200 and response.content.startswith(b"%PDF")
            problem = "" if ok else f"HTTP {response.status_code}: {response.text[:120]}"
            busy = response.status_code == 503 and "retry-after" in response.headers
            retry_after = float(response.headers["retry-after"]) if busy else 0.0
        except httpx.HTTPError as exc:
            problem, busy, retry_after = f"{type(exc).__name__}: {exc}", False, 0.0
        elapsed = (time.perf_counter() - started) * 1000
        if busy:
            self.tally.busy[kind] += 1
        elif problem:
            self.tally.errors.append(problem)
        else:
            self.tally.latency[kind].append(elapsed)
        return retry_after

    async def desk(self, client: httpx.AsyncClient, seed: int, kind: str) -> None:
        """A desk: plain and personalised requests mixed (or only `kind`); a turned-away
        request waits as told, as a well-behaved client does."""
        rng = random.Random(seed)
        while time.monotonic() < self.deadline:
            wait = await self.request(client, rng, kind)
            await asyncio.sleep(max(0.0, min(wait, self.deadline - time.monotonic())))

    async def flood(self, client: httpx.AsyncClient, seed: int) -> None:
        """Personalised renders back to back, Retry-After ignored, until the load ends."""
        rng = random.Random(seed)
        while time.monotonic() < self.deadline:
            fields = {**rng.choice(self.plain), **appointment(rng)}
            try:
                response = await client.post("/api/render", json=fields)
            except httpx.HTTPError:
                continue
            self.tally.flooded += response.status_code == 200

    async def starting(self, delay: float, work) -> None:
        await asyncio.sleep(delay)
        await work

    async def run(self, desks: list[tuple[int, str, float]], ready, start) -> Tally:
        # Every desk is made and signed in before the clock starts: an HTTP client's set-up
        # (its TLS context: about 20 ms of CPU) and the sign-in are not part of the load.
        clients = [await signed_in(self.base, self.password) for _ in desks]
        ready.put(os.getpid())
        start.wait()  # nothing else runs in this process until every desk may start
        self.deadline = time.monotonic() + self.seconds
        try:
            await asyncio.gather(
                *(
                    self.starting(
                        delay,
                        self.flood(client, seed)
                        if kind == FLOOD
                        else self.desk(client, seed, kind),
                    )
                    for client, (seed, kind, delay) in zip(clients, desks, strict=True)
                )
            )
        finally:
            for client in clients:
                await client.aclose()
        return self.tally


def client_process(base, password, plain, seconds, desks, ready, start, results) -> None:
    """One client process: its desks, then what they saw, to the parent."""
    results.put(asyncio.run(Desks(base, password, plain, seconds).run(desks, ready, start)))


def desks_for(clients: int, flood: int, ramp: float) -> list[tuple[int, str, float]]:
    """(seed, kind, seconds before its first request) of every desk: the flood and one staff
    desk beside it, then the mixed; their starts spread evenly over `ramp` seconds."""
    desks = [(1000 + n, FLOOD) for n in range(flood)] + ([(999, "staff")] if flood else [])
    desks += [(seed, MIXED) for seed in range(clients)]
    return [(seed, kind, ramp * n / len(desks)) for n, (seed, kind) in enumerate(desks)]


def run_load(
    base: str, password: str, plain: list[dict], seconds: float, desks: list, processes: int
) -> tuple[Tally, float]:
    """The load over `processes` client processes (desks dealt round); its Tally and wall
    time, from the moment every desk was ready."""
    context = multiprocessing.get_context("spawn")
    ready, start, results = context.Queue(), context.Event(), context.Queue()
    shares = [desks[n::processes] for n in range(processes) if desks[n::processes]]
    workers = [
        context.Process(
            target=client_process,
            args=(base, password, plain, seconds, share, ready, start, results),
        )
        for share in shares
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=120)
    started = time.perf_counter()
    start.set()
    tally = Tally()
    for _ in workers:
        tally.add(results.get(timeout=seconds + 300))
    wall = time.perf_counter() - started
    for worker in workers:
        worker.join()
    return tally, wall


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def settings_file(folder: Path, given: str | None) -> tuple[str, str]:
    """The server's settings and the password clients sign in with: a throwaway password
    unless --settings is given (then --password, if that file sets one)."""
    if given:
        return given, os.environ.get("VERTEBRO_BENCH_PASSWORD", "")
    password = secrets.token_urlsafe(16)
    path = folder / "settings.toml"
    path.write_text(f'[server]\naccess_token = "{password}"\n', encoding="utf-8")
    return str(path), password


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load (s)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent desks")
    parser.add_argument(
        "--flood", type=int, default=0, help="clients flooding personalised renders"
    )
    parser.add_argument("--prebuilt", action="store_true", help="serve plain PDFs from a build")
    parser.add_argument(
        "--processes", type=int, default=PROCESSES, help="client processes the desks run in"
    )
    parser.add_argument(
        "--ramp", type=float, default=RAMP, help="seconds over which the desks start (0: at once)"
    )
    parser.add_argument(
        "--settings",
        help="settings file for the server (its password in $VERTEBRO_BENCH_PASSWORD)",
    )
    args = parser.parse_args()

    port = free_port()
    base = f"http://{HOST}:{port}"
    folder = Path(tempfile.mkdtemp(prefix="vertebro-serve-load-"))
    settings, password = settings_file(folder, args.settings)
    codes = languages(settings)
    if not codes:
        sys.exit("no language can print every handout: nothing to measure")
    plain = variants(codes)
    prebuilt = folder / "out" if args.prebuilt else None
    if prebuilt:
        print(
            f"built the plain variants into {prebuilt} in {build(codes, settings, prebuilt):.0f} s"
        )
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        server = start_server(port, settings, prebuilt, log)
        try:
            if not prebuilt:
                with httpx.Client(base_url=base, timeout=120) as client:
                    if password:
                        client.post("/login", data={"password": password})
                    for fields in plain:  # fill the cache: "plain" below means cache hits
                        client.get(
                            "/pdf",
                            params={**fields, "large_print": str(fields["large_print"]).lower()},
                        )
            before = tree_rss_mb(server.pid)
            desks = desks_for(args.clients, args.flood, max(0.0, args.ramp))
            with PeakMemory(server.pid) as peak:
                load, wall = run_load(
                    base, password, plain, args.seconds, desks, max(1, args.processes)
                )
            after = tree_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)

    mode = "prebuilt" if prebuilt else "cache warmed"
    print(
        f"{args.clients} clients ({PERSONALISED_SHARE:.0%} personalised) + {args.flood} flooding, "
        f"{wall:.1f} s against {base} ({os.cpu_count()} cores; {len(plain)} plain variants, "
        f"{mode}; {min(len(desks), max(1, args.processes))} client processes; "
        f"server log {log_path})"
    )
    columns = ("requests", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(f"{'kind':<14}" + "".join(f"{c:>9}" for c in columns) + f"{'503s':>7}")
    for kind, values in load.latency.items():
        if kind == "staff" and not args.flood:
            continue
        if len(values) >= 2:
            print(
                f"{kind:<14}{len(values):>9}{statistics.median(values):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{percentile(values, 0.99):>9.1f}"
                f"{max(values):>9.1f}{load.busy[kind]:>7}"
            )
        else:
            print(f"{kind:<14}{len(values):>9}   (too few to measure){load.busy[kind]:>16}")
    if args.flood:
        print(f"flood         {load.flooded} renders done for the {args.flood} flooding clients")
    total = sum(map(len, load.latency.values()))
    print(f"throughput    {total / wall:.1f} requests/s (not counting the flood)")
    print(f"errors        {len(load.errors)}")
    for problem in load.errors[:5]:
        print(f"  {problem}")
    print(
        f"server RSS    {before[0]:.0f} MB before, {peak.own:.0f} MB peak, {after[0]:.0f} MB after"
    )
    print(
        f"with renders  {before[1]:.0f} MB before, {peak.total:.0f} MB peak, "
        f"{after[1]:.0f} MB after (the server and its render processes; "
        f"{peak.samples} samples during the load)"
    )
    starved = args.flood and not load.latency["staff"]
    return 1 if load.errors or starved else 0


if __name__ == "__main__":
    sys.exit(main())
