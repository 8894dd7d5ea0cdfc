"""What a translation may contain (issue: "Translations that a careless or hostile edit
cannot slip past"). Each case is made on a broken copy of the shipped catalogs and must be
refused by `i18n check` (exit 1, file:line, in --json too) and by `render` for patients."""

from __future__ import annotations

import json
import shutil

import pytest
from babel.messages.catalog import Message
from click.testing import CliRunner

from tests.i18n.test_catalogs import edit_catalog, load, po
from vertebro_print.cli import main
from vertebro_print.errors import LocaleNotReady
from vertebro_print.i18n.checks import BROKEN, MISSING, OK, check_message, strings
from vertebro_print.i18n.checks.content import english_vocabulary
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.plurals import read_rule
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

EMERGENCY = "In an emergency, call %(number)s right away."
FEVER = "A fever. This can be a sign of infection."
FIRST_HOURS = "First %(hours)s hour"
NEEDLE = "Swelling or redness where the needle went in. This can be a sign of infection."
NEVER_STOP = "<strong>Never stop a medicine on your own.</strong> Always ask your care team first."
CLOTHES = "Wear comfortable clothes."


def set_translation(locales, code, msgid, value, comment=None):
    def change(catalog):
        catalog[msgid].string = value
        if comment:
            catalog[msgid].user_comments.append(comment)

    edit_catalog(locales, code, change)


def refused(locales, code, msgid, handout="aftercare"):
    """Runs `i18n check` and a patient render; returns the problem about msgid."""
    result = CliRunner().invoke(
        main, ["i18n", "check", code, "--json", "--locales-dir", str(locales)]
    )
    assert result.exit_code == 1, result.output
    found = [p for p in json.loads(result.output) if p["msgid"] == msgid]
    assert found and found[0]["severity"] == "error", found
    message = load(po(locales, code))[msgid]
    assert found[0]["line"] == message.lineno
    text = CliRunner().invoke(main, ["i18n", "check", code, "--locales-dir", str(locales)])
    assert f"messages.po:{message.lineno}:" in text.output
    with pytest.raises(LocaleNotReady) as error:
        render(RenderRequest(handout, code), Project(Settings(locales_dir=locales)))
    assert any(p.msgid == msgid for p in error.value.problems)
    return found[0]


def test_emergency_line_left_in_english_is_refused(locales_copy):
    set_translation(locales_copy, "es", EMERGENCY, EMERGENCY)
    problem = refused(locales_copy, "es", EMERGENCY)
    assert problem["check"] == "english" and problem["safety_critical"]
    assert "ignore-same" in problem["message"]


def test_english_sentence_inside_a_translation_is_refused(locales_copy):
    spanish = load(po(locales_copy, "es"))[FEVER].string
    set_translation(locales_copy, "es", FEVER, spanish + " This can be a sign of infection.")
    assert "sign of infection" in refused(locales_copy, "es", FEVER)["message"]
    # An English sentence from another string, too.
    set_translation(locales_copy, "es", FEVER, spanish + " Call your doctor or care team.")
    assert refused(locales_copy, "es", FEVER)["check"] == "english"


def test_intentionally_same_string_is_accepted_with_a_comment(locales_copy):
    set_translation(locales_copy, "es", CLOTHES, CLOTHES)
    assert refused(locales_copy, "es", CLOTHES, "prepare")["check"] == "english"
    set_translation(locales_copy, "es", CLOTHES, CLOTHES, "same-as-source: test of the marker")
    catalog = Project(Settings(locales_dir=locales_copy)).catalog("es")
    assert catalog.state(CLOTHES) == OK


def test_weblate_ignore_same_flag_marks_a_string_the_same(locales_copy):
    set_translation(locales_copy, "es", CLOTHES, CLOTHES)
    assert refused(locales_copy, "es", CLOTHES, "prepare")["check"] == "english"
    edit_catalog(locales_copy, "es", lambda catalog: catalog[CLOTHES].flags.add("ignore-same"))
    assert "#, ignore-same\nmsgid " + '"' + CLOTHES in po(locales_copy, "es").read_text()
    catalog = Project(Settings(locales_dir=locales_copy)).catalog("es")
    assert catalog.state(CLOTHES) == OK


