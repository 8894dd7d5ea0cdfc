"""The build's worker processes. Each holds one Project for its whole life, so the fonts, the
parsed stylesheet, the templates and the loaded catalogs are reused from render to render,
and writes each PDF into the staging folder itself (the PDF's bytes never cross a pipe).

A staged PDF is named by its stamp and comes with its manifest entry beside it: a build that
is interrupted keeps its finished renders there, and the next build with the same inputs
takes them instead of rendering again."""

from __future__ import annotations

import gc
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vertebro_print.atomic import write_atomic
from vertebro_print.build.manifest import FileEntry
from vertebro_print.errors import CatalogError, LocaleNotReady, VertebroError
from vertebro_print.handouts import Handout
from vertebro_print.plan import RenderPlan, resolve
from vertebro_print.project import Project
from vertebro_print.provenance import Stamper, asset_key, digest, file_digest
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings
from vertebro_print.workers import start_worker

if TYPE_CHECKING:
    from vertebro_print.render import Rendered


@dataclass(frozen=True)
class Job:
    handout: str
    locale: str
    paper: str
    large_print: bool
    stamp: str
    cost: int = 1  # a guess of the render time, to start the longest renders first

    @property
    def path(self) -> str:
        return (
            f"{self.locale}/{self.handout}-{self.paper}{'-large' if self.large_print else ''}.pdf"
        )

    def request(self) -> RenderRequest:
        return RenderRequest(self.handout, self.locale, self.paper, self.large_print)

    @classmethod
    def stamped(
        cls, stamper: Stamper, handout: Handout, locale: str, paper: str, large_print: bool
    ) -> Job:
        """The job for one output, stamped with the state of its inputs now."""
        source = stamper.source_stamp(handout, locale)
        return cls(
            handout.id,
            locale,
            paper,
            large_print,
            stamper.stamp(source, paper, large_print),
            cost=len(handout.parts) * (2 if large_print else 1),
        )


@dataclass(frozen=True)
class Done:
    """What became of a job: its staged file's entry, or why there is none."""

    job: Job
    entry: FileEntry | None = None
    skipped: str = ""  # the locale may not print this handout (or its catalog is broken)
    failed: str = ""  # the render itself failed: a bug or a broken installation


def staged_pdf(staging: Path, stamp: str) -> Path:
    return staging / f"{stamp}.pdf"


def staged_entry(staging: Path, stamp: str) -> Path:
    return staging / f"{stamp}.json"


# Worker side --------------------------------------------------------------------------------

# Font files a worker may keep resident when it moves on to another language. One CJK face
# keeps about 39 MB; a worker that kept all four (ja, ko, zh_Hans, zh_Hant) peaked at 335 MB,
# one that lets them go between languages at under 200 MB. Every other script's fonts keep
# 1-5 MB: a move from one of them keeps its fonts warm.
MAPPED_FONTS_LIMIT_MB = 20

_project: Project | None = None
_last_locale: str | None = None


def render_pdf(plan: RenderPlan) -> Rendered:
    """The render a build job makes. Tests of the build's planning, triage, commit and manifest
    replace it with a fake in an in-process build (jobs=0) and run in milliseconds."""
    from vertebro_print.render import render_plan

    return render_plan(plan)


def attach(project: Project) -> None:
    """Run jobs in this process with this project (an in-process build)."""
    global _project, _last_locale
    _project, _last_locale = project, None


def start(settings: Settings) -> None:
    """Pool initializer: one Project per worker process."""
    global _project
    _project = start_worker(settings)


# What a font file's name ends in (fontconfig's formats; Debian's CJK faces are collections).
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2", ".pfb", ".pfa")


def mapped_fonts_mb(smaps: Path = Path("/proc/self/smaps")) -> float:
    """The resident memory of the font files this process has mapped (Linux; 0 elsewhere).
    Not all file-backed memory: the libraries a render loads (ICU's data among them) keep
    about 42 MB resident for good, which alone passed the limit, so a worker let its fonts
    go at every change of language, Latin to Latin too, and paid for a cycle collection and
    warm fonts again each time (0.1-0.35 s)."""
    total_kb, in_font = 0, False
    try:
        with smaps.open() as lines:
            for line in lines:
                if line.startswith("Rss:"):
                    total_kb += int(line.split()[1]) if in_font else 0
                elif not line[0].isupper():  # a mapping's own line: address range first
                    in_font = line.rstrip().lower().endswith(FONT_SUFFIXES)
    except (OSError, ValueError, IndexError):
        return 0.0
    return total_kb / 1024


def _moving_to(locale: str) -> None:
    global _last_locale
    from vertebro_print.pdf.layout import clear_layouts, release_fonts

    if _last_locale not in (None, locale):
        if mapped_fonts_mb() > MAPPED_FONTS_LIMIT_MB:
            release_fonts()
        # The last language's layouts are never taken again (a variant's packet takes its
        # own parts', and no two variants share one): dropped here, the collection below
        # does not walk them (8 laid-out documents; 190 ms a collection, from 300).
        clear_layouts()
        # The cycles a language's layouts left, collected while the next waits: the
        # collector is paused during renders (pdf/layout.py), and without this a worker's
        # peak grew from 456 to 503-536 MB over a full build.
        gc.collect()
    _last_locale = locale


def run(job: Job, staging: str) -> Done:
    """Render one job into the staging folder."""
    _moving_to(job.locale)
    project = _project
    try:
        plan = resolve(job.request(), project)
        rendered = render_pdf(plan)
    except (LocaleNotReady, CatalogError) as exc:
        return Done(job, skipped=str(exc))
    except VertebroError as exc:
        return Done(job, failed=str(exc))
    entry = FileEntry(
        path=job.path,
        handout=job.handout,
        locale=job.locale,
        title=plan.title,
        paper=job.paper,
        large_print=job.large_print,
        pages=rendered.pages,
        bytes=len(rendered.pdf),
        sha256=digest(rendered.pdf),
        content_version=project.settings.content_version,
        review_status=plan.review,
        stamp=job.stamp,
        assets={asset_key(project, p): file_digest(p) for p in sorted(set(rendered.resources))},
    )
    folder = Path(staging)
    write_atomic(staged_pdf(folder, job.stamp), rendered.pdf)
    # The entry last: its presence says the PDF beside it is complete.
    write_atomic(staged_entry(folder, job.stamp), json.dumps(asdict(entry)).encode())
    return Done(job, entry)


def run_group(jobs: list[Job], staging: str) -> list[Done]:
    """Render the jobs of one variant (locale, paper, size) one after another, cheapest
    first: the handouts a packet staples are laid out before it, so the packet is written
    from their layouts (pdf.layout keeps them) without laying anything out again."""
    return [run(job, staging) for job in sorted(jobs, key=lambda j: j.cost)]
