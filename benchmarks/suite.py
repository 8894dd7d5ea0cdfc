"""The developer loop's targets, measured side by side: `make test` (the README's test command:
builds .venv from the lock, then the whole suite) in a fresh clone of HEAD against the same in
a fresh clone of a base commit, in turn (base, head, base, head, ...), and `make check` in the
head clone once its .venv exists. One line per figure with its target and PASS or MISS:

    .venv/bin/python benchmarks/suite.py [--base f36898a] [--pairs 2] [--test-target 1.0]

The default base is the last commit before the render pipeline's move (issue "A render is a
one-way pipeline"): `make test` must be no slower than there (ratio <= 1.0), and `make check`
at most a third of `make test` (both in the head clone). For the older speed target, against
the commit before the suite's speed work: `--base 4cfe325 --test-target 0.6`. Both clones
share the machine's package caches, as a developer's second run does. Takes about ten minutes."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK_TARGET = 45.0  # make check, seconds on two cores
CHECK_SHARE = 1 / 3  # make check: at most this share of make test, side by side


def clone(ref: str, into: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(ROOT), str(into)], check=True)
    checkout = subprocess.run(
        ["git", "-C", str(into), "checkout", "-q", ref], capture_output=True, text=True
    )
    if checkout.returncode != 0:
        sys.exit(f"cannot check out {ref!r} ({checkout.stderr.strip()}); give --base a commit")
    return into


def timed_make(target: str, where: Path) -> float:
    """Seconds for `make TARGET` in a checkout; a failing run stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(
        ["make", target],
        cwd=where,
        env={**os.environ, "CI": "true"},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"make {target} failed in {where}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return seconds


def fresh_make_test(ref: str, work: Path, name: str) -> float:
    """`make test` from a fresh clone of ref, .venv included (a clean clone, as CI runs it)."""
    return timed_make("test", clone(ref, work / name))


def report(figure: str, measured: str, target: str, ok: bool) -> bool:
    print(f"{figure:<34} {measured:<46} target {target:<10} {'PASS' if ok else 'MISS'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="f36898a", help="commit to compare against")
    parser.add_argument(
        "--test-target", type=float, default=1.0, help="make test: at most this share of the base's"
    )
    parser.add_argument("--pairs", type=int, default=2, help="base/head pairs to run")
    parser.add_argument("--head", default="HEAD", help="commit to measure (default HEAD)")
    args = parser.parse_args()
    if args.pairs < 1:
        parser.error("--pairs must be 1 or more")
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.head],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    base_times, head_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for pair in range(args.pairs):
            base_times.append(fresh_make_test(args.base, work, f"base-{pair}"))
            head_times.append(fresh_make_test(head, work, f"head-{pair}"))
            print(f"  pair {pair + 1}: base {base_times[-1]:.1f} s, head {head_times[-1]:.1f} s")
        check = timed_make("check", work / f"head-{args.pairs - 1}")
    base, ours = statistics.median(base_times), statistics.median(head_times)
    ratios = [h / b for b, h in zip(base_times, head_times, strict=True)]
    ratio = statistics.median(ratios)
    results = [
        report(
            f"make test, {head} vs {args.base}",
            f"{ours:.1f} s vs {base:.1f} s, ratio {ratio:.2f}",
            f"<= {args.test_target:.2f}",
            ratio <= args.test_target,
        ),
        report(
            "make check (.venv ready)",
            f"{check:.1f} s",
            f"<= {CHECK_TARGET:.0f} s",
            check <= CHECK_TARGET,
        ),
        report(
            "make check / make test (head)",
            f"{check:.1f} s / {ours:.1f} s = {check / ours:.2f}",
            f"<= {CHECK_SHARE:.2f}",
            check / ours <= CHECK_SHARE,
        ),
    ]
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
