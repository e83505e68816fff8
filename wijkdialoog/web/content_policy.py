"""A strict Content-Security-Policy on every response that does not set its own.

Our pages load their scripts and styles from /static/ only and have no inline script,
no inline style and no event-handler attributes, so a script smuggled into user text
would not run even if it escaped the templates. A view with other needs sets its own
header (the report, views_report.py), which is then left alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import markcoroutinefunction
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def policy_for(request: HttpRequest) -> str:
    """The site's policy, allowing websockets to this host: older browsers do not count
    ws: and wss: as 'self' (CSP level 2), so the socket origins are named."""
    try:
        host = request.get_host()  # checked against ALLOWED_HOSTS: no ";" or space in it
    except DisallowedHost:
        return f"{POLICY}; connect-src 'self'"
    return f"{POLICY}; connect-src 'self' ws://{host} wss://{host}"


class ContentSecurityPolicyMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        response = await self.get_response(request)
        if HEADER in response:
            return response
        # Django's own error pages with DEBUG on carry inline script and style.
        if settings.DEBUG and response.status_code >= 400:
            return response
        response[HEADER] = policy_for(request)
        return response
