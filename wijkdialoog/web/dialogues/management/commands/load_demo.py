"""Load the demo dialogue and its facilitator; print how to get in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from wijkdialoog.web.dialogues.demo import ensure_facilitator, load_demo


class Command(BaseCommand):
    help = "Load the demo dialogue (invite code DEMO01) and a facilitator login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="gespreksleider")
        parser.add_argument("--password", default="wijkdialoog")

    def handle(self, *args: Any, username: str, password: str, **options: Any) -> None:
        dialogue = load_demo()
        ensure_facilitator(username=username, password=password)
        self.stdout.write(f"Demo dialogue: {dialogue.title} ({dialogue.items.count()} items)")
        join = reverse("participant:join", args=[dialogue.invite_code])
        self.stdout.write(f"Invite code:   {dialogue.invite_code}  (participants: {join})")
        self.stdout.write(f"Console:       {reverse('console:dialogue', args=[dialogue.pk])}")
        self.stdout.write(f"Facilitator:   {username} / {password}")
