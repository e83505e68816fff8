"""`make run`: a live demo dialogue on this machine, with simulated participants in it.

Migrates the embedded database, loads the demo neighbourhood and dialogue, opens its
first question, starts the server and lets simulated people join over real websockets.
A newcomer opens the printed link and takes part as one more participant.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from types import FrameType

import click

# The demo's facilitator login, printed for the newcomer; a demo, not a production account.
FACILITATOR = ("gespreksleider", "wijkdialoog")


def prepare() -> tuple[int, str, str, str]:
    """Migrate, load the demo and open its first item; return (dialogue, code, user, password)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkdialoog.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from wijkdialoog.web.dialogues import demo, offline

    call_command("migrate", verbosity=0)
    dialogue = demo.load_demo()
    username, password = FACILITATOR
    demo.ensure_facilitator(username=username, password=password)

    if dialogue.status != "closed":
        offline.open_first_item(dialogue.pk)
    return dialogue.pk, dialogue.invite_code, username, password


def run(*, host: str, port: int, participants: int, seed: int) -> None:
    from wijkdialoog.web import server

    _, code, username, password = prepare()
    base_url = f"http://{host}:{port}"
    process = server.start(host, port, server.server_env(**server.SIMULATED_CROWD_LIMITS))
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # until the crowd runs: as on Ctrl-C
    click.echo(
        "\n".join(
            [
                "",
                "Wijkdialoog draait / is running:",
                f"  Doe mee / take part:        {base_url}/d/{code}/   (code {code})",
                f"  Gespreksleider / console:   {base_url}/console/   "
                f"(login {username} / {password})",
                f"  Beheer / admin:             {base_url}/admin/",
                f"  {participants} gesimuleerde deelnemers doen mee / simulated participants.",
                "  Stop met / stop with Ctrl-C.",
                "",
            ]
        )
    )
    try:
        asyncio.run(_crowd_until_stopped(base_url, code, participants=participants, seed=seed))
    except KeyboardInterrupt:
        pass
    finally:
        server.stop(process)


async def _crowd_until_stopped(base_url: str, code: str, *, participants: int, seed: int) -> None:
    """Run the crowd until Ctrl-C or SIGTERM; either way its tasks are cancelled and finish."""
    from wijkdialoog.simulation.live_crowd import run_crowd

    # Inside the loop, SIGTERM cancels the crowd as Ctrl-C does; raising from a plain
    # signal handler would tear through the event loop and leave tasks pending.
    crowd = asyncio.current_task()
    assert crowd is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, crowd.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await run_crowd(base_url, code, participants=participants, duration_s=None, seed=seed)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