@pytest.mark.parametrize("blank", [" ", "\u00a0\n ", "<strong> </strong>"])
def test_blank_translation_counts_as_untranslated(locales_copy, blank):
    set_translation(locales_copy, "pt_BR", FEVER, blank)
    problem = refused(locales_copy, "pt_BR", FEVER)
    assert problem["code"] == MISSING and problem["check"] == "blank"


def test_plural_form_without_its_placeholder_is_refused(locales_copy):
    forms = load(po(locales_copy, "fr"))[FIRST_HOURS].string
    changed = (forms[0], *(f.replace("%(hours)s", "4") for f in forms[1:]))
    set_translation(locales_copy, "fr", FIRST_HOURS, changed)
    problem = refused(locales_copy, "fr", FIRST_HOURS)
    assert problem["code"] == BROKEN and "plural form 1" in problem["message"]
    assert "%(hours)s" in problem["message"]


def test_simplified_characters_in_traditional_chinese_are_refused(locales_copy):
    traditional = load(po(locales_copy, "zh_Hant"))[NEEDLE].string
    simplified = traditional.replace("發紅", "发红").replace("腫", "肿")
    assert simplified != traditional
    set_translation(locales_copy, "zh_Hant", NEEDLE, simplified)
    problem = refused(locales_copy, "zh_Hant", NEEDLE)
    assert problem["check"] == "chinese-variant" and "肿 (use 腫)" in problem["message"]


def test_traditional_characters_in_simplified_chinese_are_refused(locales_copy):
    simplified = load(po(locales_copy, "zh_Hans"))[NEEDLE].string
    set_translation(locales_copy, "zh_Hans", NEEDLE, simplified.replace("发红", "發紅"))
    problem = refused(locales_copy, "zh_Hans", NEEDLE)
    assert problem["check"] == "chinese-variant" and "發 (use 发)" in problem["message"]


UNCLOSED_ATTACHMENT = ' <link rel="attachment" href="handouts.toml" title="a"'


