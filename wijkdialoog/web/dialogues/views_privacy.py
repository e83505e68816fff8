"""Privacy pages: a participant's download of their own data, and the facilitator's
privacy terms and erasure on request (privacy.py says what is erased and why)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkdialoog.web import address_limits
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.forms_privacy import EraseForm, PrivacyTermsForm
from wijkdialoog.web.dialogues.own_data import own_data
from wijkdialoog.web.dialogues.privacy import ErasureRefused, erase_participant, set_privacy_terms
from wijkdialoog.web.dialogues.views_console import staff_required

# The participant ------------------------------------------------------------------


@never_cache  # personal data: no copy in a shared or browser cache
@require_GET
@address_limits.refuse_code_guessers
def own_data_download(request: HttpRequest, code: str) -> HttpResponse:
    """Everything we keep of the participant this device's cookie belongs to, as JSON."""
    dialogue = access.dialogue_by_code(code)
    if dialogue is None:
        address_limits.count_code_miss(request)
        return redirect("participant:home")
    token = request.COOKIES.get(access.cookie_name(dialogue))
    participant = access.participant_by_token(dialogue, token)
    if participant is None:
        return redirect("participant:join", code=dialogue.invite_code)
    body = json.dumps(own_data(participant), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"wijkdialoog-{dialogue.invite_code}-mijn-gegevens.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The facilitator --------------------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@staff_required
def privacy_terms(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """Edit the privacy text shown at intake and the retention, also after creation."""
    dialogue = get_object_or_404(models.Dialogue, pk=dialogue_id)
    form = PrivacyTermsForm(_posted(request), instance=dialogue)
    if form.is_bound and form.is_valid():
        set_privacy_terms(dialogue, **form.cleaned_data)
        messages.success(request, _("De privacytekst en de bewaartermijn zijn opgeslagen."))
        return redirect("console:dialogue", dialogue.pk)
    context = {"dialogue": dialogue, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "dialogues/console/privacy.html", context, status=status)


@staff_required
def erase(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """Erase one participant's personal data on their request."""
    dialogue = get_object_or_404(models.Dialogue, pk=dialogue_id)
    form = EraseForm(_posted(request), dialogue=dialogue)
    if form.is_bound and form.is_valid():
        participant = form.cleaned_data["participant"]
        try:
            erasure = erase_participant(
                participant, remove_statements=form.cleaned_data["remove_statements"]
            )
        except ErasureRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _erased_message(participant.pk, erasure.statements_removed))
            return redirect("console:dialogue", dialogue.pk)
    context = {"dialogue": dialogue, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "dialogues/console/erase.html", context, status=status)


def _erased_message(number: int, statements_removed: int) -> str:
    message = _("De persoonsgegevens van deelnemer %(number)s zijn gewist.") % {"number": number}
    if statements_removed:
        removed = ngettext(
            "Ook de tekst van %(count)s stelling is verwijderd.",
            "Ook de tekst van %(count)s stellingen is verwijderd.",
            statements_removed,
        )
        message += " " + removed % {"count": statements_removed}
    return message
