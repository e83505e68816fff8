"""Erase one participant's personal data on their request (docs/operations.md, "Privacy")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.privacy import ErasureRefused, erase_participant


class Command(BaseCommand):
    help = (
        "Erase a participant's pseudonym, e-mail address and open intake answers, and "
        "invalidate their device cookie; their votes and statements stay, anonymous. "
        "The dialogue must be closed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dialogue", type=int, required=True, help="The dialogue's id.")
        parser.add_argument(
            "--participant",
            type=int,
            required=True,
            help='The participant\'s number ("number" in their own-data download).',
        )
        parser.add_argument(
            "--remove-statements",
            action="store_true",
            help="Also replace the text of their statements and poll explanations.",
        )

    def handle(
        self, *args: Any, dialogue: int, participant: int, remove_statements: bool, **options: Any
    ) -> None:
        found = models.Participant.objects.filter(pk=participant, dialogue_id=dialogue).first()
        if found is None:
            raise CommandError(f"dialogue {dialogue} has no participant {participant}")
        # Operators read English here, as from the `wijkdialoog` command (the erasure
        # itself stores no translated text).
        with translation.override("en"):
            try:
                erasure = erase_participant(found, remove_statements=remove_statements)
            except ErasureRefused as refused:
                raise CommandError(refused.message) from None
        self.stdout.write(f"Erased the personal data of participant {participant}.")
        if remove_statements:
            self.stdout.write(f"Removed the text of {erasure.statements_removed} statements.")
        if erasure.public_page_renewed:
            self.stdout.write("The published public page was rendered again without them.")
