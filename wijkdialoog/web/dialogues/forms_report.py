"""The facilitator's forms on the report page: edits, and the confirmation to publish."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkdialoog.reports.content import Report, ThemeSection

THEME_FIELD_PREFIX = "theme-"
THEME_LABEL_MAX_CHARS = 120
SUMMARY_MAX_CHARS = 8000
NEXT_STEPS_MAX_CHARS = 4000


def theme_field_name(key: str) -> str:
    return f"{THEME_FIELD_PREFIX}{key}"


def _too_long(what: str) -> dict[str, Any]:
    return {"max_length": what}


class ReportEditForm(forms.Form):
    """Theme headings, the summary and what happens next; one text input per theme."""

    summary = forms.CharField(
        required=False,
        max_length=SUMMARY_MAX_CHARS,
        strip=False,  # the blank lines between paragraphs count
        widget=forms.Textarea(attrs={"rows": 12}),
        label=_("Tekst van de samenvatting"),
        help_text=_(
            "Laat een witregel tussen de alinea's. Maak het veld leeg om de gegenereerde "
            "samenvatting terug te krijgen."
        ),
        error_messages=_too_long(
            _("De samenvatting mag hooguit %(limit_value)d tekens hebben (nu %(show_value)d).")
        ),
    )
    next_steps = forms.CharField(
        required=False,
        max_length=NEXT_STEPS_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Wat gebeurt er met de uitkomsten?"),
        help_text=_(
            "Wat is er toegezegd, wie pakt het op en wanneer horen de deelnemers meer? "
            "Dit staat in het openbare verslag."
        ),
        error_messages=_too_long(
            _("Deze tekst mag hooguit %(limit_value)d tekens hebben (nu %(show_value)d).")
        ),
    )

    def __init__(self, data: Any = None, *, report: Report, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.themes: dict[str, ThemeSection] = {}
        for question in report.questions:
            for theme in question.themes:
                self.themes[theme.key] = theme
                self.fields[theme_field_name(theme.key)] = self._theme_field(theme)

    @staticmethod
    def _theme_field(theme: ThemeSection) -> forms.CharField:
        return forms.CharField(
            required=False,
            max_length=THEME_LABEL_MAX_CHARS,
            initial=theme.label,
            label=_("Kop van dit thema (gevonden: %(found)s)") % {"found": theme.found_label},
            help_text=_("Leeg laten geeft de gevonden kop."),
            error_messages=_too_long(
                _("Een kop mag hooguit %(limit_value)d tekens hebben (nu %(show_value)d).")
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A heading for a theme this report does not have: a stale page or a forged form.
        unknown = sorted(
            name[len(THEME_FIELD_PREFIX) :]
            for name in (self.data or {})
            if name.startswith(THEME_FIELD_PREFIX) and name not in self.fields
        )
        if unknown:
            raise forms.ValidationError(
                _(
                    "Dit rapport heeft geen thema %(keys)s. Laad de pagina opnieuw en "
                    "probeer het nog eens."
                ),
                params={"keys": ", ".join(unknown)},
                code="unknown_theme",
            )
        return cleaned

    def theme_labels(self) -> dict[str, str]:
        """The headings that differ from what the theme finder gave, by theme key."""
        labels = {}
        for key, theme in self.themes.items():
            heading = " ".join(self.cleaned_data[theme_field_name(key)].split())
            if heading and heading != theme.found_label:
                labels[key] = heading
        return labels


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, publiceer het verslag. Iedereen met de uitnodigingscode kan het lezen."),
        error_messages={"required": _("Vink aan dat je het verslag wilt publiceren.")},
    )
