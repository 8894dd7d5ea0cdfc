"""A translation whose change of meaning a program can detect never reaches a patient (issue:
"A translation that reverses a rule, swaps a unit or misdates the fast never reaches a
patient"). Each case is an edit a careless or hostile translator could make, on a broken copy
of the shipped catalogs: the reviewer's own (es, zh_Hans, fr, ar, fa, hi, pl...) and cases in
languages the issue does not name (ru, pt_BR, zh_Hant, ko, ja, vi, tl, ht, bn, ne). The first
case of each class goes all the way: `i18n check` (exit 1, file:line, --json) and a patient
render (refused); the others are read from the checked catalog."""

from __future__ import annotations

import copy
import json

import pytest
from babel.messages.catalog import Message
from click.testing import CliRunner

from tests.i18n.test_catalogs import edit_catalog, load, po
from tests.i18n.test_checks import refused, set_translation
from tests.pdfs import page_texts
from vertebro_print.cli import main
from vertebro_print.i18n.checks import BROKEN, OK, check_message, quantities
from vertebro_print.i18n.checks.content import english_vocabulary
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.plurals import read_rule
from vertebro_print.project import Project
from vertebro_print.render import render
from vertebro_print.request import RenderRequest
from vertebro_print.settings import Settings

DRIVE = "Do not drive until your doctor says it is OK."
NEVER_STOP = "<strong>Never stop a medicine on your own.</strong> Always ask your care team first."
LIFT = (
    "Do not lift heavy things. Do not do hard exercise or hard physical work. Ask your care "
    "team how much you may lift."
)
SEDATION = (
    "You may get medicine to make you relaxed and sleepy. This is called "
    "<strong>sedation</strong>. It makes you drowsy and slow to react for the rest of the day. "
    "After sedation, you must not drive."
)
RESTART = "When should I start my blood thinners and other stopped medicines again?"
AFTER_HOURS = "After %(hours)s hour"
DURATION = "For at least %(duration)s"  # the quantity comes whole from CLDR: "6 semanas"
EMERGENCY_LOCAL = "In an emergency, call your local emergency number right away."
PEOPLE = (
    "Most people get a lot less pain. In studies, about %(people)s person out of every "
    "%(total)s had much less pain. That is %(share)s."
)
MIDNIGHT, NOON = "midnight", "noon"
DAY_BEFORE = "%(time)s, the day before"
NIGHT_BEFORE = "midnight, the night before"
PAIN = "Pain that gets worse, or does not get better."
FEVER = "A fever. This can be a sign of infection."
NEEDLE = "Swelling or redness where the needle went in. This can be a sign of infection."


def _replace(old, new):
    return lambda text: text.replace(old, new)


def _forms(text):
    return lambda forms: tuple(text for _ in forms)


