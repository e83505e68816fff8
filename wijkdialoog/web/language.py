"""Dutch first: the language is Dutch unless the visitor chose English with the switch."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Django's locale middleware without the browser's Accept-Language header.

    A Dutch neighbourhood dialogue should not switch to English because a phone is set
    to English; the language switch (a cookie) is the only way to English.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
