"""The report of a closed dialogue: edit, preview, download and publish it in the console;
read the published public page with the invitation code.

Plain sync views (Django runs them in a worker thread): each one builds the report from
the event log, a few seconds for a big session. TODO(issue 4): build it once when the
dialogue closes and keep it, when sessions of thousands make that too slow.
The renderers are imported inside the views: weasyprint and the charts load slowly, and
only these pages need them.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wijkdialoog.reports.content import Report
from wijkdialoog.web import address_limits
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.forms_report import PublishForm, ReportEditForm, theme_field_name
from wijkdialoog.web.dialogues.protocol import Refusal
from wijkdialoog.web.dialogues.report_drafts import (
    draft_for,
    edits_of,
    paragraphs_of,
    publish,
    published_page,
    report_for,
    save_edits,
    text_of,
    unpublish,
)
from wijkdialoog.web.dialogues.views_console import staff_required

# Our own rendering, but it quotes what participants wrote: no scripts, nothing fetched.
OWN_PAGE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

DOWNLOADS = {  # kind -> (content type, file extension)
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
}


def _dialogue(dialogue_id: int) -> models.Dialogue:
    return get_object_or_404(
        models.Dialogue.objects.select_related("neighbourhood"), pk=dialogue_id
    )


def _is_closed(dialogue: models.Dialogue) -> bool:
    return dialogue.status == models.Dialogue.Status.CLOSED


def _public_url(request: HttpRequest, dialogue: models.Dialogue) -> str:
    return request.build_absolute_uri(reverse("participant:report", args=[dialogue.invite_code]))


def _own_page(html: str) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = OWN_PAGE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The report page -------------------------------------------------------------------


@staff_required
def report_page(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """Show the report's themes and summary to edit; a valid POST saves them (PRG)."""
    dialogue = _dialogue(dialogue_id)
    if not _is_closed(dialogue):
        return render(request, "dialogues/console/report.html", {"dialogue": dialogue})
    draft = draft_for(dialogue)
    # Without the saved summary, so the generated one can be shown and compared.
    report = report_for(dialogue, edits_of(draft, with_summary=False))
    generated = text_of(report.summary)
    initial = {"summary": draft.summary or generated, "next_steps": draft.next_steps}
    posted = request.POST if request.method == "POST" else None
    form = ReportEditForm(posted, report=report, initial=initial)
    if posted is not None and form.is_valid():
        save_edits(
            draft,
            theme_labels=form.theme_labels(),
            summary=_summary_to_keep(form.cleaned_data["summary"], generated),
            next_steps=form.cleaned_data["next_steps"].strip(),
        )
        messages.success(request, _("De wijzigingen in het rapport zijn opgeslagen."))
        return redirect("console:report", dialogue.pk)
    context = _page_context(request, dialogue, draft, report, form)
    status = 400 if posted is not None else 200
    return render(request, "dialogues/console/report.html", context, status=status)


def _summary_to_keep(summary: str, generated: str) -> str:
    """Empty when it is the generated summary, so it follows renamed themes; else as typed."""
    paragraphs = paragraphs_of(summary)
    return "" if paragraphs == paragraphs_of(generated) else text_of(paragraphs)


def _page_context(
    request: HttpRequest,
    dialogue: models.Dialogue,
    draft: models.ReportDraft,
    report: Report,
    form: ReportEditForm,
) -> dict[str, Any]:
    questions = [
        {
            "section": question,
            "themes": [(theme, form[theme_field_name(theme.key)]) for theme in question.themes],
        }
        for question in report.questions
    ]
    return {
        "dialogue": dialogue,
        "draft": draft,
        "report": report,
        "form": form,
        "questions": questions,
        "generated_summary": report.summary,
        "public_url": _public_url(request, dialogue),
    }


# Preview and downloads -------------------------------------------------------------


