"""The ASGI application: Django's pages and the live websockets (served by uvicorn)."""

from __future__ import annotations

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkdialoog.web.settings")
django_application = get_asgi_application()  # sets Django up before the imports below

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from wijkdialoog.web.dialogues.routing import websocket_urlpatterns  # noqa: E402

# Rarer collections: their cost grows with every object alive, not with the work done,
# and gave p99 spikes of 145-270 ms at 3,000 connections (docs/architecture.md).
gc.set_threshold(50_000, 50, 100)

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
