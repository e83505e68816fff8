"""The demo: a dialogue in a fictional neighbourhood and a facilitator to run it."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db import transaction

from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.script_import import import_script, parse_script

DEMO_INVITE_CODE = "DEMO01"
DEMO_SCRIPT = Path(__file__).with_name("demo_script.yaml")


@transaction.atomic
def load_demo() -> models.Dialogue:
    """Return the demo dialogue, importing it from demo_script.yaml the first time."""
    found = models.Dialogue.objects.filter(invite_code=DEMO_INVITE_CODE).first()
    if found is not None:
        return found
    spec = parse_script(DEMO_SCRIPT.read_bytes(), filename=DEMO_SCRIPT.name)
    return import_script(spec, invite_code=DEMO_INVITE_CODE)


@transaction.atomic
def ensure_facilitator(
    username: str = "gespreksleider", password: str = "wijkdialoog"
) -> AbstractBaseUser:
    """Return a staff user who can open the console, with this password (reset if needed)."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    # The demo's one login runs every dialogue: a municipality administrator.
    user.user_permissions.add(Permission.objects.get(codename="administer_dialogues"))
    return user
