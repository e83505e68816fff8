"""The facilitator's privacy forms: the terms shown at intake, and erasing on request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkdialoog.web.dialogues import models


class PrivacyTermsForm(forms.ModelForm):
    class Meta:
        model = models.Dialogue
        fields = ["privacy_text", "retention_days"]
        labels = {
            "privacy_text": _("Privacytekst"),
            "retention_days": _("Bewaartermijn in dagen na het sluiten"),
        }
        help_texts = {
            "privacy_text": _(
                "Deelnemers lezen dit bij het aanmelden en stemmen ermee in. Leeg: ze zien "
                "de standaardtekst hieronder."
            ),
        }
        widgets = {"privacy_text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.promised_days = self.instance.retention_days

    def clean_retention_days(self) -> int:
        days: int = self.cleaned_data["retention_days"]
        # Who joined agreed to the term of then; keeping their data longer breaks that.
        if days > self.promised_days and self.instance.participants.exists():
            raise forms.ValidationError(
                _(
                    "Er doen al mensen mee onder een termijn van %(days)s dagen. Die kan "
                    "korter worden, niet langer."
                ),
                params={"days": self.promised_days},
            )
        return days


class EraseForm(forms.Form):
    participant = forms.IntegerField(
        min_value=1,
        label=_("Deelnemernummer"),
        help_text=_(
            "Het nummer staat bovenaan het bestand dat de deelnemer downloadde van de "
            "eigen deelnamepagina („number”)."
        ),
    )
    remove_statements = forms.BooleanField(
        required=False,
        label=_("Verwijder ook wat de deelnemer schreef (stellingen en toelichtingen)"),
    )
    confirm = forms.BooleanField(
        label=_("Ja, wis deze gegevens. Dit kan niet ongedaan worden gemaakt."),
        error_messages={"required": _("Vink aan dat je de gegevens wilt wissen.")},
    )

    def __init__(self, *args: Any, dialogue: models.Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dialogue = dialogue

    def clean_participant(self) -> models.Participant:
        found = self.dialogue.participants.filter(pk=self.cleaned_data["participant"]).first()
        if found is None:
            raise forms.ValidationError(_("Deze dialoog heeft geen deelnemer met dit nummer."))
        return found
