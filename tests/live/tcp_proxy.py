"""A TCP proxy in front of PostgreSQL that can cut the network between server and database.

A cut is a real network fault, not a database restart: the server's connections break
and new ones are refused for a while, but the database hears nothing. Its side of every
connection stays open, with whatever it held (locks, a half-written transaction), as it
would across a partition until its keepalive gives up. `close` ends everything.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class TcpProxy:
    def __init__(self, target: str) -> None:
        self.target = target
        host, _, port = target.partition(":")
        self._address = (host, int(port or 5432))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()  # over _open, _pairs and _severed together
        self._open = True
        self._pairs: list[tuple[socket.socket, socket.socket]] = []  # (server's, database's)
        self._severed: set[socket.socket] = set()  # the server's sides a cut broke
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self, seconds: float) -> None:
        """Break every connection on the server's side only; refuse new ones meanwhile."""
        with self._lock:
            self._open = False
            for client, _ in self._pairs:
                self._severed.add(client)
                _shut(client)
        time.sleep(seconds)
        with self._lock:
            self._open = True

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                _shut(sock)
                sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            # Under the lock: a connection is refused, or it is there for the next cut.
            with self._lock:
                if not self._open:
                    client.close()  # unreachable: refused at once
                    continue
                try:
                    upstream = socket.create_connection(self._address)
                except OSError:
                    client.close()
                    continue
                self._pairs.append((client, upstream))
            threading.Thread(target=self._forward, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._backward, args=(upstream, client), daemon=True).start()

    def _forward(self, client: socket.socket, upstream: socket.socket) -> None:
        """Server to database. The server closing a connection is passed on; a cut is not."""
        _copy(client, upstream)
        with self._lock:
            severed = client in self._severed
        if not severed:
            _shut(upstream)

    def _backward(self, upstream: socket.socket, client: socket.socket) -> None:
        """Database to server, until either side ends it."""
        _copy(upstream, client)
        _shut(client)


def _copy(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)


def _shut(sock: socket.socket) -> None:
    """End a connection; a thread waiting on it wakes. Only `close` frees the socket,
    so no thread ever uses a number the system has handed to another socket."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
