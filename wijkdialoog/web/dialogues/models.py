"""What a dialogue is stored as: its script, its participants, its event log and read models.

The event log is the source of truth (docs/architecture.md); statements, votes and poll
answers are read models the conductor writes in the same transaction as the events.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkdialoog.engine import MethodSettings


def new_invite_code() -> str:
    # Short enough to type from a slide, unambiguous letters and digits only.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


REASON_MAX_CHARS = 280

# Personal data is kept this long after a dialogue closes, unless its facilitator sets
# otherwise: a year leaves time to report back to the participants (docs/operations.md).
DEFAULT_RETENTION_DAYS = 365
MAX_RETENTION_DAYS = 3650


def default_method_settings() -> dict[str, object]:
    return MethodSettings().as_dict()


class Neighbourhood(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    municipality = models.CharField(_("gemeente"), max_length=120, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")

    def __str__(self) -> str:
        return self.name


class Dialogue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("in voorbereiding")
        RUNNING = "running", _("loopt")
        CLOSED = "closed", _("gesloten")

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("wijk")
    )
    title = models.CharField(_("titel"), max_length=200)
    welcome = models.TextField(_("welkomsttekst"), blank=True)
    privacy_text = models.TextField(_("privacytekst"), blank=True)
    invite_code = models.CharField(
        _("uitnodigingscode"), max_length=12, unique=True, default=new_invite_code
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    method_settings = models.JSONField(_("methode-instellingen"), default=default_method_settings)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    retention_days = models.PositiveIntegerField(
        _("bewaartermijn (dagen na sluiten)"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_(
            "Zoveel dagen na het sluiten wissen we de persoonsgegevens van de deelnemers; "
            "hun stellingen en stemmen blijven zonder naam bewaard."
        ),
    )
    personal_data_erased_at = models.DateTimeField(
        _("persoonsgegevens gewist op"), null=True, blank=True
    )
    # Who may run this dialogue in the console; a municipality administrator (the
    # permission below) may run every dialogue and assigns facilitators in the admin.
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_dialogues",
        verbose_name=_("gespreksleiders"),
    )

    class Meta:
        verbose_name = _("dialoog")
        verbose_name_plural = _("dialogen")
        permissions = [("administer_dialogues", _("Kan alle dialogen beheren"))]

    def __str__(self) -> str:
        return self.title

    def engine_settings(self) -> MethodSettings:
        return MethodSettings(**self.method_settings)

    @property
    def erase_due_at(self) -> datetime | None:
        """When the retention ends; None while the dialogue has not closed."""
        if self.closed_at is None:
            return None
        return self.closed_at + timedelta(days=self.retention_days)


class ScriptItem(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("vraag")
        PRESENTATION = "presentation", _("presentatie")
        POLL = "poll", _("peiling")

    class State(models.TextChoices):
        WAITING = "waiting", _("wacht")
        OPEN = "open", _("open")
        CLOSED = "closed", _("gesloten")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("volgorde"))
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("inleiding"), blank=True)
    video_url = models.URLField(_("videolink"), blank=True)
    hashtag = models.CharField(_("hashtag"), max_length=40, blank=True)
    poll_options = models.JSONField(_("antwoordopties"), default=list, blank=True)
    state = models.CharField(
        _("stand"), max_length=10, choices=State.choices, default=State.WAITING
    )

    class Meta:
        verbose_name = _("scriptonderdeel")
        verbose_name_plural = _("scriptonderdelen")
        ordering = ["dialogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "position"], name="item_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Participant(models.Model):
    class Role(models.TextChoices):
        RESIDENT = "resident", _("bewoner")
        PROFESSIONAL = "professional", _("professional")
        MUNICIPALITY = "municipality", _("gemeente")
        OTHER = "other", _("anders")

    class OrganisationType(models.TextChoices):
        NONE = "none", _("geen (als bewoner)")
        RESIDENTS_GROUP = "residents_group", _("bewonersgroep of vrijwilligersorganisatie")
        WELFARE = "welfare", _("welzijn of zorg")
        HOUSING = "housing", _("woningcorporatie")
        MUNICIPALITY = "municipality", _("gemeente")
        BUSINESS = "business", _("bedrijf of ondernemer")
        OTHER = "other", _("anders")

    class Scale(models.TextChoices):
        STREET = "street", _("straat of buurt")
        NEIGHBOURHOOD = "neighbourhood", _("wijk")
        CITY = "city", _("stad of gemeente")
        REGION = "region", _("regio of land")

    class KeepInformed(models.TextChoices):
        YES = "yes", _("ja")
        MAYBE = "maybe", _("misschien")
        NO = "no", _("nee")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="participants")
    pseudonym = models.CharField(_("schuilnaam"), max_length=40)
    role = models.CharField(_("rol"), max_length=16, choices=Role.choices)
    organisation_type = models.CharField(
        _("soort organisatie"), max_length=20, choices=OrganisationType.choices
    )
    scale = models.CharField(_("schaalniveau"), max_length=16, choices=Scale.choices)
    consent = models.BooleanField(_("toestemming"), default=False)
    keep_informed = models.CharField(
        _("op de hoogte blijven"), max_length=8, choices=KeepInformed.choices
    )
    # Two open intake questions; the report groups the answers (docs/report.md, part 1).
    reason = models.CharField(_("waarom meedoen"), max_length=REASON_MAX_CHARS, blank=True)
    success = models.CharField(_("wanneer geslaagd"), max_length=REASON_MAX_CHARS, blank=True)
    device_token = models.CharField(max_length=64, unique=True, default=new_device_token)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self) -> str:
        return self.pseudonym


class ContactAddress(models.Model):
    """An e-mail address a participant gave, kept apart from the rest of their data.

    Only for the purpose they agreed to; never in a report or an export; erased with
    their personal data (privacy.py).
    """

    class Purpose(models.TextChoices):
        OUTCOMES = "outcomes", _("horen wat er met de uitkomsten gebeurt")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="contact", verbose_name=_("deelnemer")
    )
    email = models.EmailField(_("e-mailadres"))
    purpose = models.CharField(
        _("doel"), max_length=20, choices=Purpose.choices, default=Purpose.OUTCOMES
    )
    # Not auto_now_add: moving the addresses of earlier participants keeps their date.
    created_at = models.DateTimeField(_("gegeven op"), default=timezone.now)

    class Meta:
        verbose_name = _("contactadres")
        verbose_name_plural = _("contactadressen")

    def __str__(self) -> str:
        # Neither the address nor the pseudonym: the admin's history keeps this text.
        return f"#{self.participant_id}"


class Event(models.Model):
    """One row of a dialogue's event log; `payload` is `event_to_dict` of the engine event."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    payload = models.JSONField()
    # The client's id for the intent, so a resend after a lost acknowledgement is answered
    # from the log instead of being applied twice (also after a restart).
    client_ref = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["dialogue", "seq"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "seq"], name="event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dialogue_id}#{self.seq} {self.kind}"


