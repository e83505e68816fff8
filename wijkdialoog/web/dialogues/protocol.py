"""The websocket protocol's refusal codes and the Dutch (and English) words people read.

Programs read `code`; people read `message`. Engine refusals keep the engine's code
(wijkdialoog/engine/errors.py); the rest are the server's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # The engine's codes.
    "unknown_participant": _("We kennen je nog niet in deze dialoog. Meld je eerst aan."),
    "participant_not_present": _("Je bent niet verbonden. Laad de pagina opnieuw."),
    "unknown_item": _("Dit onderdeel bestaat niet."),
    "item_not_open": _("Dit onderdeel is niet (meer) open."),
    "item_already_opened": _("Dit onderdeel is al geopend."),
    "wrong_item_kind": _("Dat kan bij dit onderdeel niet."),
    "unknown_statement": _("Deze stelling bestaat niet."),
    "empty_statement": _("Je stelling is leeg. Schrijf eerst iets."),
    "statement_too_long": _("Je stelling is te lang. Maak hem korter."),
    "statement_hidden": _("Deze stelling is door de gespreksleider verborgen."),
    "explanation_too_long": _("Je toelichting is te lang: houd het bij één zin."),
    "own_statement": _("Op je eigen stelling stem je niet."),
    "not_shown": _("Deze stelling is je (nog) niet getoond."),
    "already_voted": _("Je hebt al op deze stelling gestemd."),
    "unknown_poll_option": _("Kies een van de antwoorden."),
    "already_answered": _("Je hebt deze peiling al beantwoord."),
    "duplicate_statement": _("Deze stelling is al geplaatst."),
    "time_went_backwards": _("Er ging iets mis met de tijd. Probeer het opnieuw."),
    "participant_already_present": _("Je bent al verbonden."),
    # The server's codes.
    "dialogue_closed": _("Deze dialoog is gesloten. Bedankt voor je bijdrage!"),
    "dialogue_not_started": _("Deze dialoog is nog niet begonnen."),
    "unknown_invite": _("Deze uitnodigingscode kennen we niet. Controleer de code."),
    "rate_limited": _("Rustig aan: je stuurt te veel in korte tijd. Wacht even."),
    "busy": _(
        "Het is nu erg druk. Je bijdrage is niet opgeslagen; probeer het over een paar"
        " seconden opnieuw."
    ),
    "too_many_attempts": _(
        "Te veel pogingen vanaf dit adres; probeer het over een minuut opnieuw."
    ),
    "bad_frame": _("Dit bericht begrijpt de server niet."),
    "no_open_question": _("Er is nu geen open vraag."),
    "no_next_item": _("Er is geen volgend onderdeel meer."),
    "server_error": _("Er ging iets mis bij het opslaan. Probeer het opnieuw."),
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an intent was refused; nothing was changed."""

    code: str

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, MESSAGES["server_error"]))

    def frame(self, ref: str | None) -> dict[str, object]:
        return {"type": "error", "ref": ref, "code": self.code, "message": self.message}


class Refused(Exception):
    """Raised by the conductor's own checks (not the engine's), like EventRefused."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
