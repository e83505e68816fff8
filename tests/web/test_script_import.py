"""Importing a question script from YAML or JSON: all of it, in order, or nothing."""

from __future__ import annotations

import json

import pytest

from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.script_import import ScriptError, import_script, parse_script

pytestmark = pytest.mark.django_db

SCRIPT = {
    "title": "Samen werken aan de wijk",
    "neighbourhood": {"name": "Lombok", "municipality": "Utrecht"},
    "welcome": "Welkom!",
    "privacy_text": "Je doet mee onder een schuilnaam.",
    "settings": {"group_size": 4, "voting_window_s": 45},
    "items": [
        {"kind": "question", "title": "Waarom doe je mee?", "hashtag": "Waarom"},
        {
            "kind": "presentation",
            "title": "Het kennisplatform",
            "introduction": "Een korte uitleg.",
            "video_url": "https://example.org/video",
        },
        {"kind": "poll", "title": "Hoe vond je het?", "options": ["Goed", "Neutraal", "Slecht"]},
    ],
}

YAML_SCRIPT = """
title: Samen werken aan de wijk
neighbourhood:
  name: Lombok
  municipality: Utrecht
settings:
  group_size: 4
items:
  - kind: question
    title: Waarom doe je mee?
    hashtag: "#Waarom"
  - kind: presentation
    title: Het kennisplatform
  - kind: poll
    title: Hoe vond je het?
    options: [Goed, Neutraal, Slecht]
"""


def _import(script: object, filename: str = "script.json") -> models.Dialogue:
    raw = json.dumps(script).encode() if not isinstance(script, bytes) else script
    return import_script(parse_script(raw, filename=filename))


def _script_with(**changes: object) -> dict[str, object]:
    return {**SCRIPT, **changes}


def _items_with(number: int, **changes: object) -> list[dict[str, object]]:
    items = [dict(item) for item in SCRIPT["items"]]  # type: ignore[attr-defined]
    items[number - 1].update(changes)
    return items


def test_yaml_script_creates_the_dialogue_with_its_items_in_order():
    dialogue = _import(YAML_SCRIPT.encode(), filename="wijk.yaml")
    items = list(dialogue.items.order_by("position"))
    assert [(i.position, i.kind, i.title) for i in items] == [
        (0, "question", "Waarom doe je mee?"),
        (1, "presentation", "Het kennisplatform"),
        (2, "poll", "Hoe vond je het?"),
    ]
    assert items[2].poll_options == ["Goed", "Neutraal", "Slecht"]
    assert (dialogue.neighbourhood.name, dialogue.neighbourhood.municipality) == (
        "Lombok",
        "Utrecht",
    )
    assert dialogue.engine_settings().group_size == 4
    assert dialogue.status == models.Dialogue.Status.DRAFT


def test_json_script_creates_the_same_dialogue():
    dialogue = _import(SCRIPT)
    items = list(dialogue.items.order_by("position"))
    assert [i.kind for i in items] == ["question", "presentation", "poll"]
    assert items[0].hashtag == "#Waarom"  # the hash is added when missing
    assert items[1].video_url == "https://example.org/video"
    assert (dialogue.welcome, dialogue.privacy_text) == (
        "Welkom!",
        "Je doet mee onder een schuilnaam.",
    )
    settings = dialogue.engine_settings()
    assert (settings.group_size, settings.voting_window_s, settings.min_votes) == (4, 45.0, 4)


def test_an_existing_neighbourhood_is_reused():
    first = _import(SCRIPT)
    second = _import(SCRIPT)
    assert first.neighbourhood_id == second.neighbourhood_id
    assert models.Neighbourhood.objects.count() == 1


