"""The `wijkdialoog` command: run simulated dialogues and replay real voting data."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wijkdialoog.simulation.engine_router import EngineRouter
from wijkdialoog.simulation.polis_data import PolisDataError, load_conversation
from wijkdialoog.simulation.replay import (
    Comparison,
    RouterFactory,
    baseline_factories,
    compare_routers,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Wijkdialoog: large online neighbourhood dialogues that find consensus."""


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
