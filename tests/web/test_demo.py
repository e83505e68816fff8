"""The demo dialogue and its facilitator: loaded once, found again, ready to run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.demo import ensure_facilitator, load_demo

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent():
    first = load_demo()
    second = load_demo()
    assert first.pk == second.pk
    assert models.Dialogue.objects.count() == 1
    assert models.ScriptItem.objects.count() == first.items.count() >= 8
    assert first.invite_code == "DEMO01"


def test_the_demo_script_follows_the_reference_session():
    dialogue = load_demo()
    items = list(dialogue.items.order_by("position"))
    assert len(items) >= 8
    assert items[0].kind == "question" and "Waarom" in items[0].title  # the warm-up
    assert {item.kind for item in items} == {"question", "presentation", "poll"}
    assert any("kennisplatform" in item.title.lower() for item in items)
    assert items[-1].kind == "question" and items[-2].kind == "poll"  # the evaluation
    for item in items:
        assert item.introduction.count(".") >= 2, item.title
        if item.kind == "question":
            assert item.hashtag.startswith("#"), item.title
        if item.kind == "poll":
            assert len(item.poll_options) >= 2, item.title
    assert dialogue.neighbourhood.name == "De Componistenbuurt"


def test_ensure_facilitator_creates_staff_and_resets_the_password():
    user = ensure_facilitator(username="gespreksleider", password="eerste")
    assert user.is_staff
    again = ensure_facilitator(username="gespreksleider", password="tweede")
    assert again.pk == user.pk
    assert authenticate(username="gespreksleider", password="eerste") is None
    assert authenticate(username="gespreksleider", password="tweede") == user


def test_load_demo_command_prints_the_code_and_the_login():
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "DEMO01" in printed
    assert "gespreksleider / wijkdialoog" in printed
    assert models.Dialogue.objects.count() == 1
    assert authenticate(username="gespreksleider", password="wijkdialoog") is not None
