"""Limits per client address and minute on what anyone may do without an account.

Joining, logging in, trying invitation codes and opening participant sockets are
counted per address in Django's cache: in Redis when REDIS_URL is set, so all server
processes count together, else in the process's memory (one process). The address is
the one uvicorn hands over; it believes X-Forwarded-For only from the proxy's address
(server.py), so nobody can pick their own. Limits and defaults: settings.py and
docs/operations.md, "Security".
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from redis.exceptions import RedisError

from wijkdialoog.web.dialogues.protocol import Refusal

log = logging.getLogger(__name__)

WINDOW_S = 60
LIMIT_SETTINGS = {
    "joins": "WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS",
    "logins": "WIJKDIALOOG_LOGINS_PER_MINUTE_PER_ADDRESS",
    "code_misses": "WIJKDIALOOG_CODE_MISSES_PER_MINUTE_PER_ADDRESS",
    "sockets": "WIJKDIALOOG_SOCKETS_PER_MINUTE_PER_ADDRESS",
}
REFUSAL = Refusal("too_many_attempts")

View = Callable[..., HttpResponse]


def address_of(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def address_in_scope(scope: dict[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


def counted_address(address: str) -> str:
    """An IPv4 address as it is; an IPv6 one by its /64, which one home or phone gets whole."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@functools.cache
def _counters() -> BaseCache:
    # Django gives every request and socket (each asyncio task) a cache object of its
    # own, and with Redis each its own connection pool; one per process is enough.
    return caches.create_connection("default")


def _key(kind: str, address: str, now: float) -> str:
    return f"address-limit:{kind}:{counted_address(address)}:{int(now // WINDOW_S)}"


def _retry_after_s(now: float) -> int:
    return max(1, WINDOW_S - int(now % WINDOW_S))


def count(kind: str, address: str) -> int:
    """Count one attempt; return the seconds to wait if it is over the limit, else 0."""
    now = time.time()
    key = _key(kind, address, now)
    try:
        # Twice the window: the key cannot expire within its own minute.
        _counters().add(key, 0, timeout=2 * WINDOW_S)
        try:
            attempts = _counters().incr(key)
        except ValueError:  # dropped by a full in-memory cache in between
            attempts = 1
            _counters().set(key, attempts, timeout=2 * WINDOW_S)
    except RedisError:
        # Without Redis the sockets fail anyway; a join should not fail because of us.
        log.warning("address limits not counted: Redis unreachable")
        return 0
    limit: int = getattr(settings, LIMIT_SETTINGS[kind])
    return _retry_after_s(now) if attempts > limit else 0


def wait_s(kind: str, address: str) -> int:
    """Without counting: the seconds to wait if the address is over the limit, else 0."""
    now = time.time()
    try:
        attempts = _counters().get(_key(kind, address, now), 0)
    except RedisError:
        return 0
    limit: int = getattr(settings, LIMIT_SETTINGS[kind])
    return _retry_after_s(now) if attempts >= limit else 0


def too_many_page(request: HttpRequest, retry_after_s: int) -> HttpResponse:
    response = render(request, "too_many_attempts.html", {"message": REFUSAL.message}, status=429)
    response["Retry-After"] = str(retry_after_s)
    return response


def too_many_json(request: HttpRequest, retry_after_s: int) -> HttpResponse:
    answer = {"code": REFUSAL.code, "message": REFUSAL.message, "retry_after": retry_after_s}
    response = JsonResponse(answer, status=429)
    response["Retry-After"] = str(retry_after_s)
    return response


Answer = Callable[[HttpRequest, int], HttpResponse]


def limit_posts(kind: str, *, answer: Answer = too_many_page) -> Callable[[View], View]:
    """Count a view's POSTs per address; over the limit, answer 429 without calling it."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                retry_after_s = count(kind, address_of(request))
                if retry_after_s:
                    return answer(request, retry_after_s)
            return view(request, *args, **kwargs)

        return limited

    return decorate


def refuse_code_guessers(view: View) -> View:
    """Answer 429 to an address with too many unknown invitation codes this minute, before
    the view looks its code up: a right guess must not stand out among the refusals."""
    if iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # A cache call may wait for Redis: not on the event loop, nor the database's thread.
            check = sync_to_async(wait_s, thread_sensitive=False)
            retry_after_s = await check("code_misses", address_of(request))
            if retry_after_s:
                return await sync_to_async(too_many_page)(request, retry_after_s)
            return await view(request, *args, **kwargs)

        return async_view

    @functools.wraps(view)
    def sync_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        retry_after_s = wait_s("code_misses", address_of(request))
        if retry_after_s:
            return too_many_page(request, retry_after_s)
        return view(request, *args, **kwargs)

    return sync_view


def count_code_miss(request: HttpRequest) -> None:
    count("code_misses", address_of(request))
