"""The `wijkdialoog` command: run simulated dialogues and replay real voting data."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wijkdialoog.engine import session_figures, statement_outcomes
from wijkdialoog.simulation.crowd import simulate_session
from wijkdialoog.simulation.engine_router import EngineRouter
from wijkdialoog.simulation.figures_table import figures_table, top_synthetrons_line
from wijkdialoog.simulation.polis_data import PolisDataError, load_conversation
from wijkdialoog.simulation.replay import (
    Comparison,
    RouterFactory,
    baseline_factories,
    compare_routers,
)

if TYPE_CHECKING:
    from wijkdialoog.reports.record import SessionRecord


class OneLineErrors(click.Group):
    """A command group that reports a wrong option or argument on one line, no usage dump."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        forwarded = {"prog_name": prog_name, "complete_var": complete_var, **extra}
        if not standalone_mode:
            return super().main(args, standalone_mode=False, **forwarded)
        try:
            code = super().main(args, standalone_mode=False, **forwarded)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.format_message())
            sys.exit(error.exit_code)
        except click.UsageError as error:
            click.echo(f"Error: {error.format_message()} (see --help)", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Wijkdialoog: large online neighbourhood dialogues that find consensus."""


@main.command("simulate")
@click.option(
    "--participants",
    default=155,
    show_default=True,
    type=click.IntRange(1),
    help="How many synthetic people take part (residents, professionals, municipality).",
)
@click.option(
    "--minutes",
    default=90.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="How long the session lasts, in minutes; split over five questions.",
)
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=int,
    help="Number that fixes the random crowd: the same seed gives the same session.",
)
def simulate(participants: int, minutes: float, seed: int) -> None:
    """Run a session with a synthetic crowd and print its figures beside the benchmark.

    The crowd writes statements and reactions and votes on what the dialogue shows
    it, like people in a real session. Use it to try the method before a real evening.
    """
    session = simulate_session(participants=participants, minutes=minutes, seed=seed)
    state = session.dialogue.state
    click.echo(
        f"simulated session: {participants} participants, {minutes:g} minutes, "
        f"{len(session.item_ids)} questions, seed {seed}"
    )
    click.echo(figures_table(session_figures(state)))
    click.echo(top_synthetrons_line(statement_outcomes(state)))


def router_factories() -> dict[str, RouterFactory]:
    """Return the engine's routing and the three baselines it is measured against."""
    return {"engine": lambda rng: EngineRouter(rng), **baseline_factories()}


@main.command("replay-polis")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--views-per-statement",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="Attention every routing gets: showings per statement in total.",
)
@click.option(
    "--seeds",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="How many random samples of attention to average over.",
)
def replay_polis(folder: Path, views_per_statement: int, seeds: int) -> None:
    """Replay a published Polis conversation as a live session and score the routing.

    FOLDER holds the conversation's comments.csv and votes.csv. Each routing (the
    engine's, random, least-shown-first and Polis's priority rule) gets the same
    attention; the command prints how many of the statements the full data puts at
    Top/High each one finds (recall) and how many of its finds are right (precision).
    """
    try:
        conversation = load_conversation(folder)
    except PolisDataError as error:
        raise click.ClickException(f"{folder}: {error}") from None
    comparison = compare_routers(
        conversation, router_factories(), seeds=seeds, views_per_statement=views_per_statement
    )
    click.echo(format_comparison(comparison))


def format_comparison(comparison: Comparison) -> str:
    """Lay out the replay's scores as a table, with the machine-readable RESULT line last."""
    lines = [
        f"conversation {comparison.conversation}: {comparison.voters} voters, "
        f"{len(comparison.truth)} statements at Top/High in the full data",
        f"attention: {comparison.views_per_statement} showings per statement, "
        f"{comparison.seeds} seeds",
        f"{'routing':<12} {'recall':>7} {'sd':>6} {'min':>6} {'max':>6}"
        f" {'precision':>10} {'sd':>6}",
    ]
    for name, scores in comparison.scores.items():
        r, p = scores.recall_spread, scores.precision_spread
        lines.append(
            f"{name:<12} {r.mean:>7.3f} {r.sd:>6.3f} {r.minimum:>6.3f} {r.maximum:>6.3f} "
            f"{p.mean:>10.3f} {p.sd:>6.3f}"
        )
    recall = {name: s.recall_spread.mean for name, s in comparison.scores.items()}
    precision = {name: s.precision_spread.mean for name, s in comparison.scores.items()}
    best_baseline = max(recall["least_shown"], recall["polis"])
    votes = comparison.scores["engine"].votes_applied
    lines.append(
        f"RESULT recall_engine={recall['engine']:.3f} recall_random={recall['random']:.3f} "
        f"recall_least_shown={recall['least_shown']:.3f} recall_polis={recall['polis']:.3f} "
        f"ratio={_ratio(recall['engine'], recall['random'])} "
        f"ratio_best_baseline={_ratio(recall['engine'], best_baseline)} "
        f"precision_engine={precision['engine']:.3f} precision_random={precision['random']:.3f} "
        f"votes={votes}"
    )
    return "\n".join(lines)


