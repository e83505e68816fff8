"""A page asked while its dialogue's server process is changing hands, or while the
database is unreachable: 503 with a clear Dutch message, try again, instead of a 500."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import markcoroutinefunction
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from wijkdialoog.web.dialogues.cluster import OwnerUnavailable

RETRY_AFTER_S = 5

# Passing faults: the request changed nothing that was acknowledged, so trying again is safe.
PASSING = (OwnerUnavailable, OperationalError, InterfaceError)


class OwnerUnavailableMiddleware:
    """Answer a clear 503 instead of a server error while a dialogue moves (cluster.py)
    or the database is away (a restart, a fail-over, a network fault)."""

    async_capable = True
    sync_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        return await self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PASSING):
            return None
        message = _(
            "De dialoog is even niet bereikbaar. Probeer het over een paar seconden opnieuw."
        )
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "unavailable", "message": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_S)
        return response
