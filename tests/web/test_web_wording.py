"""What the page and the API tell people, over HTTP: never a server path (a broken catalog's
details go to the log for IT), a language must be chosen, the language search knows the
names people use, and a language that prints only some handouts names them by title. The
catalogs live deep below a temporary folder, with Polish broken and French not ready for the
aftercare handout (tests/web/serving.py, clinic_locales)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from starlette.testclient import TestClient

from tests.conftest import APPOINTMENT_DAY, ROOT
from tests.web.serving import clinic_locales, shown
from vertebro_print.i18n.names import SYNONYMS, fold, matches, search_names
from vertebro_print.project import Project
from vertebro_print.settings import Settings
from vertebro_print.web import create_app

BROKEN_LOG = "a catalog does not load, so its language is not offered"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return Project(Settings(locales_dir=clinic_locales(tmp_path_factory.mktemp("wording"))))


@pytest.fixture(scope="module")
def client(project):
    with TestClient(
        create_app(project, workers=1), base_url="http://127.0.0.1:8000", follow_redirects=False
    ) as test_client:
        test_client.get("/")  # logs the broken Polish catalog once, here rather than in a test
        yield test_client


def test_no_answer_holds_a_server_path(client, project):
    """Every kind of answer that could quote a catalog or template file: the page, the API's
    listing, 409s with their problems, error pages, the form's errors."""
    answers = [
        client.get("/"),
        client.get("/", params={"q": "polski"}),
        client.get("/api/handouts"),
        client.post("/api/render", json={"handout": "about", "lang": "pl"}),
        client.post("/api/render", json={"handout": "aftercare", "lang": "fr"}),
        client.get("/pdf", params={"handout": "about", "lang": "pl"}),
        client.get("/pdf", params={"handout": "aftercare", "lang": "fr"}),
        client.get("/preview/1.png", params={"handout": "about", "lang": "pl"}),
        client.get("/", params={"handout": "about", "lang": "pl", "preview": "1"}),
        client.post("/go", data={"handout": "about", "lang": "pl", "action": "print"}),
        client.post("/go", data={"handout": "packet", "lang": "fr", "action": "preview"}),
        client.post("/go", data={"handout": "nope", "lang": "es", "action": "preview"}),
    ]
    assert {a.status_code for a in answers} >= {200, 400, 409}
    roots = {str(project.locales_dir), str(project.handouts_dir), str(ROOT), "/tmp/", "/srv/"}
    for answer in answers:
        for root in roots:
            assert root not in answer.text, f"{answer.request.url} shows {root}"
    problems = answers[4].json()["problems"]
    assert problems and all(p.startswith("locales/fr/LC_MESSAGES/messages.po:") for p in problems)
    polish = next(x for x in answers[2].json()["languages"] if x["code"] == "pl")
    assert polish["error"].startswith("locales/pl/LC_MESSAGES/messages.po:12: syntax error")


def test_a_broken_catalog_shows_a_short_reason_and_is_logged_for_it(project, caplog):
    caplog.allowed_warnings = (BROKEN_LOG,)
    with TestClient(create_app(project, workers=1), base_url="http://127.0.0.1:8000") as fresh:
        html = fresh.get("/").text
        fresh.get("/")
        card = html.split('id="lang-pl-about"')[1].split("</span>\n")[0]
        assert "Not available: the translation file needs fixing" in card
        assert "syntax error" not in html and "messages.po" not in html
        refused = fresh.post("/go", data={"handout": "about", "lang": "pl", "action": "print"})
    assert refused.status_code == 409
    assert "Polish cannot be printed now: the translation file needs fixing" in refused.text
    logged = [r.getMessage() for r in caplog.records if BROKEN_LOG in r.getMessage()]
    assert len(logged) == 1, logged  # once per problem, not once per page
    assert str(project.locales_dir / "pl") in logged[0] and ":12: syntax error" in logged[0]


@pytest.mark.parametrize(
    "form, words",
    [
        ({"handout": "about"}, "Choose the patient's language (step 1), then press"),
        ({"lang": "es"}, "Choose a handout (step 2), then press"),
        ({}, "Choose the patient's language (step 1) and a handout (step 2)"),
        ({"lang": "en", "with": "en", "handout": "about"}, "The handout is already in English"),
        ({"lang": "EN", "with": "en", "handout": "about"}, "untick “Add English after each"),
    ],
)
@pytest.mark.parametrize("action", ["preview", "print", "download"])
def test_no_language_chosen_means_no_handout(client, form, words, action):
    answer = client.post("/go", data={**form, "action": action})
    assert answer.status_code == 400 and answer.headers["content-type"].startswith("text/html")
    alert = unescape(answer.text.split('role="alert"')[1].split("</div>")[0])
    assert words in alert
    assert "field" not in alert and "'" + "handout'" not in alert and "--" not in alert


