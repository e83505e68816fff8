"""A bare asyncio `websockets` server that acknowledges every frame: the live load's baseline.

It answers each text frame at once with the live server's acknowledgement shape,
`{"type": "ack", "ref": ..., "statement": null}`, so the same frames at the same times
measure what the network, the websocket library and the event loop cost on their own.
The same settings as the live server: uvloop when installed (uvicorn's default), no
per-message deflate, a ping every 30 s and the collector thresholds of the server
(wijkdialoog/web/collector.py).

Run: `python benchmarks/echo_server.py --port 8765` (loopback only); stop with Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import signal

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed


def ack_for(message: str | bytes) -> str:
    """Return the acknowledgement of one frame (a frame without a ref gets `ref: null`)."""
    try:
        frame = json.loads(message)
    except ValueError:
        frame = None
    ref = frame.get("ref") if isinstance(frame, dict) else None
    return json.dumps({"type": "ack", "ref": ref, "statement": None}, separators=(",", ":"))


async def acknowledge(socket: ServerConnection) -> None:
    with contextlib.suppress(ConnectionClosed):
        async for message in socket:
            await socket.send(ack_for(message))


async def serve_until_stopped(port: int) -> None:
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.cancel)
    async with serve(
        acknowledge,
        "127.0.0.1",
        port,
        compression=None,
        ping_interval=30,
        ping_timeout=30,
        max_size=4096,
        backlog=2048,
    ):
        with contextlib.suppress(asyncio.CancelledError):
            await stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # wijkdialoog/web/collector.py's thresholds, written out: this file loads no project code.
    gc.set_threshold(50_000, 50, 100)
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve_until_stopped(args.port))
    else:
        uvloop.run(serve_until_stopped(args.port))


if __name__ == "__main__":
    main()