@require_safe
@staff_required
def report_preview(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """The full report as HTML, with the saved edits, as it would be downloaded."""
    from wijkdialoog.reports.html import render_report

    dialogue = _dialogue(dialogue_id)
    if not _is_closed(dialogue):
        return redirect("console:report", dialogue.pk)
    report = report_for(dialogue, edits_of(draft_for(dialogue)))
    return _own_page(render_report(report))


@require_safe
@staff_required
def report_public_preview(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """The public page as publishing it now would make it (the saved edits)."""
    dialogue = _dialogue(dialogue_id)
    if not _is_closed(dialogue):
        return redirect("console:report", dialogue.pk)
    return _own_page(_public_html(dialogue, draft_for(dialogue)))


def _public_html(dialogue: models.Dialogue, draft: models.ReportDraft) -> str:
    from wijkdialoog.reports.html import render_public

    return render_public(report_for(dialogue, edits_of(draft)))


@require_safe
@staff_required
def report_download(request: HttpRequest, dialogue_id: int, kind: str) -> HttpResponse:
    if kind not in DOWNLOADS:
        raise Http404
    dialogue = _dialogue(dialogue_id)
    if not _is_closed(dialogue):
        return redirect("console:report", dialogue.pk)
    report = report_for(dialogue, edits_of(draft_for(dialogue)))
    with tempfile.TemporaryDirectory(prefix="wijkdialoog-report-") as folder:
        content = _written(report, kind, Path(folder))
    content_type, extension = DOWNLOADS[kind]
    filename = f"rapport-{slugify(dialogue.title) or dialogue.pk}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _written(report: Report, kind: str, folder: Path) -> bytes:
    """The report in one format, written in `folder` and read back."""
    if kind == "html":
        from wijkdialoog.reports.html import render_report

        return render_report(report).encode("utf-8")
    path = folder / f"rapport.{DOWNLOADS[kind][1]}"
    if kind == "pdf":
        from wijkdialoog.reports.pdf import write_pdf

        write_pdf(report, path)
    elif kind == "xlsx":
        from wijkdialoog.reports.xlsx import write_xlsx

        write_xlsx(report, path)
    elif kind == "json":
        from wijkdialoog.reports.tables import write_json

        write_json(report, path)
    else:
        _write_csv_zip(report, folder / "csv", path)
    return path.read_bytes()


def _write_csv_zip(report: Report, csv_folder: Path, path: Path) -> None:
    from wijkdialoog.reports.tables import write_csv

    csv_folder.mkdir()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for written in sorted(write_csv(report, csv_folder)):
            archive.write(written, arcname=written.name)


# Publishing ------------------------------------------------------------------------


@staff_required
def report_publish(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """Ask to confirm; then render the public page with the saved edits and store it."""
    dialogue = _dialogue(dialogue_id)
    if not _is_closed(dialogue):
        return redirect("console:report", dialogue.pk)
    draft = draft_for(dialogue)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        publish(draft, _public_html(dialogue, draft))
        url = _public_url(request, dialogue)
        messages.success(request, _("Het verslag is gepubliceerd op %(url)s") % {"url": url})
        return redirect("console:report", dialogue.pk)
    context = {
        "dialogue": dialogue,
        "draft": draft,
        "form": form,
        "public_url": _public_url(request, dialogue),
    }
    status = 400 if form.is_bound else 200
    return render(request, "dialogues/console/report_publish.html", context, status=status)


@require_POST
@staff_required
def report_unpublish(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = _dialogue(dialogue_id)
    draft = draft_for(dialogue)
    if draft.is_published:
        unpublish(draft)
        messages.success(
            request, _("Het verslag is niet meer openbaar. Je kunt het later opnieuw publiceren.")
        )
    return redirect("console:report", dialogue.pk)


# The public page -------------------------------------------------------------------


@address_limits.refuse_code_guessers
@require_safe
def public_report(request: HttpRequest, code: str) -> HttpResponse:
    """The published public page, as stored; anyone with the invitation code may read it."""
    dialogue = access.dialogue_by_code(code)
    if dialogue is None:
        address_limits.count_code_miss(request)
        context = {"code": code, "error": Refusal("unknown_invite").message}
        return render(request, "dialogues/home.html", context, status=404)
    page = published_page(dialogue)
    if page is None:
        context = {"dialogue": dialogue}
        return render(request, "dialogues/report_unpublished.html", context, status=404)
    return _own_page(page)
