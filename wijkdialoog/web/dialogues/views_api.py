"""A small JSON API for programs (the simulated crowd, load tests): joining a dialogue."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wijkdialoog.web import address_limits
from wijkdialoog.web.dialogues import access
from wijkdialoog.web.dialogues.forms import JoinForm, join
from wijkdialoog.web.dialogues.protocol import Refusal


@csrf_exempt  # no cookie identifies the caller yet, so there is nothing to forge
@address_limits.refuse_code_guessers
@address_limits.limit_posts("joins", answer=address_limits.too_many_json)
@require_POST
def join_api(request: HttpRequest, code: str) -> JsonResponse:
    """Join with the intake as JSON; answer the device token to send as the cookie."""
    dialogue = access.dialogue_by_code(code)
    if dialogue is None:
        address_limits.count_code_miss(request)
        refusal = Refusal("unknown_invite")
        return JsonResponse({"code": refusal.code, "message": refusal.message}, status=404)
    if dialogue.status == dialogue.Status.CLOSED:
        refusal = Refusal("dialogue_closed")
        return JsonResponse({"code": refusal.code, "message": refusal.message}, status=409)
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        refusal = Refusal("bad_frame")
        return JsonResponse({"code": refusal.code, "message": refusal.message}, status=400)
    form = JoinForm(data)
    if not form.is_valid():
        return JsonResponse(
            {"code": "invalid_intake", "errors": form.errors.get_json_data()}, status=400
        )
    participant = join(dialogue, form)
    return JsonResponse(
        {
            "participant": participant.pk,
            "dialogue": dialogue.pk,
            "cookie": access.cookie_name(dialogue),
            "token": participant.device_token,
        },
        status=201,
    )
