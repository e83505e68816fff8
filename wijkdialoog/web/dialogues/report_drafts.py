"""A dialogue's report with the facilitator's edits, and publishing its public page (sync code).

The report is built from the event log each time it is asked for (a few seconds for a big
session); only the edits and the published page are stored (models.ReportDraft).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone

from wijkdialoog.reports.build import ReportEdits, build_report
from wijkdialoog.reports.content import Report
from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.report_record import record_for_dialogue

REPORT_LANG = "nl"


def draft_for(dialogue: models.Dialogue) -> models.ReportDraft:
    """The dialogue's saved edits, or fresh empty ones (not saved until there is an edit)."""
    found = models.ReportDraft.objects.filter(dialogue=dialogue).first()
    return found if found is not None else models.ReportDraft(dialogue=dialogue)


def paragraphs_of(text: str) -> tuple[str, ...]:
    """Split text at blank lines into paragraphs, each on one line."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


def text_of(paragraphs: tuple[str, ...]) -> str:
    return "\n\n".join(paragraphs)


def edits_of(draft: models.ReportDraft, *, with_summary: bool = True) -> ReportEdits:
    """The draft as the report builder takes it; without summary, the generated one stays."""
    summary = paragraphs_of(draft.summary) if with_summary else ()
    return ReportEdits(
        theme_labels=dict(draft.theme_labels),
        summary=summary or None,
        next_steps=draft.next_steps.strip(),
    )


def report_for(dialogue: models.Dialogue, edits: ReportEdits) -> Report:
    return build_report(record_for_dialogue(dialogue), lang=REPORT_LANG, edits=edits)


def save_edits(
    draft: models.ReportDraft,
    *,
    theme_labels: Mapping[str, str],
    summary: str,
    next_steps: str,
) -> None:
    """Store the edits; the public page keeps what was published until publishing again."""
    draft.theme_labels = dict(theme_labels)
    draft.summary = summary
    draft.next_steps = next_steps
    draft.save()


def publish(draft: models.ReportDraft, public_html: str) -> None:
    if draft.pk is None:
        draft.save()  # sets updated_at, before published_at below
    draft.public_html = public_html
    draft.published_at = timezone.now()
    # Not updated_at: it tells whether edits were saved after publishing.
    draft.save(update_fields=["public_html", "published_at"])


def unpublish(draft: models.ReportDraft) -> None:
    draft.public_html = ""
    draft.published_at = None
    draft.save(update_fields=["public_html", "published_at"])


def published_page(dialogue: models.Dialogue) -> str | None:
    """The stored public page of the dialogue's report, or None when it is not published."""
    draft = models.ReportDraft.objects.filter(dialogue=dialogue, published_at__isnull=False).first()
    return draft.public_html if draft is not None else None


def is_published(dialogue: models.Dialogue) -> bool:
    return models.ReportDraft.objects.filter(dialogue=dialogue, published_at__isnull=False).exists()
