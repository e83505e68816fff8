"""Migration 0004_privacy moves e-mail addresses to their own table, and back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("dialogues", "0003_staff_roles")]
AFTER = [("dialogues", "0004_privacy")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets`; return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0003(transactional_db: None) -> Iterator[Any]:
    yield migrate(BEFORE)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # as the other tests need


def participants_before(apps: Any) -> dict[str, int]:
    Neighbourhood = apps.get_model("dialogues", "Neighbourhood")
    Dialogue = apps.get_model("dialogues", "Dialogue")
    Participant = apps.get_model("dialogues", "Participant")
    wijk = Neighbourhood.objects.create(name="Testwijk")
    dialogue = Dialogue.objects.create(neighbourhood=wijk, title="Oud", invite_code="OUD001")
    people = [("Anna", "yes", "anna@example.org"), ("Bram", "no", "bram@example.org")]
    people.append(("Cees", "maybe", ""))
    ids = {}
    for number, (name, keep_informed, email) in enumerate(people):
        ids[name] = Participant.objects.create(
            dialogue=dialogue,
            pseudonym=name,
            role="resident",
            organisation_type="none",
            scale="street",
            keep_informed=keep_informed,
            email=email,
            device_token=f"token-{number}",
        ).pk
    return ids


def test_addresses_move_apart_and_back(at_0003) -> None:
    ids = participants_before(at_0003)

    apps = migrate(AFTER)
    ContactAddress = apps.get_model("dialogues", "ContactAddress")
    Participant = apps.get_model("dialogues", "Participant")
    moved = {c.participant_id: (c.email, c.purpose) for c in ContactAddress.objects.all()}
    # Bram answered "no": the intake would not have kept his address, so it does not move.
    assert moved == {ids["Anna"]: ("anna@example.org", "outcomes")}
    assert "email" not in {field.name for field in Participant._meta.get_fields()}
    anna = Participant.objects.get(pk=ids["Anna"])
    assert ContactAddress.objects.get().created_at == anna.joined_at

    apps = migrate(BEFORE)
    Participant = apps.get_model("dialogues", "Participant")
    emails = dict(Participant.objects.values_list("pseudonym", "email"))
    assert emails == {"Anna": "anna@example.org", "Bram": "", "Cees": ""}


def test_a_dialogue_closed_before_is_dated_by_its_last_event(at_0003) -> None:
    participants_before(at_0003)
    Dialogue = at_0003.get_model("dialogues", "Dialogue")
    Event = at_0003.get_model("dialogues", "Event")
    dialogue = Dialogue.objects.get()
    dialogue.status = "closed"
    dialogue.save()
    for seq in (1, 2):
        Event.objects.create(dialogue=dialogue, seq=seq, kind="tick", payload={"type": "tick"})
    last = Event.objects.get(seq=2).recorded_at

    apps = migrate(AFTER)
    assert apps.get_model("dialogues", "Dialogue").objects.get().closed_at == last
