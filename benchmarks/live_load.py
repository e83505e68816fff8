"""Load the live server with a simulated crowd over real websockets; compare with a bare echo.

One run, bounded in participants and time, on loopback only:

1. a throw-away var dir: migrate the SQLite database (with `--use-env` or `--workers` > 1:
   a throw-away PostgreSQL database next to DATABASE_URL's, and REDIS_URL), seed a
   dialogue of three questions and open the first through a conductor (as the
   facilitator's console would);
2. start the server (uvicorn, the settings of `wijkdialoog.web.server`, `--workers`
   processes) in a child process;
3. join N simulated participants over HTTP, connect their websockets, and let them act for
   `--duration` seconds: a vote on the inbox head after a think time of 2-6 s (about one
   vote per participant every 4 s once statements flow) and a statement every 30 s;
4. stop the server and look up every acknowledged statement and vote in the database;
5. replay the very same frames, at the same moments, over N connections to the bare
   echo server (`benchmarks/echo_server.py`): the baseline for the latencies.

The first `--warmup` seconds (statements start to flow) are left out of every figure.
`lost` counts the frames that got neither an acknowledgement nor a refusal by the end,
plus the acknowledged statements and votes missing from the database afterwards; `busy`
the frames refused at once because the conductor's queue was full (nothing changed).

Run from the repository root: `python benchmarks/live_load.py --participants 200`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from wijkdialoog.simulation.live_crowd import CrowdReport, run_crowd  # noqa: E402
from wijkdialoog.web import server  # noqa: E402  (no Django: it builds command lines)
from wijkdialoog.web.collector import collect_as_the_server  # noqa: E402

HOST = "127.0.0.1"

# Runs in a child process with Django set up: a dialogue of three questions whose first is
# opened through a conductor, before the server (the conductor's only other writer) runs.
SEED = """
import json, django
django.setup()
from wijkdialoog.web.dialogues import models, offline
hood = models.Neighbourhood.objects.create(name="Lastwijk", municipality="Utrecht")
d = models.Dialogue.objects.create(neighbourhood=hood, title="Belastingtest")
questions = [
    ("Wat gaat goed in de wijk?", "wijkgoed"),
    ("Wat moet beter?", "beter"),
    ("Wie pakt wat op?", "samen"),
]
for position, (title, hashtag) in enumerate(questions):
    models.ScriptItem.objects.create(
        dialogue=d, position=position, kind="question", title=title, hashtag=hashtag
    )
outcome = offline.open_next_item(d.pk)
assert outcome.accepted, outcome
print(json.dumps({"dialogue": d.pk, "code": d.invite_code}))
"""

STORED = """
import json, django
django.setup()
from wijkdialoog.web.dialogues import models
votes = models.VoteRecord.objects.filter(statement__dialogue_id={dialogue})
print(json.dumps({{
    "statements": list(
        models.Statement.objects.filter(dialogue_id={dialogue}).values_list("engine_id", flat=True)
    ),
    "votes": list(votes.values_list("participant_id", "statement__engine_id")),
    "events": models.Event.objects.filter(dialogue_id={dialogue}).count(),
}}))
"""

# With --time-server (or --profile-server) the server starts through this launcher
# (argv: out file, then uvicorn's arguments). It wraps the conductor's intents, batches
# and durable writes in timers, profiles the event loop's thread if
# WIJKDIALOOG_LOAD_PROFILE names a file, and writes both out when the server stops; the
# server code stays as it is. uvicorn re-raises SIGTERM after its shutdown, which would
# skip atexit: the handler it restores turns the signal into an ordinary exit.
TIMED_SERVER = """
import atexit, cProfile, json, os, signal, sys, time
from collections import defaultdict
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
from wijkdialoog.web import asgi  # sets Django up
from wijkdialoog.web.dialogues import conductor, eventlog
timings = defaultdict(list)
append, process, submit = eventlog.append, conductor.Conductor._process, conductor.Conductor._submit
def timed_append(*args, **kwargs):
    started = time.perf_counter()
    try:
        return append(*args, **kwargs)
    finally:
        timings["write_ms"].append((time.perf_counter() - started) * 1000)
async def timed_process(self, batch):
    started = time.perf_counter()
    try:
        return await process(self, batch)
    finally:
        timings["batch_ms"].append((time.perf_counter() - started) * 1000)
        timings["batch_size"].append(len(batch))
