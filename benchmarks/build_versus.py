"""Issue 24's build-time target, measured side by side: `vertebro-print build` of the languages
an older checkout ships, here and there in turn (there, here, there, here, ...), each from an
empty output folder, as seconds per PDF. One line per figure with its target and PASS or MISS:

    git worktree add ../base 45f0714 && make -C ../base setup
    .venv/bin/python benchmarks/build_versus.py --base ../base [--pairs 2] [--target 1.0]
        [--lang ar,ja]

The figure is the build's wall time. On a shared machine it moves with the load: the ratio of
each pair is taken, then their median, and the load average is printed at the start and the
end. Beside it, the CPU time of the whole build (its render workers included), which moves far
less with the load: the workers are forked by a fork server, grandchildren of this process
that outlive the build, so this process makes itself their subreaper (Linux) and waits for
every one before it reads its children's CPU time. The base's languages are its
locales/ folders and English, so both builds render the same handouts in the same
languages. Takes about two minutes a pair on two quiet cores."""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped_languages(checkout: Path) -> list[str]:
    """English and every language with a catalog folder in the checkout's locales/."""
    found = sorted(p.name for p in (checkout / "locales").iterdir() if (p / "LC_MESSAGES").is_dir())
    return ["en", *found]


PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """Make the processes the build leaves behind (its fork server, whose children the render
    workers are) children of this one when their parent exits, so their CPU time counts."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"cannot count the workers' CPU time: prctl: {os.strerror(ctypes.get_errno())}")


def reap_all() -> None:
    """Wait for every descendant the build left (the fork server exits when the build has)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(checkout: Path, langs: list[str], out: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of every process it ran, PDFs written) of one build."""
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [str(checkout / ".venv/bin/vertebro-print"), "build", "-q", "--out", str(out)]
        + ["--lang", ",".join(langs)],
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    reap_all()
    cpu = children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"the build in {checkout} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return wall, cpu, len(list(out.glob("*/*.pdf")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout with its .venv")
    parser.add_argument("--pairs", type=int, default=2, help="base/here pairs to run")
    parser.add_argument("--target", type=float, default=1.0, help="at most this ratio per PDF")
    parser.add_argument("--lang", help="only these languages (default: the base's, all)")
    args = parser.parse_args()
    base = args.base.resolve()
    if not (base / ".venv/bin/vertebro-print").exists():
        parser.error(f"{base} has no .venv/bin/vertebro-print: run `make setup` there first")
    langs = args.lang.split(",") if args.lang else shipped_languages(base)
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"languages: {','.join(langs)}")
    adopt_orphans()
    ratios, cpu_ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in range(args.pairs):
            there, there_cpu, base_pdfs = timed_build(base, langs, Path(tmp) / f"base-{pair}")
            here, here_cpu, pdfs = timed_build(ROOT, langs, Path(tmp) / f"here-{pair}")
            if pdfs != base_pdfs:
                sys.exit(f"the builds wrote {pdfs} and {base_pdfs} PDFs: not the same matrix")
            ratios.append(here / there)
            cpu_ratios.append(here_cpu / there_cpu)
            print(
                f"  pair {pair + 1} ({pdfs} PDFs): {here / pdfs:.3f} s per PDF here, "
                f"{there / pdfs:.3f} s there: {ratios[-1]:.3f}; CPU {here_cpu / pdfs:.3f} s "
                f"per PDF here, {there_cpu / pdfs:.3f} s there: {cpu_ratios[-1]:.3f}"
            )
    cpu_ratio = statistics.median(cpu_ratios)
    print(
        f"CPU time per PDF, here / base: median {cpu_ratio:.3f} (min {min(cpu_ratios):.3f}, "
        f"max {max(cpu_ratios):.3f})"
    )
    ratio = statistics.median(ratios)
    ok = ratio <= args.target
    print(
        f"build time per PDF, here / base: median {ratio:.3f} (min {min(ratios):.3f}, "
        f"max {max(ratios):.3f})   target <= {args.target:.2f}   {'PASS' if ok else 'MISS'}"
    )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
