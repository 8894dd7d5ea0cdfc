"""Every speed, size and memory target of `vertebro-print build` and `render`, measured side by
side in one run, one line per figure with its target and PASS or MISS:

    .venv/bin/python benchmarks/run.py [--renders 500] [--repeat 7]

- warm in-process render of aftercare (laid out from scratch) and of a personalised packet
  (as the desk prints it: the parts without the appointment come from the layout cache) in
  en, ar and zh_Hans, against Chromium's page.pdf() of the identical HTML (Playwright driving
  /usr/bin/chromium, kept warm);
- each handout against WeasyPrint's floor (the same HTML without CSS or tagging);
- `vertebro-print render aftercare --lang en -o f.pdf` against `python -c "import weasyprint"`
  plus one warm render, and `vertebro-print --help` against `python -c pass`, as processes;
- a build of en and ar with the packets against the same without them;
- the full matrix from cold with --jobs 2 and with --jobs 1, and a rebuild where nothing
  changed, against the cold build;
- the PDF sizes of that build (median, largest), a build worker's peak memory, and the memory
  growth of one process over N renders.

Absolute times drift on shared machines (the load average is printed at the start and the
end); the ratios are measured side by side for that reason. Takes about five minutes on two
cores. Exit status 1 when any figure misses its target."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import chromium_pdf_seconds  # noqa: E402
from memory import peak_rss_of_descendants_mb, rss_mb  # noqa: E402

from vertebro_print.build.manifest import load  # noqa: E402
from vertebro_print.build.prebuilt import Prebuilt  # noqa: E402
from vertebro_print.build.run import plan  # noqa: E402
from vertebro_print.html.compose import render_html, standalone_html  # noqa: E402
from vertebro_print.pdf.layout import clear_layouts, font_configuration  # noqa: E402
from vertebro_print.plan import resolve  # noqa: E402
from vertebro_print.project import Project  # noqa: E402
from vertebro_print.provenance import Stamper  # noqa: E402
from vertebro_print.render import render  # noqa: E402
from vertebro_print.request import Appointment, RenderRequest  # noqa: E402
from vertebro_print.settings import Settings  # noqa: E402

CLI = [str(Path(sys.executable).with_name("vertebro-print"))]
COMPARED = [(h, code) for h in ("aftercare", "packet") for code in ("en", "ar", "zh_Hans")]
GROWTH_HANDOUT = RenderRequest("prepare", "en")  # two pages: 500 renders in about a minute
MB = 1024 * 1024
results: list[tuple[str, bool]] = []


def report(figure: str, measured: str, target: str, ok: bool) -> None:
    line = f"{figure:<44} {measured:<44} target {target:<12} {'PASS' if ok else 'MISS'}"
    results.append((line, ok))
    print(line, flush=True)


def note(text: str) -> None:
    print(f"  note: {text}", flush=True)


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True)


# Figures ------------------------------------------------------------------------------------


def cold_layout(request: RenderRequest, project: Project):
    """A render that lays the handout out again (render() keeps layouts by their HTML)."""

    def action():
        clear_layouts()
        render(request, project)

    return action


def personalised(request: RenderRequest) -> callable:
    """A new appointment each call, as at the desk: the part that shows it is laid out
    again, the others come from the worker's layout cache."""
    minutes = iter(range(10**6))

    def next_request() -> RenderRequest:
        minute = next(minutes) % (24 * 60)
        return dataclasses.replace(
            request, appointment=Appointment(arrive=dt.time(minute // 60, minute % 60))
        )

    return next_request


def ready_requests(project: Project) -> list[RenderRequest]:
    ready = []
    for handout, code in COMPARED:
        if code not in project.locale_codes():
            note(f"{handout} {code}: no {code} catalog yet, not measured")
        elif problems := project.blocking_problems(project.handouts[handout], code):
            note(f"{handout} {code}: {len(problems)} string(s) not ready, not measured")
        else:
            ready.append(RenderRequest(handout, code))
    return ready


def warm_renders(project: Project, repeat: int, work: Path) -> None:
    """Ours against Chromium's page.pdf() of the same HTML: aftercare laid out from scratch
    each time; the packet personalised, as the desk prints it."""
    ready = ready_requests(project)
    pages = {}
    for request in ready:
        render(request, project)  # warm: fonts, stylesheet, catalog, the parts' layouts
        shown = personalised(request)() if request.handout == "packet" else request
        page = work / f"{request.handout}-{request.lang}.html"
        page.write_text(standalone_html(resolve(shown, project)), encoding="utf-8")
        pages[request] = page
    browser_times = chromium_pdf_seconds(list(pages.values()), repeat)
    for request in ready:
        if request.handout == "packet":
            new = personalised(request)
            ours = median_seconds(lambda new=new: render(new(), project), repeat)
            figure, target = f"warm personalised packet {request.lang} vs Chromium", 2.0
        else:
            ours = median_seconds(cold_layout(request, project), repeat)
            figure, target = f"warm render {request.handout} {request.lang} vs Chromium", 1.0
        theirs = browser_times[pages[request]]
        report(
            figure,
            f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms, ratio {ours / theirs:.2f}",
            f"<= {target}",
            ours / theirs <= target,
        )


def floor_overhead(project: Project, repeat: int) -> None:
    """What our CSS, footers and tagging cost over WeasyPrint's floor for the same text."""
    for handout in ("about", "prepare", "aftercare"):
        request = RenderRequest(handout, "en")
        render(request, project)
        ours = median_seconds(cold_layout(request, project), repeat)
        floor = median_seconds(unstyled_render(request, project), repeat)
        report(
            f"{handout} en over WeasyPrint's floor",
            f"{ours * 1000:.0f} ms / {floor * 1000:.0f} ms = {ours / floor:.2f}x",
            "<= 1.15x",
            ours / floor <= 1.15,
        )


def unstyled_render(request: RenderRequest, project: Project):
    """A render of the handout's HTML with its styles removed and no PDF/UA tagging: the
    least WeasyPrint can spend on that text, whatever the CSS does."""
    from vertebro_print.pdf.fetcher import ProjectFetcher
    from vertebro_print.pdf.fonts import weasyprint

    bare = re.sub(r"<style>.*?</style>", "", render_html(resolve(request, project)), flags=re.S)
    base_url = project.handouts_dir.as_uri() + "/"
    fetcher = ProjectFetcher(project.allowed_roots())
    fonts = font_configuration()  # the same warm fonts as render() uses
    return lambda: weasyprint.HTML(string=bare, base_url=base_url, url_fetcher=fetcher).write_pdf(
        font_config=fonts
    )


def process_seconds(command: list[str], repeat: int) -> float:
    return median_seconds(lambda: subprocess.run(command, capture_output=True, check=True), repeat)


def whole_processes(project: Project, repeat: int, work: Path) -> None:
    """A process's own cost, against the least any Python process doing the same pays."""
    target = work / "f.pdf"
    ours = process_seconds([*CLI, "render", "aftercare", "--lang", "en", "-o", str(target)], repeat)
    importing = process_seconds([sys.executable, "-c", "import weasyprint"], repeat)
    request = RenderRequest("aftercare", "en")
    render(request, project)
    warm = median_seconds(cold_layout(request, project), repeat)
    least = importing + warm
    report(
        "render aftercare (process)",
        f"{ours:.2f} s / ({importing:.2f} s import + {warm:.2f} s render) = {ours / least:.2f}x",
        "<= 1.5x",
        ours / least <= 1.5,
    )
    ours = process_seconds([*CLI, "--help"], repeat)
    bare = process_seconds([sys.executable, "-c", "pass"], repeat)
    limit = 1.5 * bare + 0.05
    report(
        "--help (process)",
        f"{ours * 1000:.0f} ms vs python -c pass {bare * 1000:.0f} ms",
        f"<= {limit * 1000:.0f} ms",
        ours <= limit,
    )


def timed_build(out: Path, jobs: int) -> tuple[float, float, subprocess.CompletedProcess]:
    """Seconds, the largest peak RSS (MB) among the build's worker processes, the result."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*CLI, "build", "--out", str(out), "--jobs", str(jobs), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = peak_rss_of_descendants_mb(process)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    return (
        seconds,
        peak,
        subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr),
    )


def matrix(project: Project, work: Path) -> None:
    total = len(plan(project))
    two, peak, done = timed_build(work / "jobs2", 2)
    if done.returncode not in (0, 1):
        sys.exit(f"the build failed:\n{done.stderr}")
    if done.returncode == 1:
        note(f"some locales were skipped: {done.stderr.strip()}")
    note(f"full matrix cold, --jobs 2 ({total} PDFs): {two:.1f} s")
    rebuild = median_seconds(lambda: run_cli("build", "--out", str(work / "jobs2"), "-q"), 3)
    report(
        "rebuild, nothing changed, vs cold build",
        f"{rebuild:.2f} s / {two:.1f} s = {rebuild / two:.1%}",
        "<= 2%",
        rebuild / two <= 0.02,
    )
    one, _, _ = timed_build(work / "jobs1", 1)
    report(
        "--jobs 2 speed-up over --jobs 1",
        f"{one:.1f} s / {two:.1f} s = {one / two:.2f}x",
        ">= 1.7x",
        one / two >= 1.7,
    )
    sizes = sorted(e.bytes for e in load(work / "jobs2").files.values())
    largest = max(load(work / "jobs2").files.values(), key=lambda e: e.bytes)
    median = statistics.median(sizes) / 1024
    report("PDF size, median", f"{median:.0f} KB", "<= 120 KB", median <= 120)
    report(
        "PDF size, largest",
        f"{largest.bytes / 1024:.0f} KB ({largest.path})",
        "<= 400 KB",
        largest.bytes <= 400 * 1024,
    )
    report("build worker peak RSS (--jobs 2)", f"{peak:.0f} MB", "<= 300 MB", peak <= 300)
    prebuilt(project, work / "jobs2")


def prebuilt(project: Project, out: Path) -> None:
    """serve --prebuilt: the first request for a built PDF, against rendering it."""
    request = RenderRequest("aftercare", "en")

    def first_from_build():
        found = Prebuilt(Project(project.settings), out).find(request, Stamper(project))
        assert found is not None, "the build's aftercare en is not current"

    served = median_seconds(first_from_build, 5)
    rendered = median_seconds(cold_layout(request, project), 5)
    report(
        "first PDF from serve --prebuilt vs a render",
        f"{served * 1000:.0f} ms / {rendered * 1000:.0f} ms = {served / rendered:.0%}",
        "<= 10%",
        served / rendered <= 0.10,
    )


def packets(work: Path) -> None:
    """What the packets add to a build: the same languages with and without them."""
    alone = ["--handout", "about", "--handout", "prepare", "--handout", "aftercare"]
    times = {}
    for name, extra in (("without", alone), ("with", [])):
        out = work / f"packets-{name}"
        started = time.perf_counter()
        run_cli("build", "--out", str(out), "--lang", "en,ar", "--jobs", "2", "-q", *extra)
        times[name] = time.perf_counter() - started
    ratio = times["with"] / times["without"]
    report(
        "build en+ar with packets vs without",
        f"{times['with']:.1f} s / {times['without']:.1f} s = {ratio:.2f}x",
        "<= 1.2x",
        ratio <= 1.2,
    )


def growth(project: Project, renders: int) -> None:
    lay_out = cold_layout(GROWTH_HANDOUT, project)
    for _ in range(20):  # warm: every cache WeasyPrint fills is full
        lay_out()
    gc.collect()
    before = rss_mb()
    for _ in range(renders):
        lay_out()
    gc.collect()
    grown = rss_mb() - before
    report(
        f"RSS growth over {renders} renders, one process",
        f"{grown:+.1f} MB ({before:.0f} MB after warm-up)",
        "<= 30 MB",
        grown <= 30,
    )
    note(f"measured on {GROWTH_HANDOUT.describe()}, the cheapest handout, to bound the run time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=500, help="renders for the growth figure")
    parser.add_argument("--repeat", type=int, default=7, help="runs behind each median")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    project = Project(Settings())
    with tempfile.TemporaryDirectory(prefix="vertebro-bench-") as folder:
        work = Path(folder)
        warm_renders(project, args.repeat, work)
        floor_overhead(project, args.repeat)
        whole_processes(project, args.repeat, work)
        packets(work)
        matrix(project, work)
    growth(project, args.renders)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    missed = [line for line, ok in results if not ok]
    print(f"{len(results) - len(missed)} PASS, {len(missed)} MISS")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
