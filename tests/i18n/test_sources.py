"""The committed messages.pot matches the templates, and the source strings follow the
rules translators rely on."""

from __future__ import annotations

from vertebro_print.translators import workflow as i18n


def test_messages_pot_is_current(project):
    assert i18n.pot_is_current(project), "run `vertebro-print i18n extract` and commit"


def test_every_template_string_is_in_pot(project):
    pot = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in i18n.read_catalog(i18n.pot_path(project))
    }
    assert set(project.source_messages()) <= pot


def test_safety_critical_strings_are_marked(project):
    critical = {k for k, m in project.source_messages().items() if m.safety_critical}
    assert any("general information" in k for k in critical)  # the disclaimer
    assert any("right away" in k and "emergency" in k for k in critical)
    assert (
        sum(
            "aftercare.html.j2" in m.locations[0][0]
            for k, m in project.source_messages().items()
            if k in critical
        )
        >= 7
    )


def test_number_sentences_use_plurals(project):
    plural = [m for m in project.source_messages().values() if isinstance(m.id, tuple)]
    assert len(plural) >= 6