BAD_SCRIPTS = [
    pytest.param(["title"], "sleutels met waarden", id="not-a-mapping"),
    pytest.param(_script_with(colour="blauw"), "Onbekende sleutel 'colour'", id="unknown-key"),
    pytest.param({**SCRIPT, "title": ""}, "'title' ontbreekt", id="empty-title"),
    pytest.param(
        {k: v for k, v in SCRIPT.items() if k != "title"}, "'title' ontbreekt", id="no-title"
    ),
    pytest.param(_script_with(title=12), "'title' moet tekst zijn", id="title-not-text"),
    pytest.param(_script_with(neighbourhood=None), "geen wijk", id="no-neighbourhood"),
    pytest.param(
        _script_with(neighbourhood={"name": "Lombok", "city": "Utrecht"}),
        "Onbekende sleutel 'city' bij de wijk",
        id="unknown-neighbourhood-key",
    ),
    pytest.param(_script_with(items=[]), "geen onderdelen", id="no-items"),
    pytest.param(
        _script_with(items=_items_with(2, kind="quiz")),
        "Onderdeel 2: soort 'quiz' bestaat niet",
        id="wrong-kind",
    ),
    pytest.param(
        _script_with(items=_items_with(1, title="  ")),
        "Onderdeel 1: 'title' ontbreekt",
        id="item-without-title",
    ),
    pytest.param(
        _script_with(items=_items_with(3, options=["Goed"])),
        "Onderdeel 3: een peiling heeft minstens twee opties nodig",
        id="poll-one-option",
    ),
    pytest.param(
        _script_with(items=_items_with(3, options="Goed, Slecht")),
        "Onderdeel 3: 'options' moet een lijst",
        id="options-not-a-list",
    ),
    pytest.param(
        _script_with(items=_items_with(3, options=["Goed", "Goed"])),
        "Onderdeel 3: een peiling mag een optie maar één keer",
        id="poll-duplicate-option",
    ),
    pytest.param(
        _script_with(items=_items_with(1, options=["Ja", "Nee"])),
        "Onderdeel 1: alleen een peiling heeft opties",
        id="options-on-a-question",
    ),
    pytest.param(
        _script_with(items=_items_with(2, video_url="geen link")),
        "Onderdeel 2: de videolink is geen geldig webadres",
        id="bad-video-link",
    ),
    pytest.param(
        _script_with(items=_items_with(1, speaker="Jan")),
        "Onbekende sleutel 'speaker' bij onderdeel 1",
        id="unknown-item-key",
    ),
    pytest.param(
        _script_with(items=[*SCRIPT["items"], "Nog een vraag"]),  # type: ignore[list-item]
        "Onderdeel 4: een onderdeel bestaat uit sleutels",
        id="item-not-a-mapping",
    ),
    pytest.param(
        _script_with(settings={"groep": 5}), "Onbekende instelling 'groep'", id="unknown-setting"
    ),
    pytest.param(
        _script_with(settings={"group_size": "vijf"}),
        "Instelling 'group_size' moet een geheel getal zijn",
        id="setting-wrong-type",
    ),
    pytest.param(
        _script_with(settings={"group_size": 12}),
        "De instellingen passen niet bij elkaar of vallen buiten de grenzen",
        id="setting-out-of-bounds",
    ),
]


@pytest.mark.parametrize(("script", "message"), BAD_SCRIPTS)
def test_a_bad_script_names_its_problem_and_creates_nothing(script, message):
    with pytest.raises(ScriptError) as raised:
        _import(script)
    assert message in raised.value.message
    assert models.Dialogue.objects.count() == 0
    assert models.ScriptItem.objects.count() == 0
    assert models.Neighbourhood.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "filename", "message"),
    [
        (b"title: [unclosed", "script.yaml", "geen geldige YAML (regel 1)"),
        (b'{"title": "x",', "script.json", "geen geldige JSON"),
        (b"\xff\xfe\x00", "script.yaml", "geen tekst in UTF-8"),
    ],
)
def test_an_unreadable_file_is_refused_in_dutch(raw, filename, message):
    with pytest.raises(ScriptError) as raised:
        parse_script(raw, filename=filename)
    assert message in raised.value.message
