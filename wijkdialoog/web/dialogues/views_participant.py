"""The participant's pages: enter a code, join with the intake, take part without JavaScript.

The live page works with plain forms that POST; participant.js enhances the same forms
into websocket frames (consumers.py). Either way the conductor is the only writer.
"""

from __future__ import annotations

import uuid
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from wijkdialoog.web import address_limits
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.cluster import RemoteConductor, conductor_for
from wijkdialoog.web.dialogues.conductor import Conductor, Outcome
from wijkdialoog.web.dialogues.forms import JoinForm, join
from wijkdialoog.web.dialogues.protocol import Refusal
from wijkdialoog.web.dialogues.report_drafts import is_published

COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60
VOTES = ("agree", "disagree", "pass")


# Home and join ---------------------------------------------------------------


@address_limits.refuse_code_guessers
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """Explain the dialogue and let someone type the invite code from the slide."""
    data = request.POST if request.method == "POST" else request.GET
    if "code" not in data:
        return render(request, "dialogues/home.html", {"code": ""})
    code = "".join(data["code"].split()).replace("-", "")
    if not code:
        context = {"code": code, "error": _("Typ eerst je code.")}
        return render(request, "dialogues/home.html", context, status=400)
    dialogue = access.dialogue_by_code(code)
    if dialogue is None:
        return _unknown_invite(request, code)
    return redirect("participant:join", code=dialogue.invite_code)


@address_limits.refuse_code_guessers
@address_limits.limit_posts("joins")
@require_http_methods(["GET", "POST"])
def join_page(request: HttpRequest, code: str) -> HttpResponse:
    """The invitation link: the intake form, or straight on for a device that joined."""
    dialogue = access.dialogue_by_code(code)
    if dialogue is None:
        return _unknown_invite(request, code)
    if _participant_of(request, dialogue) is not None:
        return redirect("participant:page", code=dialogue.invite_code)
    context: dict[str, Any] = {"dialogue": dialogue}
    if dialogue.status == models.Dialogue.Status.CLOSED:
        context["closed_message"] = Refusal("dialogue_closed").message
        context["report_url"] = _published_report_url(dialogue)
        return render(request, "dialogues/join.html", context)
    form = JoinForm(request.POST) if request.method == "POST" else JoinForm()
    if form.is_bound and form.is_valid():
        participant = join(dialogue, form)
        response = redirect("participant:page", code=dialogue.invite_code)
        _remember_device(response, request, dialogue, participant)
        return response
    context["form"] = form
    return render(request, "dialogues/join.html", context, status=400 if form.is_bound else 200)


def _unknown_invite(request: HttpRequest, code: str) -> HttpResponse:
    address_limits.count_code_miss(request)
    context = {"code": code, "error": Refusal("unknown_invite").message}
    return render(request, "dialogues/home.html", context, status=404)


def _published_report_url(dialogue: models.Dialogue) -> str:
    if not is_published(dialogue):
        return ""
    return reverse("participant:report", args=[dialogue.invite_code])


def _participant_of(request: HttpRequest, dialogue: models.Dialogue) -> models.Participant | None:
    return access.participant_by_token(dialogue, request.COOKIES.get(access.cookie_name(dialogue)))


