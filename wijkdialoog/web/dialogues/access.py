"""Who is who: a participant is known by a device token in a cookie per dialogue."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from wijkdialoog.web.dialogues import models


def cookie_name(dialogue: models.Dialogue | int) -> str:
    dialogue_id = dialogue if isinstance(dialogue, int) else dialogue.pk
    return f"wijkdialoog_{dialogue_id}"


def dialogue_by_code(code: str) -> models.Dialogue | None:
    return models.Dialogue.objects.filter(invite_code=code.strip().upper()).first()


def participant_by_token(dialogue: models.Dialogue, token: str | None) -> models.Participant | None:
    if not token:
        return None
    return models.Participant.objects.filter(dialogue=dialogue, device_token=token).first()


def participant_from_scope(scope: dict[str, Any], code: str) -> models.Participant | None:
    """Find the participant a websocket belongs to, from its dialogue code and cookie."""
    dialogue = dialogue_by_code(code)
    if dialogue is None:
        return None
    cookies: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            parsed = SimpleCookie(value.decode("latin-1"))
            cookies.update({key: morsel.value for key, morsel in parsed.items()})
    return participant_by_token(dialogue, cookies.get(cookie_name(dialogue)))


def intake_of(participant: models.Participant) -> dict[str, str]:
    """The intake answers the engine keeps (for mixing groups and the report)."""
    intake = {"organisation_type": participant.organisation_type, "scale": participant.scale}
    # The open answers only when given: an empty one would count as an answer in the report.
    for name in ("reason", "success"):
        answer = getattr(participant, name).strip()
        if answer:
            intake[name] = answer
    return intake


def dialogue_exists(dialogue_id: int) -> bool:
    return models.Dialogue.objects.filter(pk=dialogue_id).exists()


ADMINISTER = "dialogues.administer_dialogues"


def is_administrator(user: Any) -> bool:
    """A municipality administrator: runs every dialogue, sees them all."""
    return bool(user.is_active and user.is_staff and user.has_perm(ADMINISTER))


def can_facilitate(user: Any, dialogue_id: int) -> bool:
    """May this user run this dialogue in the console? Its facilitators and administrators."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if is_administrator(user):
        return True
    return models.Dialogue.objects.filter(pk=dialogue_id, facilitators=user).exists()


def dialogues_of(user: Any) -> Any:
    """The dialogues a user's console lists."""
    dialogues = models.Dialogue.objects.all()
    return dialogues if is_administrator(user) else dialogues.filter(facilitators=user)
