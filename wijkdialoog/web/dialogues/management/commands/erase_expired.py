"""Erase the personal data of every dialogue whose retention has ended (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from wijkdialoog.web.dialogues.privacy import erase_dialogue, expired_dialogues


class Command(BaseCommand):
    help = (
        "Erase the personal data of the participants of closed dialogues whose retention "
        "(retention_days after closing) has ended; votes and statements stay, anonymous."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would go.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        expired = expired_dialogues(now=timezone.now())
        if not expired:
            self.stdout.write("No dialogue is past its retention.")
        for dialogue in expired:
            if dry_run:
                count = dialogue.participants.count()
                self.stdout.write(f"Would erase dialogue {dialogue.pk}: {count} participants")
                continue
            erasure = erase_dialogue(dialogue)
            self.stdout.write(f"Erased dialogue {dialogue.pk}: {erasure.participants} participants")