async def timed_submit(self, build, **kwargs):
    started = time.perf_counter()
    try:
        return await submit(self, build, **kwargs)
    finally:
        if kwargs.get("ref") is not None:
            timings["intent_ms"].append((time.perf_counter() - started) * 1000)
eventlog.append = timed_append
conductor.Conductor._process = timed_process
conductor.Conductor._submit = timed_submit
out = sys.argv.pop(1)
atexit.register(lambda: json.dump(timings, open(out, "w")))
if os.environ.get("WIJKDIALOOG_LOAD_PROFILE"):
    profiler = cProfile.Profile()
    atexit.register(lambda: profiler.dump_stats(os.environ["WIJKDIALOOG_LOAD_PROFILE"]))
    atexit.register(profiler.disable)
    profiler.enable()
import uvicorn
uvicorn.main(sys.argv[1:])
"""


# Set-up and the server --------------------------------------------------------


def raise_fd_limit(participants: int) -> None:
    """Two sockets per participant here (client and server) and room for the rest."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * participants + 1024))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def server_env(var_dir: Path, *, use_env: bool) -> dict[str, str]:
    env = server.server_env(var_dir, **server.SIMULATED_CROWD_LIMITS)
    if not use_env:  # the embedded default unless asked: SQLite under var_dir, no Redis
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        return env
    if not (env.get("DATABASE_URL") and env.get("REDIS_URL")):
        raise SystemExit("--use-env and --workers > 1 need DATABASE_URL and REDIS_URL")
    # A throw-away database and Redis prefix of this run's own (dropped at the end).
    name = f"wijkdialoog_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    env["WIJKDIALOOG_REDIS_PREFIX"] = name
    return env


def drop_database(env: dict[str, str]) -> None:
    url = env.get("DATABASE_URL", "")
    if "wijkdialoog_load_" in url:
        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run_python(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr}")
    return done.stdout


def start_server(
    port: int,
    env: dict[str, str],
    *,
    var_dir: Path,
    profile: Path | None,
    timed: bool,
    workers: int,
) -> subprocess.Popen[bytes]:
    command = server.uvicorn_command(HOST, port, workers=workers)
    if timed or profile is not None:
        launcher = var_dir / "timed_server.py"
        launcher.write_text(TIMED_SERVER)
        # [python, -m, uvicorn, app, ...] -> [python, launcher, timings file, app, ...]
        command = [command[0], str(launcher), str(var_dir / "timings.json"), *command[3:]]
    if profile is not None:
        env = {**env, "WIJKDIALOOG_LOAD_PROFILE": str(profile)}
    log = var_dir / "server.log"
    with open(log, "ab") as output:
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=output, stderr=output)
    server.wait_until_listening(HOST, port, process, timeout_s=60)
    return process


