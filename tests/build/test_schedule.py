"""The build's workers keep to one language each while languages are left that nobody has
started (a language's first render in a process checks its catalog and warms its fonts),
then help with the language that has the most variants left."""

from __future__ import annotations

import os

import pytest

from vertebro_print.build import run as builder
from vertebro_print.build.schedule import Schedule
from vertebro_print.build.worker import Job
from vertebro_print.project import Project
from vertebro_print.settings import Settings

HANDOUTS = {"about": 1, "prepare": 1, "packet": 3}


def jobs(*locales: str) -> list[Job]:
    return [
        Job(handout, locale, paper, large, f"{locale}-{handout}-{paper}-{large}", cost)
        for locale in locales
        for handout, parts in HANDOUTS.items()
        for paper in ("a4", "letter")
        for large in (False, True)
        for cost in [parts * (2 if large else 1)]
    ]


def variant(group: list[Job]) -> tuple[str, str, bool]:
    (key,) = {(job.locale, job.paper, job.large_print) for job in group}
    return key


def test_each_worker_keeps_its_language_until_none_is_left_unstarted():
    schedule = Schedule(jobs("es", "fr", "ja"))
    assert len(schedule) == 12
    # Two workers start two languages; each gets its own language's variants, large print
    # (the longest) first.
    assert variant(schedule.next_for(0)) == ("es", "a4", True)
    assert variant(schedule.next_for(1)) == ("fr", "a4", True)
    assert [variant(schedule.next_for(0))[0] for _ in range(3)] == ["es"] * 3
    # Worker 0 is done with es: it takes ja, which nobody has started.
    assert [variant(schedule.next_for(0))[0] for _ in range(4)] == ["ja"] * 4
    # Nothing is left unstarted: worker 0 helps with fr, where worker 1 is.
    assert variant(schedule.next_for(0))[0] == "fr"
    assert variant(schedule.next_for(1))[0] == "fr"
    assert variant(schedule.next_for(1))[0] == "fr"
    assert schedule.next_for(0) is None and schedule.next_for(1) is None
    assert len(schedule) == 0


def test_every_job_is_handed_out_once_in_whole_variants():
    every = jobs("en", "ar", "zh_Hans", "ko", "vi")
    schedule = Schedule(every)
    handed: list[Job] = []
    slot = 0
    while (group := schedule.next_for(slot % 3)) is not None:
        variant(group)  # one variant a group
        handed += group
        slot += 1
    assert sorted(j.stamp for j in handed) == sorted(j.stamp for j in every)


def test_languages_start_in_the_order_given():
    schedule = Schedule(jobs("zh_Hant", "en", "am"))
    assert [variant(schedule.next_for(n))[0] for n in range(3)] == ["zh_Hant", "en", "am"]


class DyingJob(Job):
    """A job whose worker process dies the moment it starts it (as one killed by the
    kernel, or crashing in a native library, would)."""

    def request(self):
        os._exit(70)


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_variant_and_the_build_goes_on(tmp_path):
    project = Project(Settings())
    english = builder.plan(project, ["en"], ["about"])
    dying = DyingJob("about", "es", "a4", False, "dying-stamp")
    done = list(builder._render(project, tmp_path, [*english, dying], workers=2))
    failed = {d.job.stamp: d.failed for d in done if d.failed}
    assert list(failed) == ["dying-stamp"] and "BrokenProcessPool" in failed["dying-stamp"]
    built = {d.job.stamp for d in done if d.entry is not None}
    assert built == {job.stamp for job in english}  # the rest, on a new worker in its place
    assert all((tmp_path / f"{job.stamp}.pdf").is_file() for job in english)
