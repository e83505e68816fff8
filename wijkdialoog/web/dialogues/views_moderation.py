"""The console's moderation log of a dialogue: what its facilitators hid and announced."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.moderation_log import HIDDEN, NOTICE, moderation_entries
from wijkdialoog.web.dialogues.views_console import staff_required


@require_safe
@staff_required
def moderation_log_page(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = get_object_or_404(
        models.Dialogue.objects.select_related("neighbourhood"), pk=dialogue_id
    )
    entries = moderation_entries(dialogue)
    context = {
        "dialogue": dialogue,
        "hidden": [entry for entry in entries if entry.kind == HIDDEN],
        "notices": [entry for entry in entries if entry.kind == NOTICE],
    }
    return render(request, "dialogues/console/moderation_log.html", context)
