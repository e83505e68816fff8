"""The facilitator's console: log in, prepare a dialogue, and run it live.

Pages read without JavaScript; only the live monitor is refreshed by
static/dialogues/console.js over /ws/console/<id>/. Actions on a running dialogue go
through its conductor, the single writer (docs/architecture.md), so the views that
take them are async and run on the same event loop as the websockets.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from channels.db import database_sync_to_async
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView, redirect_to_login
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import aget_object_or_404, get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wijkdialoog.web import address_limits
from wijkdialoog.web.dialogues import access, models, moderation_log
from wijkdialoog.web.dialogues.cluster import conductor_for
from wijkdialoog.web.dialogues.conductor import Outcome
from wijkdialoog.web.dialogues.script_import import (
    ItemSpec,
    ScriptError,
    append_item,
    check_item,
    create_dialogue,
    import_script,
    neighbourhood_named,
    parse_script,
)

View = Callable[..., Any]

LEVEL_LABELS = {
    "Top": gettext_lazy("Top"),
    "High": gettext_lazy("Hoog"),
    "Medium": gettext_lazy("Midden"),
    "Low": gettext_lazy("Laag"),
    "Bottom": gettext_lazy("Bodem"),
}


# Access --------------------------------------------------------------------------


def _refusal(request: HttpRequest, user: Any, dialogue_id: int | None) -> HttpResponse | None:
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not (user.is_active and user.is_staff):
        return render(request, "dialogues/console/forbidden.html", status=403)
    if dialogue_id is not None and not access.can_facilitate(user, dialogue_id):
        context = {"not_yours": True}
        return render(request, "dialogues/console/forbidden.html", context, status=403)
    return None


def staff_required(view: View) -> View:
    """Let in active staff, and for a dialogue's pages only its facilitators and the
    administrators; send others to the login page, or refuse them (403)."""
    if iscoroutinefunction(view):

        @wraps(view)
        async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = await request.auser()
            request.user = user  # the sync cache differs from auser's; templates read this one
            dialogue_id = kwargs.get("dialogue_id")
            refused = await sync_to_async(_refusal)(request, user, dialogue_id)
            return refused if refused is not None else await view(request, *args, **kwargs)

        return async_wrapper

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _refusal(request, request.user, kwargs.get("dialogue_id"))
        return refused if refused is not None else view(request, *args, **kwargs)

    return wrapper


class ConsoleLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet."
        ),
        "inactive": gettext_lazy("Dit account is niet actief."),
        "not_staff": gettext_lazy("Alleen gespreksleiders kunnen inloggen op de console."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(self.error_messages["not_staff"], code="not_staff")


login_view = address_limits.limit_posts("logins")(
    LoginView.as_view(
        template_name="dialogues/console/login.html", authentication_form=ConsoleLoginForm
    )
)
logout_view = LogoutView.as_view()


# Forms ---------------------------------------------------------------------------


class DialogueForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        queryset=models.Neighbourhood.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Bestaande wijk"),
        empty_label=gettext_lazy("— een nieuwe wijk —"),
    )
    new_neighbourhood = forms.CharField(
        max_length=120,
        required=False,
        label=gettext_lazy("Of de naam van een nieuwe wijk"),
    )
    municipality = forms.CharField(
        max_length=120, required=False, label=gettext_lazy("Gemeente (bij een nieuwe wijk)")
    )
    title = forms.CharField(max_length=200, label=gettext_lazy("Titel van de dialoog"))
    welcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=gettext_lazy("Welkomsttekst"),
        help_text=gettext_lazy("Deelnemers lezen dit voordat ze meedoen."),
    )
    privacy_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=gettext_lazy("Privacytekst"),
        help_text=gettext_lazy("Wat er met de gegevens gebeurt; deelnemers stemmen hiermee in."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        existing, new = cleaned.get("neighbourhood"), cleaned.get("new_neighbourhood", "").strip()
        if existing is None and not new:
            raise forms.ValidationError(_("Kies een bestaande wijk of typ de naam van een nieuwe."))
        if existing is not None and new:
            raise forms.ValidationError(
                _("Kies een bestaande wijk óf typ een nieuwe, niet allebei.")
            )
        return cleaned

    def save(self) -> models.Dialogue:
        data = self.cleaned_data
        neighbourhood = data["neighbourhood"] or neighbourhood_named(
            data["new_neighbourhood"].strip(), municipality=data["municipality"].strip()
        )
        return create_dialogue(
            neighbourhood=neighbourhood,
            title=data["title"],
            welcome=data["welcome"],
            privacy_text=data["privacy_text"],
        )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        choices=models.ScriptItem.Kind.choices, label=gettext_lazy("Soort onderdeel")
    )
    title = forms.CharField(max_length=200, label=gettext_lazy("Titel of vraag"))
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=gettext_lazy("Inleiding"),
        help_text=gettext_lazy("Twee of drie zinnen die onbekende begrippen uitleggen."),
    )
    video_url = forms.URLField(
        required=False, assume_scheme="https", label=gettext_lazy("Link naar een video")
    )
    hashtag = forms.CharField(
        max_length=40,
        required=False,
        label=gettext_lazy("Hashtag"),
        help_text=gettext_lazy("Waarmee deelnemers hun stelling beginnen, zoals #Advies."),
    )
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=gettext_lazy("Antwoordopties (alleen bij een peiling)"),
        help_text=gettext_lazy("Eén optie per regel, minstens twee."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        spec = ItemSpec(
            kind=cleaned["kind"],
            title=cleaned["title"].strip(),
            introduction=cleaned["introduction"].strip(),
            video_url=cleaned["video_url"],
            hashtag=cleaned["hashtag"].strip(),
            options=tuple(line.strip() for line in cleaned["options"].splitlines() if line.strip()),
        )
        try:
            cleaned["spec"] = check_item(spec, where=_("Dit onderdeel"))
        except ScriptError as error:
            raise forms.ValidationError(error.message) from error
        return cleaned


class ImportForm(forms.Form):
    script = forms.FileField(
        label=gettext_lazy("Scriptbestand (YAML of JSON)"),
        help_text=gettext_lazy("Een bestand dat eindigt op .yaml, .yml of .json."),
    )


class NoticeForm(forms.Form):
    text = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy("Mededeling aan iedereen"),
    )


class HideForm(forms.Form):
    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=200,
        label=gettext_lazy("Reden"),
        error_messages={"required": gettext_lazy("Geef een reden om de stelling te verbergen.")},
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Ja, sluit de dialoog. Deelnemers kunnen daarna niets meer insturen."),
        error_messages={"required": gettext_lazy("Vink aan dat je de dialoog wilt sluiten.")},
    )


# Preparing -----------------------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    # An empty POST still binds the form, so that its required fields complain.
    return request.POST if request.method == "POST" else None


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    dialogues = (
        access.dialogues_of(request.user)
        .select_related("neighbourhood")
        .annotate(participant_count=Count("participants"))
        .order_by("-created_at")
    )
    return render(request, "dialogues/console/home.html", {"dialogues": dialogues})


@staff_required
def create(request: HttpRequest) -> HttpResponse:
    form = DialogueForm(_posted(request))
    if request.method == "POST":
        if form.is_valid():
            dialogue = form.save()
            dialogue.facilitators.add(request.user)
            messages.success(request, _("Dialoog aangemaakt. Voeg nu de onderdelen toe."))
            return redirect("console:dialogue", dialogue.pk)
        return render(request, "dialogues/console/create.html", {"form": form}, status=400)
    return render(request, "dialogues/console/create.html", {"form": form})


@staff_required
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(_posted(request), request.FILES or None)
    if request.method != "POST":
        return render(request, "dialogues/console/import.html", {"form": form})
    if form.is_valid():
        upload = form.cleaned_data["script"]
        try:
            spec = parse_script(upload.read(), filename=upload.name)
            dialogue = import_script(spec)
        except ScriptError as error:
            form.add_error("script", error.message)
        else:
            dialogue.facilitators.add(request.user)
            count = len(spec.items)
            messages.success(
                request, _("Script ingelezen: %(count)s onderdelen.") % {"count": count}
            )
            return redirect("console:dialogue", dialogue.pk)
    return render(request, "dialogues/console/import.html", {"form": form}, status=400)


@staff_required
async def item_add(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = await aget_object_or_404(models.Dialogue, pk=dialogue_id)
    form = ItemForm(_posted(request))
    context = {"dialogue": dialogue, "form": form}
    if request.method != "POST":
        return await sync_to_async(render)(request, "dialogues/console/item_form.html", context)
    if dialogue.status == models.Dialogue.Status.CLOSED:
        messages.error(request, _("Deze dialoog is gesloten; er kan niets meer bij."))
        return redirect("console:dialogue", dialogue.pk)
    if not form.is_valid():
        return await sync_to_async(render)(
            request, "dialogues/console/item_form.html", context, status=400
        )
    item = await database_sync_to_async(append_item)(dialogue, form.cleaned_data["spec"])
    # A running conductor read the script when it started; let it see the new item.
    await (await conductor_for(dialogue.pk)).reload_script()
    messages.success(request, _('Onderdeel "%(title)s" toegevoegd.') % {"title": item.title})
    return redirect("console:dialogue", dialogue.pk)


# Running -------------------------------------------------------------------------


def _page_data(dialogue_id: int) -> dict[str, Any]:
    dialogue = get_object_or_404(
        models.Dialogue.objects.select_related("neighbourhood"), pk=dialogue_id
    )
    return {
        "dialogue": dialogue,
        "items": list(dialogue.items.all()),
        "participant_count": dialogue.participants.count(),
        "notices": list(dialogue.notices.order_by("-posted_at")[:5]),
    }


def monitor_context(frame: dict[str, Any], items: list[models.ScriptItem]) -> dict[str, Any]:
    """Shape a conductor's monitor frame for the template (the JS renders the same)."""
    titles = {item.pk: item.title for item in items}

    def labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**row, "level_label": LEVEL_LABELS.get(row["level"], "")} for row in rows]

    return {
        **frame,
        "item_title": titles.get(frame["item"]) if frame["item"] is not None else None,
        "rising": labelled(frame["rising"]),
        "bipotrons": labelled(frame["bipotrons"]),
    }