@pytest.mark.parametrize(
    "suffix, reason",
    [
        (UNCLOSED_ATTACHMENT, "a '<' that opens no allowed tag"),
        (' <link rel="attachment" href="handouts.toml">', "adds <link"),
        (' <a rel="attachment" href="file:///etc/passwd">x</a>', '<a href="file:///etc/passwd"'),
        (" <!-- hidden -->", "an HTML comment"),
        (" si la fiebre es < 38", "a '<' that opens no allowed tag"),
        (" <strong>urgente</strong>", "adds </strong>, <strong>"),
        (" 100%", "lone %"),
        (" &#x202E;", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (" \u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (" \u200b", "U+200B ZERO WIDTH SPACE"),
        (" \u200e", "U+200E LEFT-TO-RIGHT MARK"),
        (" \u00ad", "U+00AD SOFT HYPHEN"),
    ],
)
def test_hostile_or_careless_markup_is_refused(locales_copy, suffix, reason):
    spanish = load(po(locales_copy, "es"))[FEVER].string
    set_translation(locales_copy, "es", FEVER, spanish + suffix)
    assert reason in refused(locales_copy, "es", FEVER)["message"]


def test_allowed_markup_and_entities_pass(locales_copy):
    spanish = load(po(locales_copy, "es"))[NEVER_STOP].string
    set_translation(locales_copy, "es", NEVER_STOP, spanish + " (&lt; a &amp; b)")
    assert Project(Settings(locales_dir=locales_copy)).catalog("es").state(NEVER_STOP) == OK
    set_translation(locales_copy, "es", NEVER_STOP, spanish.replace("<strong>", "<b>"))
    project = Project(Settings(locales_dir=locales_copy))
    assert project.catalog("es").state(NEVER_STOP) == BROKEN
    misnested = "</strong>" + spanish.replace("</strong>", "")
    set_translation(locales_copy, "es", NEVER_STOP, misnested)
    assert (
        "closes a tag that is not open"
        in refused(locales_copy, "es", NEVER_STOP, "prepare")["message"]
    )
    set_translation(locales_copy, "es", NEVER_STOP, spanish.replace("</strong>", ""))
    assert "drops </strong>" in refused(locales_copy, "es", NEVER_STOP, "prepare")["message"]


def test_characters_a_script_needs_are_allowed_only_there(locales_copy):
    hindi = load(po(locales_copy, "hi"))[NEEDLE].string
    set_translation(locales_copy, "hi", NEEDLE, hindi.replace("्", "्\u200d", 1))
    arabic = load(po(locales_copy, "ar"))[NEEDLE].string
    set_translation(locales_copy, "ar", NEEDLE, "\u200f" + arabic)
    project = Project(Settings(locales_dir=locales_copy))
    assert project.catalog("hi").state(NEEDLE) == OK
    assert project.catalog("ar").state(NEEDLE) == OK
    set_translation(locales_copy, "ar", NEEDLE, arabic + "\u200d")
    assert "ZERO WIDTH JOINER" in refused(locales_copy, "ar", NEEDLE)["message"]


def test_text_mostly_in_another_script_is_refused(locales_copy):
    set_translation(locales_copy, "hi", NEEDLE, "Jahan sui andar gayi thi, vahan soojan ya laali.")
    problem = refused(locales_copy, "hi", NEEDLE)
    assert problem["check"] == "script" and "Devanagari" in problem["message"]
    set_translation(locales_copy, "ru", NEEDLE, "Отёк или покраснение там, куда вводили иглу.")
    assert Project(Settings(locales_dir=locales_copy)).catalog("ru").state(NEEDLE) == OK
    set_translation(locales_copy, "ru", NEEDLE, "Otyok ili pokrasnenie tam, gde byla igla.")
    assert refused(locales_copy, "ru", NEEDLE)["check"] == "script"


def _check(code, source_id, translation, **message):
    lang = language(code)
    rule = read_rule('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', None)
    vocabulary = english_vocabulary([source_id] if isinstance(source_id, str) else source_id)
    return check_message(
        lang, source_id, (), Message(source_id, translation, **message), rule, vocabulary
    )


def test_every_number_of_the_source_is_kept_in_the_locales_digits():
    source = "Rest for 2 days. Call if the pain lasts more than 10 days."
    assert _check("es", source, "Descanse 2 días. Llame si dura más de 10 días.") is None
    assert _check("ar", source, "استرح يومين ٢. اتصل إذا استمر الألم أكثر من ١٠ أيام.") is None
    assert _check("hi", source, "२ दिन आराम करें। अगर दर्द १० दिन से ज़्यादा रहे तो फ़ोन करें।") is None
    finding = _check("es", source, "Descanse dos días. Llame si dura más de 10 días.")
    assert finding.state == BROKEN and finding.check == "numbers" and "2" in finding.why
    finding = _check("es", source, "Descanse 2 días. Llame si dura más de 10 días. 5")
    assert finding.state == OK and finding.severity == "warning"


def test_numbers_on_a_broken_copy_of_the_templates(locales_copy, tmp_path):
    handouts = tmp_path / "handouts"
    shutil.copytree(Project(Settings()).handouts_dir, handouts)
    part = handouts / "parts" / "aftercare.html.j2"
    old = "The spot where the needle went in may be sore for a day or two."
    new = "The spot where the needle went in may be sore for 1 or 2 days."
    part.write_text(part.read_text().replace(old, new))
    args = ["--locales-dir", str(locales_copy), "--handouts-dir", str(handouts)]
    for command in (["extract"], ["update", "es"]):
        assert CliRunner().invoke(main, ["i18n", *command, *args]).exit_code == 0

    def fill(text):
        def change(catalog):
            catalog[new].string, catalog[new].flags = text, set()

        edit_catalog(locales_copy, "es", change)
        result = CliRunner().invoke(main, ["i18n", "check", "es", "--json", *args])
        return [p for p in json.loads(result.output) if p["msgid"] == new]

    assert fill("El sitio donde entró la aguja puede doler 1 o 2 días.") == []
    (problem,) = fill("El sitio donde entró la aguja puede doler uno o dos días.")
    assert problem["check"] == "numbers" and "drops the number 1, 2" in problem["message"]


@pytest.mark.parametrize(
    "code, text, allowed",
    [
        ("my", "ဆေးရုံ\u200bသို့", True),  # Burmese: ZWSP is where a line may break
        ("km", "មន្ទីរពេទ្យ\u200bនេះ", True),  # Khmer
        ("th", "โรงพยาบาล\u200bนี้", True),  # Thai
        ("my", "ဆေးရုံ\u2060သို့", False),  # WORD JOINER: still refused
        ("my", "ဆေးရုံ\u200dသို့", False),  # ZWJ: not a Burmese need
        ("es", "hospital\u200bcerca", False),  # ZWSP in Spanish: refused
        ("fa", "می\u200cشود", True),  # Persian's half space
        ("ar", "\u200fمستشفى", True),  # RLM in a right-to-left language
        ("ru", "\u200fбольница", False),  # but not in a left-to-right one
        ("bn", "ক্\u200dষ", True),  # Bengali conjunct control, from the script
    ],
)
def test_invisible_characters_follow_the_table(code, text, allowed):
    from vertebro_print.i18n.checks.characters import invisible_problem

    assert (invisible_problem(language(code), text) == "") is allowed


@pytest.mark.parametrize(
    "code, text, allowed",
    [
        ("ro", "roșeață", True),  # comma below: Romanian's own letters
        ("ro", "roşeaţă", False),  # cedilla: the Turkish letters in their place
        ("ro", "ŞI ŢARA", False),  # capitals too
        ("ro_MD", "ţară", False),  # a region of Romanian takes its language's table
        ("ro", "s\u0327i", False),  # s with a combining cedilla is ş once composed
        ("tr", "Kaşıntı ve şişlik", True),  # Turkish: ş with a cedilla is right
        ("uk", "ş", True),  # a language without a table keeps every letter
    ],
)
def test_lookalike_letters_follow_the_table(code, text, allowed):
    from vertebro_print.i18n.checks.characters import lookalike_problem

    assert (lookalike_problem(language(code), text) == "") is allowed


def test_a_lookalike_written_as_an_entity_is_refused():
    found = _check("ro", FEVER, "Febră. Poate fi un semn de infec&#355;ie.")
    assert found.state == BROKEN and found.check == "lookalike"
    assert "write ț (U+021B LATIN SMALL LETTER T WITH COMMA BELOW)" in found.why


def test_romanian_catalog_typed_with_cedillas_is_refused_with_the_fix(locales_copy):
    """The whole Romanian catalog as an old keyboard types it: every string with ș or ț is
    refused (and only those), each naming the comma-below letter to write."""
    cedilla = str.maketrans("șțȘȚ", "şţŞŢ")
    original = load(po(locales_copy, "ro"))
    touched = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in original
        if m.id and any(c in "șțȘȚ" for c in "".join(strings(m)))
    }

    def change(catalog):
        for message in catalog:
            if message.id:
                forms = tuple(s.translate(cedilla) for s in strings(message))
                message.string = forms if isinstance(message.string, tuple) else forms[0]

    edit_catalog(locales_copy, "ro", change)
    problem = refused(locales_copy, "ro", NEEDLE)
    assert problem["check"] == "lookalike" and problem["safety_critical"]
    assert (
        "ş (U+015F LATIN SMALL LETTER S WITH CEDILLA): write ș (U+0219 LATIN SMALL LETTER S "
        "WITH COMMA BELOW)" in problem["message"]
    )
    catalog = Project(Settings(locales_dir=locales_copy)).catalog("ro")
    found = {p.msgid for p in catalog.problems if p.check == "lookalike"}
    assert len(touched) > 100 and found == touched
