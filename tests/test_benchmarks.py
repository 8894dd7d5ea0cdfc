"""The side-by-side build benchmark builds, in each checkout, what `vertebro-print build`
builds there with no --lang: English and every shipped language."""

from __future__ import annotations

from benchmarks.build_versus import ROOT, shipped_languages


def test_build_versus_takes_the_languages_a_checkout_ships(project):
    assert sorted(shipped_languages(ROOT)) == sorted(project.locale_codes())