def _js_labels() -> dict[str, Any]:
    return {
        "levels": {key: str(label) for key, label in LEVEL_LABELS.items()},
        "hide": _("Verberg"),
        "reason": _("Reden"),
        "votes": _("%(agree)s eens · %(disagree)s oneens · %(passes)s overgeslagen"),
        "level": _("niveau"),
        "open_question": _("Open vraag:"),
        "none_rising": _("Nog geen stellingen met brede steun."),
        "none_bipotrons": _("Nog geen stellingen die verdelen."),
        "no_question": _("Er is nu geen open vraag."),
        "connected": _("Live verbonden."),
        "disconnected": _("Verbinding verbroken; we proberen opnieuw te verbinden."),
        "states": {key: str(label) for key, label in models.ScriptItem.State.choices},
        "dialogue_closed": str(models.Dialogue.Status.CLOSED.label),
    }


@staff_required
async def dialogue_view(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    data = await database_sync_to_async(_page_data)(dialogue_id)
    conductor = await conductor_for(dialogue_id)
    invite_url = request.build_absolute_uri(
        reverse("participant:join", args=[data["dialogue"].invite_code])
    )
    context = {
        **data,
        "invite_url": invite_url,
        "monitor": monitor_context(await conductor.monitor(), data["items"]),
        "next_item": next((i for i in data["items"] if i.state == "waiting"), None),
        "notice_form": NoticeForm(auto_id="notice_%s"),
        "item_form": ItemForm(auto_id="item_%s"),
        "labels": _js_labels(),
    }
    return await sync_to_async(render)(request, "dialogues/console/dialogue.html", context)


def _after(request: HttpRequest, outcome: Outcome, success: str) -> None:
    if outcome.accepted:
        messages.success(request, success)
    else:
        assert outcome.refusal is not None
        messages.error(request, outcome.refusal.message)


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@require_POST
@staff_required
async def open_next(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    await aget_object_or_404(models.Dialogue, pk=dialogue_id)
    conductor = await conductor_for(dialogue_id)
    outcome = await conductor.open_next_item()
    title = await conductor.open_item_title()
    _after(request, outcome, _("Geopend: %(title)s") % {"title": title})
    return redirect("console:dialogue", dialogue_id)


@require_POST
@staff_required
async def notice(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    await aget_object_or_404(models.Dialogue, pk=dialogue_id)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("console:dialogue", dialogue_id)
    conductor = await conductor_for(dialogue_id)
    text = form.cleaned_data["text"]
    outcome = await conductor.notice(text)
    if outcome.accepted:
        record = database_sync_to_async(moderation_log.record_notice)
        await record(request.user, dialogue_id, text=text)
    _after(request, outcome, _("Mededeling verstuurd."))
    return redirect("console:dialogue", dialogue_id)


@require_POST
@staff_required
async def hide(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    await aget_object_or_404(models.Dialogue, pk=dialogue_id)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("console:dialogue", dialogue_id)
    conductor = await conductor_for(dialogue_id)
    statement, reason = form.cleaned_data["statement"], form.cleaned_data["reason"]
    outcome = await conductor.hide(statement, reason)
    if outcome.accepted:  # stored by the conductor by now: the log can point at it
        record = database_sync_to_async(moderation_log.record_hidden)
        await record(request.user, dialogue_id, statement_engine_id=statement, reason=reason)
    _after(request, outcome, _("Stelling verborgen."))
    return redirect("console:dialogue", dialogue_id)


@staff_required
async def close(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = await aget_object_or_404(models.Dialogue, pk=dialogue_id)
    form = CloseForm(_posted(request))
    context = {"dialogue": dialogue, "form": form}
    if request.method != "POST":
        return await sync_to_async(render)(request, "dialogues/console/close.html", context)
    if dialogue.status == models.Dialogue.Status.CLOSED:
        messages.error(request, _("Deze dialoog is al gesloten."))
        return redirect("console:dialogue", dialogue_id)
    if not form.is_valid():
        return await sync_to_async(render)(
            request, "dialogues/console/close.html", context, status=400
        )
    conductor = await conductor_for(dialogue_id)
    outcome = await conductor.close_dialogue()
    _after(request, outcome, _("De dialoog is gesloten."))
    return redirect("console:dialogue", dialogue_id)
