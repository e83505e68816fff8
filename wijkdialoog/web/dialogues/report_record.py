"""A dialogue in the database as the session record its report is built from (sync code)."""

from __future__ import annotations

from wijkdialoog.reports.record import ItemText, SessionRecord, from_events
from wijkdialoog.web.dialogues import eventlog, models


def record_for_dialogue(dialogue: models.Dialogue) -> SessionRecord:
    """Fold the dialogue's event log with its script texts and the pseudonyms people chose."""
    log = eventlog.load(dialogue.pk)
    items = [
        ItemText(item.item_id, item.kind, item.title, item.introduction, item.options)
        for item in sorted(log.info.items.values(), key=lambda i: i.position)
    ]
    pseudonyms = dict(dialogue.participants.values_list("pk", "pseudonym"))
    return from_events(
        log.events,
        title=dialogue.title,
        items=items,
        pseudonyms=pseudonyms,
        settings=log.info.settings,
        epoch_times=True,
        source=f"Wijkdialoog: {dialogue.neighbourhood.name}",
        goal=dialogue.welcome,
    )


def dialogue_by_code(code: str) -> models.Dialogue | None:
    """The dialogue with this invitation code (any case), or None."""
    return models.Dialogue.objects.filter(invite_code__iexact=code.strip()).first()
