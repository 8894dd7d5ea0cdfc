"""The front desk page. It works without JavaScript: choosing is a form, the language search
is a plain GET field, Preview/Print/Download are buttons of that form posting to /go.

A request without appointment details is answered with a redirect to a GET URL (/?...&preview=1
or /pdf?...) that can be cached and revalidated with its ETag. A request with appointment
details is answered directly (a page with data: images, or the PDF), marked no-store, so
patient data never appears in a URL, a log line, a cache or a file."""

from __future__ import annotations

import base64
import struct
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from vertebro_print import request as request_fields
from vertebro_print.errors import VertebroError
from vertebro_print.handouts import standalone_parts
from vertebro_print.i18n.languages import language
from vertebro_print.i18n.names import matches, search_text
from vertebro_print.i18n.review import SOURCE, STATE_BADGES
from vertebro_print.project import Project
from vertebro_print.request import RenderRequest, field_names
from vertebro_print.settings import PAPER_SIZES
from vertebro_print.web import inputs
from vertebro_print.web.renderer import Output, ServiceBusy
from vertebro_print.web.responses import failure_status, page, pdf_response, read_body
from vertebro_print.web.security import render_client
from vertebro_print.web.staff import (
    BROKEN_REASON,
    public_listing,
    require_choices,
    staff_message,
)

ACTIONS = ("preview", "print", "download")


def making(language_name: str, title: str) -> str:
    """What Preview, Print and Download will produce, as their buttons say (static/app.js
    writes the same when the choice changes)."""
    return f"{language_name or 'No language chosen'} · {title or 'no handout chosen'}"


def _language_choices(languages: list[dict], titles: dict[str, str], q: str) -> list[dict]:
    choices = []
    for lang in languages:
        if lang["error"]:
            note = f"Not available: {BROKEN_REASON}"
        elif not lang["ready"]:
            note = "Not ready to print: the translation is not finished"
        elif lang["not_ready"]:
            note = f"Only some handouts: {'; '.join(titles[h] for h in lang['ready'])}"
        else:
            note = ""
        search = search_text(lang["names"])
        choices.append(
            {
                **lang,
                "note": note,
                "badge": STATE_BADGES.get(lang["status"], ""),
                "disabled": not lang["ready"],
                "search": search,
                "hidden": not matches(q, search),
            }
        )
    return choices


def form_fields(state: inputs.Values, paper: str) -> dict[str, list[dict]]:
    """The form's options and appointment fields, by group, from request.FIELDS: each with
    its control, words and the value to show (what the form was sent, or the default)."""
    groups: dict[str, list[dict]] = {}
    for declared in request_fields.FIELDS:
        if not declared.control:
            continue
        value = state.get(declared.name)
        if declared.name == "paper":
            value = value or paper
        groups.setdefault(declared.group, []).append(
            {
                "name": declared.name,
                "label": declared.label,
                "hint": declared.hint,
                "control": declared.control,
                "patient": declared.patient_data,
                "value": declared.checkbox_value if declared.control == "checkbox" else value,
                "checked": value in (True, declared.checkbox_value),
                "choices": declared.choices() if declared.choices else {},
            }
        )
    return groups


def shown_details(project: Project, request: RenderRequest) -> str:
    """What a personalised preview shows of the patient ("the appointment"): the details
    given that this handout prints (appointment details only where it has the box)."""
    handout = project.handout(request.handout)
    boxed = handout.boxed
    shown = dict.fromkeys(
        declared.shown_as
        for declared in request_fields.FIELDS
        if declared.patient_data
        and getattr(request.appointment, declared.attribute) is not None
        and (boxed or not declared.in_appointment_box)
    )
    return " and ".join(shown)


def _handout_choices(project: Project, chosen_lang: dict | None) -> list[dict]:
    alone = {part: h.title for part, h in standalone_parts(project.handouts).items()}
    choices = []
    for h in project.handouts.values():
        missing = chosen_lang["not_ready"].get(h.id) if chosen_lang else None
        choices.append(
            {
                "id": h.id,
                "title": h.title,
                "code": h.code,
                "includes": [alone[p] for p in h.parts if p in alone] if len(h.parts) > 1 else [],
                "note": (
                    f"Not ready in {chosen_lang['english_name']}: {missing} texts still to "
                    f"translate or check"
                    if missing
                    else ""
                ),
                # This handout's review in the chosen language (each string approved or not).
                "review": chosen_lang["review"].get(h.id, "") if chosen_lang else "",
                "badge": STATE_BADGES.get(chosen_lang["review"].get(h.id, ""), "")
                if chosen_lang
                else "",
                # The title as the patient will read it, to show them before printing.
                "patient_title": (
                    chosen_lang["titles"].get(h.id, "")
                    if chosen_lang and chosen_lang["status"] != SOURCE
                    else ""
                ),
            }
        )
    return choices


