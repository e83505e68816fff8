"""Build a dialogue and its script from a YAML or JSON file, or add to one from a form.

A script names the dialogue, its neighbourhood, optional texts and method settings, and
its items in order (docs/method.md, "A session"). Everything is checked before anything
is written; a problem raises ScriptError with a Dutch message that names it, and then
nothing is created.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wijkdialoog.engine import MethodSettings
from wijkdialoog.web.dialogues import models

MAX_SCRIPT_BYTES = 1_000_000
TOP_KEYS = ("title", "neighbourhood", "welcome", "privacy_text", "settings", "items")
NEIGHBOURHOOD_KEYS = ("name", "municipality")
ITEM_KEYS = ("kind", "title", "introduction", "video_url", "hashtag", "options")
KINDS = tuple(models.ScriptItem.Kind.values)
SETTING_NAMES = tuple(f.name for f in dataclasses.fields(MethodSettings))


class ScriptError(Exception):
    """A script that cannot become a dialogue; the message says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ItemSpec:
    kind: str
    title: str
    introduction: str = ""
    video_url: str = ""
    hashtag: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScriptSpec:
    title: str
    neighbourhood: str
    municipality: str
    welcome: str
    privacy_text: str
    method_settings: dict[str, Any]
    items: tuple[ItemSpec, ...]


# Reading --------------------------------------------------------------------------