@main.command("themes")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["nl", "en", "de"]),
    default="nl",
    show_default=True,
    help="Language of the statements (stop words and word forms).",
)
@click.option(
    "--out",
    "target",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the statements with their theme (CSV).",
)
def themes(source: Path, lang: str, target: Path) -> None:
    """Find the themes of each question's statements in a CSV (columns question, text).

    Every row is written back with a `theme` column holding its theme's label.
    """
    from wijkdialoog.reports.themes_csv import ThemesCsvError, label_csv

    try:
        counts = label_csv(source, target, lang=lang)
    except ThemesCsvError as error:
        raise click.ClickException(str(error)) from error
    for question, count in counts.items():
        click.echo(f"{count} themes: {question}")
    click.echo(f"written: {target}")


@main.command("report")
@click.argument("dialogue", required=False, metavar="[DIALOGUE]")
@click.option(
    "--polis",
    "polis_folder",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Report on a published Polis conversation: the folder with comments.csv and votes.csv.",
)
@click.option(
    "--simulated",
    type=click.IntRange(1),
    metavar="N",
    help="Report on a session with N simulated participants (to try the report out).",
)
@click.option(
    "--minutes",
    metavar="MINUTES",
    type=click.FloatRange(min=0, min_open=True),
    help="With --simulated: how long the session lasts, in minutes.  [default: 90]",
)
@click.option(
    "--seed",
    type=int,
    help="With --simulated: number that fixes the random crowd.  [default: 1]",
)
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    default="html,pdf,xlsx",
    show_default=True,
    help="Which files to write, separated by commas: html, pdf, xlsx, csv, json.",
)
@click.option(
    "--out",
    "out_dir",
    metavar="DIR",
    default=Path("rapport"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the files in; made if it does not exist.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the report's own text (statements stay as people wrote them).",
)
@click.option(
    "--name",
    "basename",
    metavar="NAME",
    help="Start of every file name, e.g. 'zuid-2025'.  [default: made from the title]",
)
def report(
    dialogue: str | None,
    polis_folder: Path | None,
    simulated: int | None,
    minutes: float | None,
    seed: int | None,
    formats: str,
    out_dir: Path,
    lang: str,
    basename: str | None,
) -> None:
    """Write the report of a dialogue: HTML page, PDF, Excel workbook, CSV or JSON.

    DIALOGUE is the invitation code of a dialogue on this server (the six characters
    participants type to join). Instead, give --polis DIR for a Polis conversation, or
    --simulated N to see what a report looks like. The report holds the figures beside
    the benchmark, the themes per question with quotes, the synthetrons (broadly
    supported statements), the bipotrons (dividing ones) and the polls; the workbook holds
    every statement with its votes.

    \b
    Examples:
      wijkdialoog report K7M2QX --format pdf,xlsx --out rapport-zuid
      wijkdialoog report --polis data/polis/london.youth.policing --format xlsx,csv
      wijkdialoog report --simulated 155 --lang en
    """
    from wijkdialoog.reports.build import build_report
    from wijkdialoog.reports.formats import basename_for, write_formats

    started = time.perf_counter()
    _check_report_options(dialogue, polis_folder, simulated, minutes, seed, basename)
    wanted = _report_formats(formats)
    if dialogue is not None:
        record = _dialogue_record(dialogue)
    elif polis_folder is not None:
        record = _polis_record(polis_folder)
    else:
        record = _simulated_record(
            simulated or 1,
            minutes=90.0 if minutes is None else minutes,
            seed=1 if seed is None else seed,
        )
    content = build_report(record, lang=lang)
    try:
        written = write_formats(content, wanted, out_dir, basename or basename_for(content.title))
    except OSError as error:
        raise click.ClickException(f"cannot write the report to {out_dir}: {error}") from None
    for path in written:
        click.echo(f"written: {path}")
    click.echo(f"report ready in {time.perf_counter() - started:.1f} s")


def _check_report_options(
    dialogue: str | None,
    polis_folder: Path | None,
    simulated: int | None,
    minutes: float | None,
    seed: int | None,
    basename: str | None,
) -> None:
    """Refuse what cannot be meant before any slow work: exactly one source, a plain name."""
    sources = [dialogue is not None, polis_folder is not None, simulated is not None]
    if sum(sources) != 1:
        raise click.UsageError("give one source: a DIALOGUE code, --polis DIR or --simulated N")
    if simulated is None and (minutes is not None or seed is not None):
        raise click.UsageError("--minutes and --seed go with --simulated")
    if basename is not None and (not basename.strip() or any(c in basename for c in "/\\")):
        raise click.BadParameter("give a file name without folders", param_hint="'--name'")


def _report_formats(text: str) -> tuple[str, ...]:
    from wijkdialoog.reports.formats import parse_formats

    try:
        return parse_formats(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--format'") from None


def _dialogue_record(code: str) -> SessionRecord:
    """The record of the dialogue with this invitation code, read from the web app's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkdialoog.web.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from wijkdialoog.web.dialogues.report_record import dialogue_by_code, record_for_dialogue

    try:
        found = dialogue_by_code(code)
        if found is None:
            raise click.ClickException(f"no dialogue with invitation code {code!r}")
        return record_for_dialogue(found)
    except DatabaseError as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise click.ClickException(f"cannot read the dialogues database: {message}") from None


def _polis_record(folder: Path) -> SessionRecord:
    from wijkdialoog.reports.record import from_polis

    try:
        return from_polis(folder)
    except PolisDataError as error:
        raise click.ClickException(f"{folder}: {error}") from None


def _simulated_record(participants: int, *, minutes: float, seed: int) -> SessionRecord:
    from wijkdialoog.reports.record import from_simulation

    return from_simulation(simulate_session(participants=participants, minutes=minutes, seed=seed))


@main.command("demo")
@click.option(
    "--participants",
    default=40,
    show_default=True,
    type=click.IntRange(0),
    help="How many simulated people join the demo dialogue.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=int,
    help="Makes the simulated people behave the same every run.",
)
def demo(participants: int, host: str, port: int, seed: int) -> None:
    """Run the live demo dialogue in the browser, with simulated participants."""
    from wijkdialoog.web.live_demo import run as run_demo

    run_demo(host=host, port=port, participants=participants, seed=seed)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; more than one needs DATABASE_URL (PostgreSQL) and REDIS_URL.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Run the server for real: migrate the database, then serve (docs/operations.md)."""
    from wijkdialoog.web.production import serve as serve_production

    serve_production(host=host, port=port, workers=workers)


@main.command("erase-expired")
@click.option("--dry-run", is_flag=True, help="Only list the dialogues that would be erased.")
def erase_expired(dry_run: bool) -> None:
    """Erase personal data of dialogues past their retention (run daily; docs/operations.md)."""
    _django_command("erase_expired", *(["--dry-run"] if dry_run else []))


@main.command("erase-participant")
@click.option("--dialogue", type=click.IntRange(1), required=True, help="The dialogue's id.")
@click.option(
    "--participant",
    type=click.IntRange(1),
    required=True,
    help='The participant\'s number ("number" in their own-data download).',
)
@click.option(
    "--remove-statements",
    is_flag=True,
    help="Also replace the text of their statements and poll explanations.",
)
def erase_participant(dialogue: int, participant: int, remove_statements: bool) -> None:
    """Erase one participant's personal data on request; votes and statements stay."""
    args = ["--dialogue", str(dialogue), "--participant", str(participant)]
    _django_command(
        "erase_participant", *args, *(["--remove-statements"] if remove_statements else [])
    )


def _django_command(name: str, *args: str) -> None:
    """Run one of the web app's management commands, for installs without manage.py."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkdialoog.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(name, *args)
    except CommandError as error:
        raise click.ClickException(str(error)) from None


def _ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.3f}" if baseline else "nan"


def run() -> None:
    """Run the command; any unexpected error becomes one line and exit code 1."""
    try:
        main(standalone_mode=True)
    except Exception as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)


__all__ = ["main", "run"]


if __name__ == "__main__":
    run()
