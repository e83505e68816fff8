"""Forms people fill in; their labels and errors are Dutch first (English via i18n)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wijkdialoog.web.dialogues import models


class JoinForm(forms.ModelForm):
    """The intake: who you are in this dialogue, as far as you want to say."""

    consent = forms.BooleanField(
        label=_("Ik heb de privacytekst gelezen en doe mee onder die voorwaarden."),
        required=True,
        error_messages={"required": _("Zonder toestemming kun je niet meedoen.")},
    )
    # Not a field of Participant: an address is kept apart, only when given (ContactAddress).
    email = forms.EmailField(
        label=_("E-mailadres (alleen als je op de hoogte wilt blijven)"),
        required=False,
        max_length=254,
    )

    class Meta:
        model = models.Participant
        fields = [
            "pseudonym",
            "role",
            "organisation_type",
            "scale",
            "reason",
            "success",
            "keep_informed",
            "email",
        ]
        labels = {
            "pseudonym": _("Schuilnaam (zo zien anderen je niet; alleen voor jezelf)"),
            "role": _("Ik doe mee als"),
            "organisation_type": _("Soort organisatie"),
            "scale": _("Ik werk of woon vooral op het niveau van"),
            "reason": _("Waarom doe je mee?"),
            "success": _("Wanneer is deze dialoog voor jou geslaagd?"),
            "keep_informed": _("Wil je op de hoogte blijven van wat er met de uitkomsten gebeurt?"),
        }
        help_texts = {
            "reason": _("Mag leeg blijven. In het verslag staan de antwoorden zonder je naam."),
            "success": _("Mag leeg blijven. In het verslag staan de antwoorden zonder je naam."),
        }
        widgets = {
            "keep_informed": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "success": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A radio list has no "nothing chosen" option; the lists ask to choose.
        self.fields["keep_informed"].choices = models.Participant.KeepInformed.choices
        for name in ("role", "organisation_type", "scale"):
            choices = [c for c in self.fields[name].choices if c[0]]  # type: ignore[attr-defined]
            self.fields[name].choices = [("", _("Kies…")), *choices]  # type: ignore[attr-defined]

    def clean_pseudonym(self) -> str:
        pseudonym: str = self.cleaned_data["pseudonym"].strip()
        if not pseudonym:
            raise forms.ValidationError(_("Kies een schuilnaam."))
        return pseudonym

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())

    def clean_success(self) -> str:
        return " ".join(self.cleaned_data["success"].split())

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("email") and cleaned.get("keep_informed") == "no":
            cleaned["email"] = ""  # not kept when they chose not to hear from us
        return cleaned


@transaction.atomic
def join(dialogue: models.Dialogue, form: JoinForm) -> models.Participant:
    """Create the participant of a valid intake form, and their contact address if given."""
    participant: models.Participant = form.save(commit=False)
    participant.dialogue = dialogue
    participant.consent = True
    participant.save()
    # Typing an address under a label that says what it is for is the agreement to it.
    if form.cleaned_data["email"]:
        models.ContactAddress.objects.create(
            participant=participant,
            email=form.cleaned_data["email"],
            purpose=models.ContactAddress.Purpose.OUTCOMES,
        )
    return participant
