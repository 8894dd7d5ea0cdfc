"""The PDFs of an earlier build that are still exactly what a render would make now, for the
web page to serve as built (`serve --prebuilt DIR`) instead of rendering them again.

An output counts when the build's manifest lists it with the stamp its inputs have now,
every file its render loaded (pictograms, logo) still has the recorded digest, and the file
still has the recorded bytes: the same test the build uses to keep an output. Renders are
deterministic, so such a file is the bytes a render would give."""

from __future__ import annotations

from pathlib import Path

from vertebro_print.build import manifest
from vertebro_print.build.manifest import FileEntry, Manifest
from vertebro_print.build.worker import Job
from vertebro_print.project import Project
from vertebro_print.provenance import Stamper, assets_unchanged, digest
from vertebro_print.request import RenderRequest


def job_for(request: RenderRequest, project: Project, stamper: Stamper) -> Job | None:
    """The build job that makes this request's PDF; None for what a build never makes
    (a personalised, bilingual or proof PDF)."""
    if request.personalised or request.with_lang or request.proof:
        return None
    handout = project.handout(request.handout)
    return Job.stamped(stamper, handout, request.lang, request.paper, request.large_print)


class Prebuilt:
    """One build folder, its manifest read again whenever the build rewrites it."""

    def __init__(self, project: Project, out_dir: Path) -> None:
        self.project, self.out_dir = project, out_dir
        self._manifest: tuple[int, Manifest] = (-1, Manifest())

    def manifest(self) -> Manifest:
        try:
            mtime = (self.out_dir / manifest.MANIFEST).stat().st_mtime_ns
        except OSError:
            return Manifest()
        if mtime != self._manifest[0]:
            self._manifest = (mtime, manifest.load(self.out_dir))
        return self._manifest[1]

    def find(self, request: RenderRequest, stamper: Stamper) -> tuple[FileEntry, bytes] | None:
        """The built entry and bytes of this request's PDF, if they are still current."""
        job = job_for(request, self.project, stamper)
        if job is None:
            return None
        entry = self.manifest().files.get(job.path)
        if entry is None or entry.stamp != job.stamp:
            return None
        if not assets_unchanged(self.project, stamper, entry.assets):
            return None
        try:
            data = (self.out_dir / entry.path).read_bytes()
        except OSError:
            return None
        return (entry, data) if digest(data) == entry.sha256 else None