# (class, code, msgid, edit: a new translation or a function of the old one, check)
CASES = [
    # Polarity: a rule reversed, a prohibition softened, a question made a permission.
    (
        "polarity",
        "es",
        DRIVE,
        "Maneje hasta que su cirujano le diga que puede hacerlo.",
        "polarity",
    ),
    (
        "polarity",
        "zh_Hans",
        NEVER_STOP,
        "<strong>您可以自己停药。</strong>一定要先问您的医护团队。",
        "polarity",
    ),
    (
        "polarity",
        "fr",
        DRIVE,
        "Mieux vaut éviter de conduire si possible, avant que votre chirurgien dise que c’est "
        "possible.",
        "polarity",
    ),
    ("polarity", "ko", DRIVE, _replace("운전하지 마세요", "운전하세요"), "polarity"),
    ("polarity", "fa", DRIVE, _replace("رانندگی نکنید", "رانندگی کنید"), "polarity"),
    ("polarity", "ru", SEDATION, _replace("нельзя", "можно"), "polarity"),
    (
        "polarity",
        "pt_BR",
        RESTART,
        "Quando posso voltar a tomar os anticoagulantes e os outros remédios que parei?",
        "polarity",
    ),
    ("polarity", "vi", RESTART, _replace("tôi nên", "tôi có thể"), "polarity"),
    ("polarity", "hi", LIFT, _replace("शारीरिक काम न करें", "शारीरिक काम करें"), "polarity"),
    ("polarity", "ht", DRIVE, "Kondi jiskaske chirijyen ou di w li oke.", "polarity"),
    ("polarity", "tl", DRIVE, _replace("Huwag magmaneho", "Magmaneho"), "polarity"),
    ("polarity", "ja", NEVER_STOP, _replace("やめないでください", "やめてもいいです"), "polarity"),
    ("polarity", "ar", DRIVE, _replace("لا تقُد", "قُد"), "polarity"),
    ("polarity", "zh_Hant", LIFT, _replace("不要做激烈運動", "可以做激烈運動"), "polarity"),
    ("polarity", "pl", LIFT, _replace("Nie wolno wykonywać", "Można wykonywać"), "polarity"),
    ("polarity", "tr", DRIVE, _replace("kullanmayın", "kullanın"), "polarity"),
    ("polarity", "tr", SEDATION, _replace("kullanmamalısınız", "kullanabilirsiniz"), "polarity"),
    ("polarity", "tr", RESTART, _replace("başlamalıyım", "başlayabilirim"), "polarity"),
    ("polarity", "so", DRIVE, _replace("Ha wadin baabuur", "Wad baabuurka"), "polarity"),
    ("polarity", "so", LIFT, _replace("Ha samayn", "Samee"), "polarity"),
    ("polarity", "so", RESTART, _replace("dib u bilaabaa", "dib u bilaabi karaa"), "polarity"),
    # Thai and Khmer write no spaces between words: the markers are found inside the text.
    ("polarity", "th", DRIVE, _replace("ห้ามขับรถ", "ขับรถ"), "polarity"),
    ("polarity", "th", NEVER_STOP, _replace("อย่าหยุดยาเองเด็ดขาด", "คุณหยุดยาเองได้"), "polarity"),
    (
        "polarity",
        "th",
        RESTART,
        "ฉันเริ่มกินยาละลายลิ่มเลือดและยาอื่นที่หยุดไว้อีกครั้งได้เมื่อไร?",
        "polarity",
    ),
    ("polarity", "km", DRIVE, _replace("កុំបើកបរ", "បើកបរ"), "polarity"),
    ("polarity", "km", SEDATION, _replace("អ្នកមិនត្រូវបើកបរទេ", "អ្នកអាចបើកបរបាន"), "polarity"),
    ("polarity", "km", LIFT, _replace("កុំហាត់ប្រាណខ្លាំង", "ហាត់ប្រាណខ្លាំង"), "polarity"),
    ("polarity", "pa", DRIVE, _replace("ਗੱਡੀ ਨਾ ਚਲਾਓ", "ਗੱਡੀ ਚਲਾ ਸਕਦੇ ਹੋ"), "polarity"),
    ("polarity", "pa", SEDATION, _replace("ਚਲਾਉਣਾ ਮਨ੍ਹਾ ਹੈ", "ਚਲਾ ਸਕਦੇ ਹੋ"), "polarity"),
    ("polarity", "gu", LIFT, _replace("ભારે વસ્તુઓ ન ઉપાડો", "ભારે વસ્તુઓ ઉપાડો"), "polarity"),
    ("polarity", "gu", DRIVE, _replace("વાહન ન ચલાવો", "વાહન ચલાવી શકો છો"), "polarity"),
    ("polarity", "gu", RESTART, _replace("શરૂ કરવી જોઈએ", "શરૂ કરી શકું"), "polarity"),
    # "не можна" and "nu aveți voie" (must not) lose their "not": the permission is left.
    ("polarity", "uk", SEDATION, _replace("не можна", "можна"), "polarity"),
    ("polarity", "ro", SEDATION, _replace("nu aveți voie", "aveți voie"), "polarity"),
    ("polarity", "uk", LIFT, _replace("Не піднімайте", "Піднімайте"), "polarity"),
    ("polarity", "ro", NEVER_STOP, _replace("Nu opriți niciodată", "Puteți opri"), "polarity"),
    ("polarity", "my", DRIVE, _replace("ကားမမောင်းပါနှင့်", "ကားမောင်းပါ"), "polarity"),
    ("polarity", "my", SEDATION, _replace("ကားမမောင်းရပါ", "ကားမောင်းနိုင်ပါသည်"), "polarity"),
    ("polarity", "hy", DRIVE, _replace("Մեքենա մի՛ վարեք", "Մեքենա վարեք"), "polarity"),
    ("polarity", "hy", LIFT, _replace("մի՛ արեք", "արեք"), "polarity"),
    ("polarity", "bn", DRIVE, _replace("চালাবেন না", "চালাবেন"), "polarity"),
    ("polarity", "bn", RESTART, _replace("শুরু করতে হবে", "শুরু করতে পারি"), "polarity"),
    ("polarity", "ne", DRIVE, _replace("नचलाउनुहोस्", "चलाउनुहोस्"), "polarity"),
    ("polarity", "ne", SEDATION, _replace("चलाउनु हुँदैन", "चलाउन सक्नुहुन्छ"), "polarity"),
    # Units: weeks turned into days.
    ("units", "es", AFTER_HOURS, lambda f: tuple(x.replace("hora", "día") for x in f), "units"),
    ("units", "pl", AFTER_HOURS, _forms("Po %(hours)s dniach"), "units"),
    ("units", "uk", AFTER_HOURS, _forms("Через %(hours)s днів"), "units"),
    ("units", "ro", AFTER_HOURS, _forms("După %(hours)s zile"), "units"),
    ("units", "ja", AFTER_HOURS, _forms("%(hours)s日たったら"), "units"),
    ("units", "ru", AFTER_HOURS, _forms("Через %(hours)s дней"), "units"),
    ("units", "tr", AFTER_HOURS, _forms("%(hours)s gün sonra"), "units"),
    ("units", "so", AFTER_HOURS, _forms("%(hours)s maalmood kadib"), "units"),
    ("units", "th", AFTER_HOURS, _forms("หลัง %(hours)s วัน"), "units"),
    ("units", "km", AFTER_HOURS, _forms("ក្រោយ %(hours)s ថ្ងៃ"), "units"),
    ("units", "pa", AFTER_HOURS, _forms("%(hours)s ਦਿਨ ਬਾਅਦ"), "units"),
    ("units", "gu", AFTER_HOURS, _forms("%(hours)s દિવસ પછી"), "units"),
    # A digit added to a safety-critical string.
    ("digits", "es", DURATION, _replace("%(duration)s", "1%(duration)s"), "digits-added"),
    (
        "digits",
        "es",
        EMERGENCY_LOCAL,
        "En una emergencia, llame de inmediato al 119.",
        "digits-added",
    ),
    ("digits", "ar", EMERGENCY_LOCAL, "في حالة الطوارئ، اتصل بالرقم ٩٩٧ فورًا.", "digits-added"),
    (
        "digits",
        "vi",
        EMERGENCY_LOCAL,
        "Trong trường hợp khẩn cấp, hãy gọi ngay 115.",
        "digits-added",
    ),
    ("digits", "ja", MIDNIGHT, "午前1時", "digits-added"),
    ("digits", "bn", EMERGENCY_LOCAL, "জরুরি অবস্থায় এখনই ৯৯৯ নম্বরে ফোন করুন।", "digits-added"),
    # Midnight and noon swapped; the day before as the same day; the night before as last night.
    ("day-period", "es", MIDNIGHT, "mediodía", "day-period"),
    ("day-period", "ru", MIDNIGHT, "полдень", "day-period"),
    ("day-period", "fr", NOON, "minuit", "day-period"),
    ("day-period", "ko", NOON, "자정", "day-period"),
    ("day-period", "es", DAY_BEFORE, "%(time)s, el mismo día", "day-period"),
    ("day-period", "pt_BR", DAY_BEFORE, "%(time)s, no mesmo dia", "day-period"),
    ("day-period", "zh_Hant", DAY_BEFORE, "同一天 %(time)s", "day-period"),
    ("day-period", "pl", NIGHT_BEFORE, "północ, poprzedniej nocy", "day-period"),
    ("day-period", "hi", NIGHT_BEFORE, "पिछली रात 12 बजे (आधी रात)", "day-period"),
    ("day-period", "vi", NIGHT_BEFORE, "nửa đêm, đêm qua", "day-period"),
    ("day-period", "tr", MIDNIGHT, "öğlen", "day-period"),
    ("day-period", "tr", DAY_BEFORE, "%(time)s, tedaviyle aynı gün", "day-period"),
    ("day-period", "so", NOON, "saqda dhexe", "day-period"),
    ("day-period", "so", NIGHT_BEFORE, "saqda dhexe, xalay", "day-period"),
    # Thai's midnight, เที่ยงคืน, starts with its noon, เที่ยง: each must still be told apart.
    ("day-period", "th", MIDNIGHT, "เที่ยงวัน", "day-period"),
    ("day-period", "th", NOON, "เที่ยงคืน", "day-period"),
    ("day-period", "th", NIGHT_BEFORE, "เที่ยงคืน เมื่อคืน", "day-period"),
    ("day-period", "km", MIDNIGHT, "ថ្ងៃត្រង់", "day-period"),
    ("day-period", "km", NOON, "ពាក់កណ្ដាលអធ្រាត្រ", "day-period"),
    ("day-period", "km", DAY_BEFORE, "%(time)s នៅថ្ងៃដដែល", "day-period"),
    ("day-period", "pa", NIGHT_BEFORE, "ਅੱਧੀ ਰਾਤ, ਪਿਛਲੀ ਰਾਤ", "day-period"),
    ("day-period", "pa", MIDNIGHT, "ਦੁਪਹਿਰ 12 ਵਜੇ", "day-period"),
    ("day-period", "gu", DAY_BEFORE, "%(time)s, એ જ દિવસે", "day-period"),
    ("day-period", "gu", NOON, "મધરાત", "day-period"),
    ("day-period", "uk", NIGHT_BEFORE, "північ, минулої ночі", "day-period"),
    ("day-period", "uk", DAY_BEFORE, "%(time)s, того ж дня", "day-period"),
    ("day-period", "ro", NIGHT_BEFORE, "miezul nopții, aseară", "day-period"),
    ("day-period", "ro", MIDNIGHT, "amiază", "day-period"),
    ("day-period", "my", NIGHT_BEFORE, "ညသန်းခေါင်၊ မနေ့ညက", "day-period"),
    ("day-period", "my", MIDNIGHT, "မွန်းတည့်", "day-period"),
    ("day-period", "hy", NIGHT_BEFORE, "կեսգիշերին, երեկ գիշեր", "day-period"),
    ("day-period", "bn", NIGHT_BEFORE, "মধ্যরাত (রাত ১২টা), গত রাতে", "day-period"),
    ("day-period", "ne", MIDNIGHT, "दिउँसो १२ बजे", "day-period"),
    # Another language in the catalog; English runs in a safety-critical string.
    ("language", "es", FEVER, "Febre. Isso pode ser um sinal de infecção.", "language"),
    ("language", "fa", NEEDLE, "تورّم أو احمرار في مكان دخول الإبرة.", "language"),
    ("language", "ru", NEEDLE, "Набряк або почервоніння там, де входила голка.", "language"),
    ("language", "pt_BR", FEVER, "Fiebre. Puede ser una señal de infección.", "language"),
    ("language", "so", FEVER, "Ateş. Bu bir enfeksiyon işareti olabilir.", "language"),
    ("language", "tr", FEVER, "Qandho. Tani waxay noqon kartaa calaamad caabuq.", "language"),
    # Russian in the Ukrainian catalog (the model tells the two apart), Italian in the Romanian.
    (
        "language",
        "uk",
        NEEDLE,
        "Отёк или покраснение в месте, куда вводили иглу. Это может быть признаком инфекции.",
        "language",
    ),
    ("language", "ro", FEVER, "Febbre. Questo può essere un segno di infezione.", "language"),
    (
        "language",
        "ne",
        EMERGENCY_LOCAL,
        "इमरजेंसी में, तुरंत अपने इलाके के इमरजेंसी नंबर पर फ़ोन करें।",  # Hindi
        "language",
    ),
    ("english-run", "es", DRIVE, "No maneje until your doctor says OK.", "english-run"),
    (
        "english-run",
        "tl",
        DRIVE,
        "Huwag magmaneho until your doctor sabihin na puwede na.",
        "english-run",
    ),
    # A warning sign cut in half.
    ("length", "es", PAIN, "Dolor que empeora.", "length"),
    ("length", "ko", NEEDLE, "붓기.", "length"),
    ("length", "ru", FEVER, "Температура.", "length"),
    ("length", "tr", PAIN, "Kötüleşen ağrı.", "length"),
    ("length", "so", NEEDLE, "Barar meesha irbaddu ka gashay.", "length"),
    ("length", "th", PAIN, "ปวดมากขึ้น", "length"),
    ("length", "km", FEVER, "គ្រុនក្ដៅ។", "length"),
    ("length", "pa", PAIN, "ਵਧਦਾ ਦਰਦ।", "length"),
    ("length", "gu", NEEDLE, "સોજો કે લાલાશ.", "length"),
    ("length", "uk", PAIN, "Сильний біль.", "length"),
    ("length", "ro", FEVER, "Febră.", "length"),
    ("length", "bn", PAIN, "ব্যথা বাড়লে।", "length"),
    # same-as-source on a safety-critical string.
    ("same-as-source", "es", DRIVE, DRIVE, "same-as-source"),
    ("same-as-source", "zh_Hant", EMERGENCY_LOCAL, EMERGENCY_LOCAL, "same-as-source"),
]
HANDOUTS = {NEVER_STOP: "prepare", SEDATION: "prepare", RESTART: "prepare"}
FIRST_OF_CLASS = {c[0]: i for i, c in reversed(list(enumerate(CASES)))}