def start_echo(port: int, *, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(REPO / "benchmarks" / "echo_server.py"), "--port", str(port)]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=output)
    server.wait_until_listening(HOST, port, process, timeout_s=30)
    return process


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process and its worker processes have used so far (/proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


# The echo baseline -----------------------------------------------------------


@dataclass(slots=True)
class EchoRun:
    vote_acks: list[tuple[float, float]] = field(default_factory=list)  # (at, latency)
    sent: int = 0
    acked: int = 0
    started_at: float = 0.0
    ended_at: float = 0.0


async def replay_against_echo(
    url: str, schedule: list[list[tuple[float, str]]], *, grace_s: float
) -> EchoRun:
    """Send every bot's frames over its own connection at the same offsets; time the acks."""
    run = EchoRun()
    gate = asyncio.Semaphore(64)

    async def open_one() -> ClientConnection:
        async with gate:
            return await connect(url, compression=None, open_timeout=30, ping_interval=30)

    sockets = await asyncio.gather(*(open_one() for _ in schedule))
    run.started_at = time.perf_counter()
    sent_at: dict[str, tuple[float, str]] = {}

    async def listen(socket: ClientConnection) -> None:
        try:
            async for message in socket:
                ref = json.loads(message)["ref"]
                at = time.perf_counter()
                sent_time, kind = sent_at.pop(ref)
                run.acked += 1
                if kind == "vote":
                    run.vote_acks.append((at, at - sent_time))
        except ConnectionClosed:
            pass

    async def replay(socket: ClientConnection, frames: list[tuple[float, str]]) -> None:
        for offset, text in frames:
            await asyncio.sleep(max(0.0, run.started_at + offset - time.perf_counter()))
            frame = json.loads(text)
            sent_at[frame["ref"]] = (time.perf_counter(), frame["type"])
            run.sent += 1
            await socket.send(text)

    listeners = [asyncio.create_task(listen(socket)) for socket in sockets]
    await asyncio.gather(*(replay(s, frames) for s, frames in zip(sockets, schedule, strict=True)))
    run.ended_at = time.perf_counter()
    until = run.ended_at + grace_s
    while sent_at and time.perf_counter() < until:
        await asyncio.sleep(0.05)
    await asyncio.gather(*(socket.close() for socket in sockets))
    await asyncio.gather(*listeners)
    return run


# Figures -----------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def spread_ms(samples: list[tuple[float, float]], *, since: float) -> tuple[float, ...]:
    """(count, p50, p95, p99, max) in milliseconds of the samples taken from `since` on."""
    values = [latency * 1000 for at, latency in samples if at >= since]
    return (
        len(values),
        percentile(values, 0.50),
        percentile(values, 0.95),
        percentile(values, 0.99),
        max(values, default=0.0),
    )


def missing_rows(report: CrowdReport, stored: dict[str, Any]) -> tuple[int, int]:
    """(acknowledged statements, acknowledged votes) that the database does not hold."""
    statements = set(stored["statements"])
    votes = {(participant, statement) for participant, statement in stored["votes"]}
    return len(report.acked_statements - statements), len(report.acked_votes - votes)


def print_latencies(name: str, figures: tuple[float, ...]) -> None:
    count, p50, p95, p99, worst = figures
    print(
        f"  {name:<22} n={count:>6.0f}  p50={p50:7.1f} ms  p95={p95:7.1f} ms  "
        f"p99={p99:7.1f} ms  max={worst:7.1f} ms"
    )


def print_server_timings(timings: dict[str, list[float]]) -> None:
    """The conductor's own view, over the whole run (joins and leaves included)."""
    print("server timings (whole run, --time-server):")
    for name in ("intent_ms", "batch_ms", "write_ms", "batch_size"):
        values = timings.get(name, [])
        print(
            f"  {name:<11} n={len(values):>6}  mean={sum(values) / max(1, len(values)):7.2f}  "
            f"p50={percentile(values, 0.5):7.2f}  p95={percentile(values, 0.95):7.2f}  "
            f"p99={percentile(values, 0.99):7.2f}  max={max(values, default=0):7.2f}"
        )
    busy_s = sum(timings.get("batch_ms", [])) / 1000
    print(f"  the conductor was busy with batches for {busy_s:.1f} s in all")


# The run -----------------------------------------------------------------------


def progress(kind: str, data: dict[str, Any]) -> None:
    if kind != "reconnect":
        details = ", ".join(
            f"{key}={value:.1f}" if isinstance(value, float) else f"{key}={value}"
            for key, value in data.items()
        )
        print(f"  crowd {kind}: {details}", flush=True)


def load_server(args: argparse.Namespace, var_dir: Path) -> dict[str, Any]:
    env = server_env(var_dir, use_env=args.use_env)
    run_python(["manage.py", "migrate", "-v0"], env)
    seeded = json.loads(run_python(["-c", SEED], env).strip().splitlines()[-1])
    port = args.port or server.free_port()
    profile = Path(args.profile_server).resolve() if args.profile_server else None
    process = start_server(
        port, env, var_dir=var_dir, profile=profile, timed=args.time_server, workers=args.workers
    )
    cpu: dict[str, float] = {}

    def on_event(kind: str, data: dict[str, Any]) -> None:
        if kind in ("acting", "stopped"):
            cpu[f"server_{kind}"] = cpu_seconds(process.pid)
            cpu[f"client_{kind}"] = time.process_time()
        progress(kind, data)

    try:
        report = run_async(
            run_crowd(
                f"http://{HOST}:{port}",
                seeded["code"],
                participants=args.participants,
                duration_s=args.duration,
                seed=args.seed,
                post_every_s=args.post_every,
                think_s=(args.think_min, args.think_max),
                grace_s=args.grace,
                on_event=on_event,
            )
        )
    finally:
        server.stop(process, timeout_s=60)
    try:
        stored = json.loads(
            run_python(["-c", STORED.format(dialogue=seeded["dialogue"])], env).splitlines()[-1]
        )
    finally:
        drop_database(env)
    return {"report": report, "stored": stored, "cpu": cpu}


def load_echo(args: argparse.Namespace, var_dir: Path, report: CrowdReport) -> EchoRun:
    port = server.free_port()
    process = start_echo(port, log=var_dir / "echo.log")
    try:
        return run_async(
            replay_against_echo(f"ws://{HOST}:{port}/", report.schedule, grace_s=args.grace)
        )
    finally:
        server.stop(process)


def run_async(coroutine: Any) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def summarise(args: argparse.Namespace, live: dict[str, Any], echo: EchoRun) -> None:
    report: CrowdReport = live["report"]
    since = report.started_at + args.warmup
    window_s = report.ended_at - since
    votes_per_s = report.votes_acked_between(since, report.ended_at) / window_s
    acks = spread_ms(report.latencies.vote_acks, since=since)
    deliveries = spread_ms(report.latencies.deliveries(), since=since)
    echo_since = echo.started_at + args.warmup
    echoes = spread_ms(echo.vote_acks, since=echo_since)
    missing_statements, missing_votes = missing_rows(report, live["stored"])
    unanswered = sum(report.unanswered.values())
    lost = unanswered + missing_statements + missing_votes
    cpu = live["cpu"]
    acting_s = report.ended_at - report.started_at
    server_cpu = (cpu["server_stopped"] - cpu["server_acting"]) / acting_s
    client_cpu = (cpu["client_stopped"] - cpu["client_acting"]) / acting_s

    print(f"\nlive server, {args.participants} participants, {window_s:.1f} s measured:")
    print(f"  sent      {dict(report.sent)}  (resent {report.resent})")
    print(f"  acked     {dict(report.acked)}")
    refused = {f"{kind}/{code}": n for (kind, code), n in sorted(report.refused.items())}
    print(f"  refused   {refused}")
    print(f"  reconnect attempts {report.reconnect_attempts}, unanswered {dict(report.unanswered)}")
    print(
        f"  database  {len(live['stored']['statements'])} statements, "
        f"{len(live['stored']['votes'])} votes, {live['stored']['events']} events; "
        f"missing {missing_statements} statements, {missing_votes} votes"
    )
    print(f"  votes/s   {votes_per_s:.1f} acknowledged")
    print(f"  CPU       server {server_cpu:.0%} of a core, load client {client_cpu:.0%}")
    print_latencies("vote -> ack", acks)
    print_latencies("post -> other's inbox", deliveries)
    print(f"echo server, the same {echo.sent} frames ({echo.acked} acknowledged):")
    print_latencies("vote -> echo ack", echoes)
    ratio = acks[2] / echoes[2] if echoes[2] else float("inf")
    # Refused as "busy": answered at once, changed nothing (the overloaded conductor's way).
    busy = sum(n for (_, code), n in report.refused.items() if code == "busy")
    print(
        f"RESULT participants={args.participants} votes_per_s={votes_per_s:.1f} "
        f"p95_ack_ms={acks[2]:.1f} p95_echo_ms={echoes[2]:.1f} ratio_p95={ratio:.1f} "
        f"lost={lost} busy={busy} workers={args.workers}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, required=True)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of acting")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds left out first")
    parser.add_argument("--port", type=int, default=0, help="the live server's (default: free)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=6.0)
    parser.add_argument("--post-every", type=float, default=30.0, help="mean seconds")
    parser.add_argument("--grace", type=float, default=15.0, help="seconds to await answers")
    parser.add_argument(
        "--use-env", action="store_true", help="pass DATABASE_URL and REDIS_URL to the server"
    )
    parser.add_argument(
        "--profile-server", metavar="FILE", help="profile the server's event loop (cProfile)"
    )
    parser.add_argument(
        "--time-server", action="store_true", help="time the conductor's batches and writes"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (more than 1 implies --use-env)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary var dir")
    args = parser.parse_args()
    args.use_env = args.use_env or args.workers > 1
    if not 0 <= args.warmup < args.duration:
        parser.error("--warmup must lie between 0 and --duration")

    raise_fd_limit(args.participants)
    collect_as_the_server()  # the crowd's process, too
    var_dir = Path(tempfile.mkdtemp(prefix="wijkdialoog-load-"))
    try:
        live = load_server(args, var_dir)
        echo = load_echo(args, var_dir, live["report"])
        server_log = (var_dir / "server.log").read_text(errors="replace").strip()
        if server_log:
            print("server log (last lines):\n  " + "\n  ".join(server_log.splitlines()[-15:]))
        if args.time_server or args.profile_server:
            print_server_timings(json.loads((var_dir / "timings.json").read_text()))
        summarise(args, live, echo)
    finally:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