class Statement(models.Model):
    """Read model: a statement (or a reaction) as the event log has it."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="statements")
    engine_id = models.PositiveBigIntegerField()
    item = models.ForeignKey(ScriptItem, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField(_("tekst"))
    reaction_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reactions"
    )
    posted_at = models.DateTimeField()
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    passes = models.PositiveIntegerField(default=0)
    level = models.CharField(max_length=8, blank=True)
    is_bipotron = models.BooleanField(default=False)
    is_hidden = models.BooleanField(_("verborgen"), default=False)
    hidden_reason = models.CharField(_("reden"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "engine_id"], name="statement_id_unique")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class VoteRecord(models.Model):
    """Read model: one participant's vote on one statement."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    vote = models.CharField(max_length=8)
    cast_at = models.DateTimeField()

    class Meta:
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="one_vote_each")
        ]


class PollAnswer(models.Model):
    """Read model: one participant's answer to a poll."""

    item = models.ForeignKey(ScriptItem, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="poll_answers"
    )
    option = models.CharField(max_length=200)
    explanation = models.TextField(blank=True)  # its length is a method setting
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("peilingantwoord")
        verbose_name_plural = _("peilingantwoorden")
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="one_answer_each")
        ]


class Notice(models.Model):
    """A message the facilitator posted to everyone (also logged, for the report)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(_("tekst"), max_length=500)
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mededeling")
        verbose_name_plural = _("mededelingen")


class ReportDraft(models.Model):
    """The facilitator's edits to a dialogue's report, and its published public page.

    The public page is stored as rendered when it was published, so it stays the same
    (and fast) however the report's code or the edits change afterwards.
    """

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.CASCADE, related_name="report_draft", verbose_name=_("dialoog")
    )
    theme_labels = models.JSONField(_("themakoppen"), default=dict, blank=True)  # key -> heading
    summary = models.TextField(_("samenvatting"), blank=True)  # empty: the generated one
    next_steps = models.TextField(_("wat er met de uitkomsten gebeurt"), blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    public_html = models.TextField(_("openbare pagina"), blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")

    def __str__(self) -> str:
        return str(self.dialogue)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def changed_since_publishing(self) -> bool:
        return self.published_at is not None and self.updated_at > self.published_at
