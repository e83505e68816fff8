"""Settings for the tests in this process: the server's, without the connection pool.

Django's test clients keep each request thread's database connection (they switch off
closing it when the request ends), so a pool would run dry; servers the tests start in
child processes use the real settings, pool included.
"""

from wijkdialoog.web.settings import *  # noqa: F403
from wijkdialoog.web.settings import DATABASES

DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