def _remember_device(
    response: HttpResponse,
    request: HttpRequest,
    dialogue: models.Dialogue,
    participant: models.Participant,
) -> None:
    # Coming back on the same device resumes the same participant (access.py).
    response.set_cookie(
        access.cookie_name(dialogue),
        participant.device_token,
        max_age=COOKIE_MAX_AGE_S,
        path="/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


# The live page ----------------------------------------------------------------


def _dialogue_and_participant(
    request: HttpRequest, code: str
) -> tuple[models.Dialogue, models.Participant | None] | None:
    dialogue = access.dialogue_by_code(code)
    if dialogue is None:
        return None
    return dialogue, _participant_of(request, dialogue)


@address_limits.refuse_code_guessers
@require_http_methods(["GET", "POST"])
async def dialogue_page(request: HttpRequest, code: str) -> HttpResponse:
    """Take part: the open item, the inbox and the forms; a POST is one intent (PRG)."""
    found = await sync_to_async(_dialogue_and_participant)(request, code)
    if found is None:
        return await sync_to_async(_unknown_invite)(request, code)
    dialogue, participant = found
    if participant is None:
        return redirect("participant:join", code=dialogue.invite_code)
    if dialogue.status == models.Dialogue.Status.CLOSED:
        return await _render_page(request, dialogue, participant, _closed_frame())
    conductor = await conductor_for(dialogue.pk)
    # Present again after a restart or after the live socket left (the engine needs it).
    await conductor.join(participant.pk, participant.role, access.intake_of(participant))
    refusal: Refusal | None = None
    if request.method == "POST":
        outcome = await _act(conductor, participant.pk, request.POST)
        if outcome.accepted:
            messages.success(request, _thanks(request.POST))
            return redirect("participant:page", code=dialogue.invite_code)
        refusal = outcome.refusal
    live = await conductor.page_state(participant.pk)
    return await _render_page(request, dialogue, participant, live, refusal=refusal)


async def _act(
    conductor: Conductor | RemoteConductor, participant_id: int, data: QueryDict
) -> Outcome:
    """Hand one POSTed form to the conductor, as the socket would hand its frame."""
    action = data.get("action")
    ref = _ref_of(data)
    if action == "post":
        text = data.get("text", "").replace("\r\n", "\n")
        reaction_to = _id_of(data.get("reaction_to")) if data.get("reaction_to") else None
        if data.get("reaction_to") and reaction_to is None:
            return Outcome(refusal=Refusal("bad_frame"))
        return await conductor.post(participant_id, text, reaction_to=reaction_to, ref=ref)
    if action == "vote":
        statement_id = _id_of(data.get("statement"))
        if statement_id is None or data.get("vote") not in VOTES:
            return Outcome(refusal=Refusal("bad_frame"))
        return await conductor.vote(participant_id, statement_id, data["vote"], ref=ref)
    if action == "poll":
        return await _answer_poll(conductor, participant_id, data, ref=ref)
    return Outcome(refusal=Refusal("bad_frame"))


async def _answer_poll(
    conductor: Conductor | RemoteConductor, participant_id: int, data: QueryDict, *, ref: str
) -> Outcome:
    item_id = _id_of(data.get("item"))
    if item_id is None:
        return Outcome(refusal=Refusal("bad_frame"))
    if not data.get("option"):
        return Outcome(refusal=Refusal("unknown_poll_option"))
    explanation = data.get("explanation", "")  # the conductor strips it
    return await conductor.answer_poll(
        participant_id, item_id, data["option"], explanation, ref=ref
    )


def _ref_of(data: QueryDict) -> str:
    # The form's ref was made when the page was rendered, so a double submit is one intent.
    ref = data.get("ref", "").strip()
    return ref[:64] if ref else uuid.uuid4().hex


def _id_of(value: str | None) -> int | None:
    if value is None or not value.isdigit():
        return None
    number = int(value)
    return number if number > 0 else None


def _thanks(data: QueryDict) -> str:
    action = data.get("action")
    if action == "vote":
        return _("Je stem is opgeslagen.")
    if action == "poll":
        return _("Je antwoord is opgeslagen.")
    if data.get("reaction_to"):
        return _("Je reactie is geplaatst.")
    return _("Je stelling is geplaatst.")


def _closed_frame() -> dict[str, Any]:
    """The state of a closed dialogue, without starting its conductor."""
    return {
        "type": "state",
        "status": "closed",
        "item": None,
        "poll_answer": None,
        "online": 0,
        "max_chars": 0,
        "inbox": {"type": "inbox", "statements": [], "waiting": 0},
    }


async def _render_page(
    request: HttpRequest,
    dialogue: models.Dialogue,
    participant: models.Participant,
    live: dict[str, Any],
    *,
    refusal: Refusal | None = None,
) -> HttpResponse:
    context = _page_context(dialogue, participant, live, request.POST if refusal else None)
    context["error"] = refusal.message if refusal else ""
    if live["status"] == "closed":
        context["report_url"] = await sync_to_async(_published_report_url)(dialogue)
    status = 400 if refusal else 200
    # Rendered in a thread: context processors (messages, user) may touch the database.
    return await sync_to_async(render)(
        request, "dialogues/participant.html", context, status=status
    )


def _page_context(
    dialogue: models.Dialogue,
    participant: models.Participant,
    live: dict[str, Any],
    submitted: QueryDict | None,
) -> dict[str, Any]:
    """What the template shows: the state frame, fresh refs and what a refused form held."""
    item = live["item"]
    statements = live["inbox"]["statements"]
    statement = statements[0] if statements else None
    prefill = f"{item['hashtag']} " if item and item["hashtag"] else ""
    kept = _kept_input(submitted, statement)
    return {
        "dialogue": dialogue,
        "participant": participant,
        "live": live,
        "item": item,
        "is_closed": live["status"] == "closed",
        "statement": statement,
        "waiting": live["inbox"]["waiting"],
        "prefill": prefill,
        "draft": kept.get("text", prefill),
        "reaction_draft": kept.get("reaction", ""),
        "explanation": kept.get("explanation", ""),
        "chosen_option": kept.get("option", ""),
        "refs": {name: uuid.uuid4().hex for name in ("post", "vote", "react", "poll")},
        "strings": _script_strings(),
        "ws_path": f"/ws/d/{dialogue.invite_code}/",
    }


def _kept_input(submitted: QueryDict | None, statement: dict[str, Any] | None) -> dict[str, str]:
    """Give back what a refused form held, so nothing typed is lost."""
    if submitted is None:
        return {}
    action = submitted.get("action")
    if action == "post" and submitted.get("reaction_to"):
        still_shown = statement is not None and str(statement["id"]) == submitted["reaction_to"]
        return {"reaction": submitted.get("text", "")} if still_shown else {}
    if action == "post":
        return {"text": submitted.get("text", "")}
    if action == "poll":
        return {k: submitted.get(k, "") for k in ("option", "explanation")}
    return {}


def _script_strings() -> dict[str, Any]:
    """The words participant.js shows, translated here (there is no JavaScript catalogue)."""
    return {
        "chars_left": [
            ngettext("Nog %(count)s teken over.", "Nog %(count)s tekens over.", 1),
            ngettext("Nog %(count)s teken over.", "Nog %(count)s tekens over.", 2),
        ],
        "online": [
            ngettext("%(count)s deelnemer online", "%(count)s deelnemers online", 1),
            ngettext("%(count)s deelnemer online", "%(count)s deelnemers online", 2),
        ],
        "more": [
            ngettext("Hierna nog %(count)s stelling.", "Hierna nog %(count)s stellingen.", 1),
            ngettext("Hierna nog %(count)s stelling.", "Hierna nog %(count)s stellingen.", 2),
        ],
        "reconnecting": _("Verbinding verbroken, opnieuw verbinden…"),
        "connected": _("Weer verbonden."),
        "new_statement": _("Nieuwe stelling: %(text)s"),
        "posted": _("Je stelling is geplaatst."),
        "reacted": _("Je reactie is geplaatst."),
        "voted": _("Je stem is opgeslagen."),
        "answered": _("Je antwoord is opgeslagen."),
        "empty": Refusal("empty_statement").message,
        "not_allowed": _("Je bent niet (meer) aangemeld. Laad de pagina opnieuw."),
        "close": _("Sluiten"),
    }