@pytest.mark.parametrize(
    "typed, words",
    [
        ({"date": "2001-01-01"}, "Date: 2001-01-01 is not a coming appointment date"),
        ({"arrive": "7:3"}, "Arrive at: '7:3' is not a time; write it as HH:MM"),
        ({"fast_from": "25:00"}, "Stop eating and drinking at: '25:00' is not a time"),
        ({"paper": "a3"}, "Unknown paper 'a3'"),
        (
            {"fast_from": "21:00"},
            "Stop eating and drinking at: 21:00 needs the arrival time too (Arrive at)",
        ),
    ],
)
def test_mistakes_are_named_as_the_page_labels_them(client, typed, words):
    answer = client.post("/go", data={"lang": "es", "handout": "about", **typed})
    alert = unescape(answer.text.split('role="alert"')[1].split("</div>")[0])
    assert answer.status_code == 400 and words in alert
    assert "fast_from" not in alert and "field" not in alert


def test_a_personalised_request_needs_a_language_too(client):
    answer = client.post(
        "/go", data={"handout": "prepare", "date": APPOINTMENT_DAY.isoformat(), "action": "print"}
    )
    assert answer.status_code == 400 and "Choose the patient's language" in unescape(answer.text)
    assert APPOINTMENT_DAY.isoformat() in answer.text  # the form keeps what was typed
    plain = client.get("/", params={"handout": "about", "preview": "1"})
    assert plain.status_code == 400 and "Choose the patient's language" in unescape(plain.text)


@pytest.mark.parametrize(
    "typed, codes",
    [
        # The names the front desk was heard using.
        ("Farsi", {"fa"}),
        ("Mandarin", {"zh_Hans", "zh_Hant"}),
        ("Cantonese", {"zh_Hans", "zh_Hant"}),
        ("Filipino", {"tl"}),
        ("Brazilian", {"pt_BR"}),
        ("Bengali", {"bn"}),
        ("Nepalese", {"ne"}),
        ("Portuguese Brazil", {"pt_BR"}),
        ("繁体", {"zh_Hant"}),
        ("Moldovan", {"ro"}),  # Moldova's name for Romanian
        ("ukrainska", {"uk"}),  # typed without Cyrillic
        # Names from CLDR in the other shipped languages, any case and accent.
        ("perski", {"fa"}),  # Persian, in Polish
        ("ÁRABE", {"ar"}),  # Arabic, in Spanish
        ("中国語", {"zh_Hans", "zh_Hant"}),  # Chinese, in Japanese
        ("简体", {"zh_Hans"}),
        ("brasil portugues", {"pt_BR"}),  # words in any order
        ("हिन्दी", {"hi"}),
        ("Bangla", {"bn"}),
        ("বাংলা", {"bn"}),
        ("Nepali", {"ne"}),
        ("नेपाली", {"ne"}),
        ("kreyol", {"ht"}),
        ("УКРАЇНСЬКА", {"uk"}),
        ("romana", {"ro"}),  # Română without its accent
        ("zh-hant", {"zh_Hant"}),
        ("klingon", set()),
    ],
)
def test_search_by_the_names_people_use(client, typed, codes):
    assert shown(client.get("/", params={"q": typed}).text) == codes


def test_every_language_is_found_by_each_of_its_names(project):
    shipped = tuple(project.locale_codes())
    for code in shipped:
        for name in search_names(code, shipped):
            assert matches(name, fold(" | ".join(search_names(code, shipped)))), (code, name)
    assert set(SYNONYMS) <= set(shipped), "a synonym for a language that is not shipped"


def test_only_some_handouts_are_named_by_title(client):
    html = client.get("/").text
    card = html.split('id="lang-fr-about"')[1].split("</span>\n")[0]
    assert (
        "Only some handouts: Vertebroplasty: what it is and how it is done; "
        "Getting ready for your vertebroplasty"
    ) in card
    assert "about, prepare" not in html


def test_the_buttons_say_what_they_make(client):
    html = client.get("/", params={"lang": "es", "handout": "prepare"}).text
    assert html.count("Spanish · Getting ready for your vertebroplasty</span>") == 3
    assert 'Chosen language:\n      <strong data-chosen="name" lang="es" dir="ltr">Español' in html
    hidden = client.get("/", params={"lang": "es", "q": "chinese"}).text
    assert "Spanish · no handout chosen" in hidden
    assert re.search(r'<span data-chosen="hidden">· hidden by the search', hidden)
    broken = client.get("/", params={"lang": "pl", "handout": "about"}).text
    assert "No language chosen · Vertebroplasty" in broken  # a disabled language is not sent
    assert not re.search(r'id="lang-pl"[^>]*\schecked', broken)
    nothing = client.get("/").text
    assert "No language chosen · no handout chosen" in nothing
    assert re.search(r'<span data-chosen="none">No language chosen yet', nothing)


def test_the_preview_prints_what_it_shows(client):
    form = {"handout": "prepare", "lang": "es", "date": APPOINTMENT_DAY.isoformat()}
    html = client.post("/go", data={**form, "arrive": "07:30", "action": "preview"}).text
    previewed = html.split('id="previewed"')[1].split("</form>")[0]
    for name, value in [*form.items(), ("arrive", "07:30"), ("paper", "a4")]:
        assert f'<input type="hidden" name="{name}" value="{value}">' in previewed
    assert previewed.count("Spanish · Getting ready for your vertebroplasty") == 2


def test_the_log_warning_is_documented():
    readme = (ROOT / "README.md").read_text()
    assert BROKEN_LOG in readme