def _apply(locales, code, msgid, edit, comment=None):
    old = load(po(locales, code))[msgid].string
    new = edit(old) if callable(edit) else edit
    assert new != old, f"the edit changes nothing in {code}"
    set_translation(locales, code, msgid, new, comment)


@pytest.mark.parametrize(
    "kind, code, msgid, edit, check", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_a_change_of_meaning_is_refused(locales_copy, kind, code, msgid, edit, check):
    comment = "same-as-source: kept in English" if kind == "same-as-source" else None
    _apply(locales_copy, code, msgid, edit, comment)
    if CASES.index((kind, code, msgid, edit, check)) == FIRST_OF_CLASS[kind]:
        problem = refused(locales_copy, code, msgid, HANDOUTS.get(msgid, "aftercare"))
        assert problem["check"] == check and problem["code"] == BROKEN, problem
        return
    catalog = Project(Settings(locales_dir=locales_copy)).catalog(code)
    found = [p for p in catalog.problems if p.msgid == msgid]
    assert found and found[0].check == check and found[0].is_error, found
    assert catalog.state(msgid) == BROKEN


def test_every_class_is_refused_in_at_least_two_languages():
    by_class: dict[str, set[str]] = {}
    for kind, code, *_ in CASES:
        by_class.setdefault(kind, set()).add(code)
    assert all(len(codes) >= 2 for codes in by_class.values()), by_class


@pytest.mark.parametrize("code, swap", [("es", True), ("ko", False)])
def test_swapped_counts_are_flagged_for_review(locales_copy, code, swap):
    """ "100 personas de cada 87": the two counts of "N out of M" are told apart only by their
    place. Korean says the whole first ("100명 중 87명"): there the part first is flagged."""

    def change(catalog):
        forms = catalog[PEOPLE].string
        if swap:
            forms = tuple(
                f.replace("%(people)s", "@")
                .replace("%(total)s", "%(people)s")
                .replace("@", "%(total)s")
                for f in forms
            )
        else:
            forms = (
                "연구에서는 약 %(people)s명이 %(total)s명 중에서 통증이 크게 줄었습니다. "
                "즉 %(share)s입니다.",
            )
        catalog[PEOPLE].string = forms

    edit_catalog(locales_copy, code, change)
    result = CliRunner().invoke(
        main, ["i18n", "check", code, "--json", "--locales-dir", str(locales_copy)]
    )
    assert result.exit_code == 0, result.output  # a warning for a reviewer, not an error
    (problem,) = [p for p in json.loads(result.output) if p["msgid"] == PEOPLE]
    assert problem["check"] == "placeholder-order-review" and problem["severity"] == "warning"


def _rule():
    return read_rule('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', None)


def test_swapped_counts_in_a_safety_critical_string_are_an_error():
    source = "About %(people)s out of every %(total)s."
    swapped = Message(source, "Aproximadamente %(total)s de cada %(people)s.")
    found = check_message(
        language("es"), source, (), swapped, _rule(), frozenset(), safety_critical=True
    )
    assert found.check == "placeholder-order" and found.state == BROKEN
    found = check_message(language("es"), source, (), swapped, _rule(), frozenset())
    assert found.check == "placeholder-order-review" and found.state == OK


def test_a_language_added_later_is_covered_until_its_tables_exist():
    """Cherokee has no polarity table, no day-period words and no language model: a negated
    rule is refused with the file to fill in, never passed unchecked."""
    vocabulary = english_vocabulary([DRIVE])
    found = check_message(
        language("chr"),
        DRIVE,
        (),
        Message(DRIVE, "ᎥᏝ ᏱᏗᏣᏘᏁᏍᏗ ᏂᎦᏓ ᎤᏓᏅᏘ ᏱᏗᏣᏘᏁᏍᏗ."),
        _rule(),
        vocabulary,
    )
    assert found.state == BROKEN and "identity.toml" in found.why
    found = check_message(language("chr"), DRIVE, (), Message(DRIVE, "ᎥᏝ."), _rule(), vocabulary)
    assert found.check == "polarity" and "polarity.toml" in found.why
    found = check_message(
        language("chr"), MIDNIGHT, (), Message(MIDNIGHT, "ᏒᏃᏱ"), _rule(), frozenset()
    )
    assert found.check == "day-period" and "daytimes.toml" in found.why


def test_shipped_catalogs_need_every_reviewed_unit_form_and_order_exception(monkeypatch):
    """quantities.toml's reviewed unit forms and its whole-first languages are exceptions to
    CLDR and to the English order: each one for a shipped language must be needed by the
    shipped catalog, or it goes."""
    project = Project(Settings())
    sources = project.source_messages()
    shipped = [c for c in project.locale_codes() if c != "en"]
    original = quantities.data()

    # Read before any table is patched: a catalog checked with a patched table would be
    # cached for the rest of the process.
    catalogs = {code: project.catalog(code).catalog for code in shipped}

    def problems_with(data, code, check):
        monkeypatch.setattr(quantities, "data", lambda: data)
        quantities.unit_words.cache_clear()
        catalog = catalogs[code]
        found = []
        for key, source in sources.items():
            ids = source.id if isinstance(source.id, tuple) else (source.id,)
            message = catalog.get(key)
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            found += [t for t in texts if check(code, ids, t)]
        monkeypatch.setattr(quantities, "data", lambda: original)
        quantities.unit_words.cache_clear()
        return found

    for code, units in original["units"]["words"].items():
        if code not in shipped:
            continue
        for unit, words in units.items():
            for word in words:
                trimmed = copy.deepcopy(original)
                trimmed["units"]["words"][code][unit].remove(word)
                assert problems_with(trimmed, code, quantities.unit_problem), (code, word)
    for pair in original["order"]["pairs"]:
        for lang in pair["whole_first"]:
            codes = [c for c in shipped if c.split("_")[0] == lang or c == lang]
            for code in codes:
                trimmed = copy.deepcopy(original)
                trimmed["order"]["pairs"][0]["whole_first"].remove(lang)
                assert problems_with(trimmed, code, quantities.order_problem), code


@pytest.mark.parametrize(
    "code, printed",
    [
        ("es", "Durante al menos 6 semanas"),
        ("ht", "Pandan omwen 6 semèn"),
        ("ru", "Как минимум 6 недель"),
        ("ja", "少なくとも6週間"),
    ],
)
def test_the_lifting_rule_prints_cldrs_whole_quantity(project, code, printed):
    """The translator places %(duration)s; the number and its unit come from CLDR (or the
    reviewed form of quantities.toml where CLDR's data is thin), so weeks cannot become days."""
    pdf = render(RenderRequest("aftercare", code), project).pdf
    assert printed in " ".join(" ".join(page_texts(pdf)).split())


def test_the_proof_still_renders_with_the_problem_marked(locales_copy, tmp_path):
    """A translator's proof prints the refused string (as the English, marked) with its
    catalog line and the check that refused it."""
    _apply(locales_copy, "es", DRIVE, "Maneje hasta que su cirujano le diga que puede hacerlo.")
    out = tmp_path / "proof.pdf"
    args = ["i18n", "proof", "es", "aftercare", "-o", str(out), "--locales-dir", str(locales_copy)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    line = load(po(locales_copy, "es"))[DRIVE].lineno
    text = " ".join(" ".join(page_texts(out.read_bytes())).split())
    assert f"{DRIVE}po:{line} broken: polarity" in text.replace(" po:", "po:")


def test_strings_too_short_to_judge_alone_are_judged_together(locales_copy):
    """Portuguese labels in the Spanish catalog ("Sua consulta", "Data:") are each too short
    for the model; the appointment box's strings read together are Portuguese."""
    portuguese = load(po(locales_copy, "pt_BR"))
    project = Project(Settings(locales_dir=locales_copy))
    box = [
        k
        for k, s in project.source_messages().items()
        if s.locations[0][0] == "_appointment.html.j2"
    ]

    def change(catalog):
        for key in box:
            catalog[key].string = portuguese[key].string

    edit_catalog(locales_copy, "es", change)
    catalog = Project(Settings(locales_dir=locales_copy)).catalog("es")
    together = {p.msgid for p in catalog.problems if p.check == "language-together"}
    assert "Your appointment" in together and "Date:" in together
    assert all(catalog.state(k) == BROKEN for k in box)
    problem = next(p for p in catalog.problems if p.msgid == "Date:")
    assert "Portuguese" in problem.message and problem.line == catalog.catalog["Date:"].lineno