def home_page(
    request: Request,
    state: inputs.Values,
    *,
    q: str = "",
    error: str = "",
    status: int = 200,
    preview: dict | None = None,
) -> Response:
    project: Project = request.app.state.project
    data = public_listing(request)
    titles = {h["id"]: h["title"] for h in data["handouts"]}
    languages = _language_choices(data["languages"], titles, q)
    code = project.canonical_locale(str(state.get("lang") or ""))
    named = next((lang for lang in languages if lang["code"] == code), None)
    # A disabled button is not sent with the form: never show it as the choice.
    chosen = named if named and not named["disabled"] else None
    handout = titles.get(str(state.get("handout")))
    return page(
        "home.html.j2",
        status,
        languages=languages,
        shown=sum(not x["hidden"] for x in languages),
        handouts=_handout_choices(project, named),
        chosen=chosen,
        making=making(chosen["english_name"] if chosen else "", handout or ""),
        fields=form_fields(state, state.get("paper") or project.settings.paper),
        state=state,
        q=q,
        error=error,
        badges=STATE_BADGES,
        preview=preview,
        signed_in=bool(project.settings.access_token),
    )


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])  # the IHDR chunk: width, height


def _preview(project: Project, request: RenderRequest, output: Output) -> dict:
    """The preview section: page images by URL, or inline when the request is personalised."""
    query = urlencode(inputs.plain_query(request))
    pages = []
    for number, png in enumerate(output.items, start=1):
        src = (
            f"/preview/{number}.png?{query}"
            if output.etag
            else "data:image/png;base64," + base64.b64encode(png).decode()
        )
        width, height = _png_size(png)
        pages.append({"src": src, "width": width, "height": height})
    title, name = project.handout(request.handout).title, language(request.lang).english_name
    return {
        "title": title,
        "language": name,
        "making": making(name, title),
        "fields": inputs.form_pairs(request),
        "large_print": request.large_print,
        "paper": PAPER_SIZES[request.paper].label,
        "with": language(request.with_lang).english_name if request.with_lang else "",
        # Appointment details are sent with any handout, but only some print them.
        "shows": shown_details(project, request),
        "pages": pages,
        # Its hidden fields (and images) carry the appointment: app.js drops it on leaving.
        "patient_data": request.personalised,
    }


async def home(request: Request) -> Response:
    """GET /: the page; with preview=1 and a complete choice, the preview under it."""
    values = inputs.from_pairs(
        list(request.query_params.multi_items()), (*field_names(patient_data=False), "q", "preview")
    )
    q, wants_preview = values.pop("q", None) or "", values.pop("preview", None) is not None
    if not wants_preview:
        return home_page(request, values, q=str(q))
    try:
        require_choices(values, request.app.state.project)
        render_request = inputs.to_request(values, request.app.state.project, page=True)
        output = await request.app.state.renderer.previews(
            render_request, render_client(request.scope)
        )
    except VertebroError as exc:
        return _failed(request, values, exc)
    return home_page(
        request, values, preview=_preview(request.app.state.project, render_request, output)
    )


async def go(request: Request) -> Response:
    """POST /go: the form's Preview, Print and Download buttons."""
    body = await read_body(request, "application/x-www-form-urlencoded")
    values = inputs.parse_form(body, (*field_names(), "action"))
    action = values.pop("action", None) or "preview"
    if action not in ACTIONS:
        raise HTTPException(400, f"unknown action; use one of {', '.join(ACTIONS)}")
    project, renderer = request.app.state.project, request.app.state.renderer
    try:
        require_choices(values, project)
        render_request = inputs.to_request(values, project, page=True)
        if not render_request.personalised:
            return _redirect(render_request, action)
        if action == "preview":
            output = await renderer.previews(render_request, render_client(request.scope))
            return home_page(request, values, preview=_preview(project, render_request, output))
        return pdf_response(
            await renderer.pdf(render_request, render_client(request.scope)),
            render_request,
            download=action == "download",
        )
    except VertebroError as exc:
        return _failed(request, values, exc)


def _failed(request: Request, values: inputs.Values, exc: VertebroError) -> Response:
    """The page again, with the choices as they were and the problem on top."""
    project = request.app.state.project
    response = home_page(
        request,
        values,
        error=staff_message(exc, values, project),
        status=failure_status(request, exc),
    )
    if isinstance(exc, ServiceBusy):
        response.headers["retry-after"] = str(exc.retry_after)
    return response


def _redirect(render_request: RenderRequest, action: str) -> Response:
    query = inputs.plain_query(render_request)
    if action == "preview":
        return RedirectResponse(f"/?{urlencode([*query, ('preview', '1')])}#preview", 303)
    if action == "download":
        query.append(("download", "true"))
    return RedirectResponse(f"/pdf?{urlencode(query)}", 303)