def parse_script(raw: bytes, *, filename: str = "") -> ScriptSpec:
    """Read a script file (JSON when its name ends in .json, YAML otherwise) and check it."""
    if len(raw) > MAX_SCRIPT_BYTES:
        raise ScriptError(_("Het bestand is te groot (hoogstens 1 MB)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScriptError(_("Het bestand is geen tekst in UTF-8.")) from error
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ScriptError(
                _("Het bestand is geen geldige JSON (regel %(line)s).") % {"line": error.lineno}
            ) from error
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else "?"
            raise ScriptError(
                _("Het bestand is geen geldige YAML (regel %(line)s).") % {"line": line}
            ) from error
    return check_script(data)


def check_script(data: object) -> ScriptSpec:
    """Check a script as plain data (parsed YAML or JSON) and return what it describes."""
    if not isinstance(data, dict):
        raise ScriptError(
            _(
                "Het script moet bestaan uit sleutels met waarden, "
                "zoals title, neighbourhood en items."
            )
        )
    _refuse_unknown(data, TOP_KEYS, where=_("bovenaan het script"))
    title = _text(data, "title", where=_("Het script"), required=True, max_length=200)
    name, municipality = _neighbourhood(data.get("neighbourhood"))
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise ScriptError(_("Het script heeft geen onderdelen: zet ze als lijst onder 'items'."))
    return ScriptSpec(
        title=title,
        neighbourhood=name,
        municipality=municipality,
        welcome=_text(data, "welcome", where=_("Het script")),
        privacy_text=_text(data, "privacy_text", where=_("Het script")),
        method_settings=check_settings(data.get("settings")),
        items=tuple(_item(raw, number) for number, raw in enumerate(items, start=1)),
    )


def _refuse_unknown(data: dict[Any, Any], allowed: tuple[str, ...], *, where: str) -> None:
    for key in data:
        if key not in allowed:
            raise ScriptError(
                _("Onbekende sleutel '%(key)s' %(where)s. Toegestaan zijn: %(allowed)s.")
                % {"key": key, "where": where, "allowed": ", ".join(allowed)}
            )


def _text(
    data: dict[str, Any], key: str, *, where: str, required: bool = False, max_length: int = 0
) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ScriptError(_("%(where)s: '%(key)s' moet tekst zijn.") % {"where": where, "key": key})
    value = value.strip()
    if required and not value:
        raise ScriptError(
            _("%(where)s: '%(key)s' ontbreekt of is leeg.") % {"where": where, "key": key}
        )
    if max_length and len(value) > max_length:
        raise ScriptError(
            _("%(where)s: '%(key)s' is te lang (hoogstens %(max)s tekens).")
            % {"where": where, "key": key, "max": max_length}
        )
    return value


def _neighbourhood(value: object) -> tuple[str, str]:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        raise ScriptError(
            _("Het script noemt geen wijk: zet onder 'neighbourhood' ten minste een 'name'.")
        )
    _refuse_unknown(value, NEIGHBOURHOOD_KEYS, where=_("bij de wijk"))
    where = _("De wijk")
    name = _text(value, "name", where=where, required=True, max_length=120)
    return name, _text(value, "municipality", where=where, max_length=120)


def check_settings(value: object) -> dict[str, Any]:
    """Merge a script's settings over the defaults; refuse what the engine would refuse."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ScriptError(_("'settings' moet bestaan uit namen van instellingen met waarden."))
    merged = MethodSettings().as_dict()
    for key, setting in value.items():
        if key not in SETTING_NAMES:
            raise ScriptError(
                _("Onbekende instelling '%(key)s'. Bekend zijn: %(names)s.")
                % {"key": key, "names": ", ".join(SETTING_NAMES)}
            )
        merged[key] = _setting_value(key, setting, default=merged[key])
    try:
        return MethodSettings(**merged).as_dict()
    except ValueError as error:
        raise ScriptError(
            _("De instellingen passen niet bij elkaar of vallen buiten de grenzen (%(why)s).")
            % {"why": error}
        ) from error


def _setting_value(key: str, value: object, *, default: object) -> object:
    if isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int)):
        raise ScriptError(_("Instelling '%(key)s' moet een geheel getal zijn.") % {"key": key})
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScriptError(_("Instelling '%(key)s' moet een getal zijn.") % {"key": key})
        return float(value)
    return value


def _item(raw: object, number: int) -> ItemSpec:
    where = _("Onderdeel %(number)s") % {"number": number}
    if not isinstance(raw, dict):
        raise ScriptError(
            _("%(where)s: een onderdeel bestaat uit sleutels met waarden, zoals kind en title.")
            % {"where": where}
        )
    _refuse_unknown(raw, ITEM_KEYS, where=_("bij onderdeel %(number)s") % {"number": number})
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ScriptError(
            _("%(where)s: soort '%(kind)s' bestaat niet; kies question, presentation of poll.")
            % {"where": where, "kind": kind if kind is not None else ""}
        )
    options = raw.get("options")
    if options is None:
        options = []
    if not isinstance(options, list) or not all(_is_option(o) for o in options):
        raise ScriptError(
            _(
                "%(where)s: 'options' moet een lijst van teksten zijn "
                "(zet ja/nee tussen aanhalingstekens)."
            )
            % {"where": where}
        )
    item = ItemSpec(
        kind=kind,
        title=_text(raw, "title", where=where, required=True, max_length=200),
        introduction=_text(raw, "introduction", where=where),
        video_url=_text(raw, "video_url", where=where, max_length=200),
        hashtag=_text(raw, "hashtag", where=where, max_length=40),
        options=tuple(str(o).strip() for o in options),
    )
    return check_item(item, where=where)


def _is_option(value: object) -> bool:
    # YAML reads yes/no/on/off as booleans; a poll option is meant as text.
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def check_item(item: ItemSpec, *, where: str) -> ItemSpec:
    """Check one script item (from a file or the console's form); return it tidied up."""
    if item.kind == models.ScriptItem.Kind.POLL:
        options = [o for o in item.options if o]
        if len(options) < 2:
            raise ScriptError(
                _("%(where)s: een peiling heeft minstens twee opties nodig.") % {"where": where}
            )
        if len(set(options)) != len(options):
            raise ScriptError(
                _("%(where)s: een peiling mag een optie maar één keer hebben.") % {"where": where}
            )
        if any(len(o) > 200 for o in options):
            raise ScriptError(
                _("%(where)s: een optie is te lang (hoogstens 200 tekens).") % {"where": where}
            )
        item = dataclasses.replace(item, options=tuple(options))
    elif item.options:
        raise ScriptError(_("%(where)s: alleen een peiling heeft opties.") % {"where": where})
    if item.video_url:
        try:
            URLValidator(schemes=["http", "https"])(item.video_url)
        except ValidationError as error:
            raise ScriptError(
                _("%(where)s: de videolink is geen geldig webadres (begin met https://).")
                % {"where": where}
            ) from error
    hashtag = item.hashtag.strip()
    if hashtag and not hashtag.startswith("#"):
        hashtag = f"#{hashtag}"
    if hashtag and (" " in hashtag or len(hashtag) > 40):
        raise ScriptError(
            _("%(where)s: een hashtag is één woord zonder spaties, zoals #Advies.")
            % {"where": where}
        )
    return dataclasses.replace(item, hashtag=hashtag)


# Writing --------------------------------------------------------------------------


@transaction.atomic
def import_script(spec: ScriptSpec, *, invite_code: str | None = None) -> models.Dialogue:
    """Create a dialogue with its neighbourhood and items, all or nothing."""
    neighbourhood = neighbourhood_named(spec.neighbourhood, municipality=spec.municipality)
    dialogue = create_dialogue(
        neighbourhood=neighbourhood,
        title=spec.title,
        welcome=spec.welcome,
        privacy_text=spec.privacy_text,
        method_settings=spec.method_settings,
        invite_code=invite_code,
    )
    for item in spec.items:
        append_item(dialogue, item)
    return dialogue


def neighbourhood_named(name: str, *, municipality: str = "") -> models.Neighbourhood:
    """Return the neighbourhood of that name (and municipality), creating it if new."""
    found = models.Neighbourhood.objects.filter(
        name__iexact=name, municipality__iexact=municipality
    ).first()
    return found or models.Neighbourhood.objects.create(name=name, municipality=municipality)


def create_dialogue(
    *,
    neighbourhood: models.Neighbourhood,
    title: str,
    welcome: str = "",
    privacy_text: str = "",
    method_settings: dict[str, Any] | None = None,
    invite_code: str | None = None,
) -> models.Dialogue:
    """Create a dialogue in preparation, with a fresh invite code unless one is given."""
    dialogue = models.Dialogue(
        neighbourhood=neighbourhood, title=title, welcome=welcome, privacy_text=privacy_text
    )
    if method_settings is not None:
        dialogue.method_settings = method_settings
    if invite_code is not None:
        dialogue.invite_code = invite_code
    dialogue.save()
    return dialogue


@transaction.atomic
def append_item(dialogue: models.Dialogue, item: ItemSpec) -> models.ScriptItem:
    """Add an item at the end of a dialogue's script."""
    last = models.ScriptItem.objects.filter(dialogue=dialogue).aggregate(last=Max("position"))
    position = 0 if last["last"] is None else last["last"] + 1
    return models.ScriptItem.objects.create(
        dialogue=dialogue,
        position=position,
        kind=item.kind,
        title=item.title,
        introduction=item.introduction,
        video_url=item.video_url,
        hashtag=item.hashtag,
        poll_options=list(item.options),
    )
