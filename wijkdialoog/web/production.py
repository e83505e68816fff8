"""`wijkdialoog serve`: the production path (docs/operations.md).

Checks that the setup can carry the processes asked for, migrates the database, then
replaces itself with uvicorn, so a service manager (systemd) supervises the server itself.
"""

from __future__ import annotations

import os

import click

from wijkdialoog.web import server


def check_setup(workers: int, environ: dict[str, str]) -> list[str]:
    """Return what is wrong with the environment for `workers` processes (empty: fine)."""
    problems = []
    database = environ.get("DATABASE_URL", "")
    if workers > 1 and not database.startswith(("postgres://", "postgresql://")):
        problems.append(
            "Meer dan één serverproces vraagt PostgreSQL: zet DATABASE_URL / "
            "more than one server process needs PostgreSQL: set DATABASE_URL."
        )
    if workers > 1 and not environ.get("REDIS_URL"):
        problems.append(
            "Meer dan één serverproces vraagt Redis: zet REDIS_URL / "
            "more than one server process needs Redis: set REDIS_URL."
        )
    if not environ.get("DJANGO_SECRET_KEY"):
        problems.append(
            "Zet DJANGO_SECRET_KEY op een lange geheime waarde / "
            "set DJANGO_SECRET_KEY to a long secret value."
        )
    return problems


def serve(*, host: str, port: int, workers: int) -> None:
    problems = check_setup(workers, dict(os.environ))
    if problems:
        raise click.ClickException(" ".join(problems))
    env = server.server_env()
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    click.echo(f"Wijkdialoog: {workers} server process(es) on http://{host}:{port}/", err=True)
    command = server.uvicorn_command(
        host, port, workers=workers, proxies=server.proxy_addresses(env)
    )
    os.chdir(server.REPO)
    os.execve(command[0], command, env)
