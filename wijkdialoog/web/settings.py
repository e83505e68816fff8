"""Django settings. Embedded default: SQLite under var/ and Channels' in-memory layer.

With DATABASE_URL set the database is that one (PostgreSQL in production); with
REDIS_URL set the channel layer is channels_redis (docs/decisions.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def _switch(name: str) -> bool:
    """An on/off variable: "1" or "0" (unset is off); anything else stops start-up."""
    value = os.environ.get(name, "0")
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")
    return value == "1"


def _count(name: str, default: int) -> int:
    """A whole number from the environment; a typo stops start-up instead of a limit of 0."""
    value = os.environ.get(name, str(default))
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    return int(value)


BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("WIJKDIALOOG_VAR", BASE_DIR.parent.parent / "var"))

# A development key unless the operator sets one; never use the default in production.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "wijkdialoog-development-key-not-for-production")
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "wijkdialoog.web.dialogues",
]

MIDDLEWARE = [
    "wijkdialoog.web.content_policy.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijkdialoog.web.language.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wijkdialoog.web.unavailable.OwnerUnavailableMiddleware",
]

ROOT_URLCONF = "wijkdialoog.web.urls"
ASGI_APPLICATION = "wijkdialoog.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_sqlite_path = VAR_DIR / "wijkdialoog.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{_sqlite_path}"), conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets pages read while the conductor writes; "IMMEDIATE" avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Keep the conductor's connection open: a fresh one per batch tripled the write's
    # cost (docs/benchmarks.md, "Live load").
    DATABASES["default"]["CONN_MAX_AGE"] = None
    # Tests get a file too: Django's in-memory test database shares one cache between
    # threads and then fails with "table is locked" instead of waiting (the conductor
    # writes from its own thread).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-wijkdialoog.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the database or the test database
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASE_NETWORK_TIMEOUTS = {
        "connect_timeout": 5,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 15_000,  # ms: unacknowledged data this long breaks the link
    }
    # The same from the database's side. Across a network fault the database may hear
    # nothing and keep the connection, with its locks (a lease, the rows of a
    # half-written batch), for the kernel's two hours: every writer after it would wait.
    # A transaction waits this long at most for its client; a silent client is probed.
    DATABASE_SERVER_SETTINGS = {
        "idle_in_transaction_session_timeout": "15s",
        **{
            f"tcp_{name}": DATABASE_NETWORK_TIMEOUTS[name]
            for name in ("keepalives_idle", "keepalives_interval", "keepalives_count")
        },
        "tcp_user_timeout": DATABASE_NETWORK_TIMEOUTS["tcp_user_timeout"],
    }
    _url_options = DATABASES["default"].get("OPTIONS", {})
    DATABASE_NETWORK_TIMEOUTS["options"] = " ".join(
        [_url_options.get("options", "")]
        + [f"-c {name}={value}" for name, value in DATABASE_SERVER_SETTINGS.items()]
    ).strip()
    # Under ASGI each request runs its database work in a thread of its own, and a kept
    # connection per thread exhausted PostgreSQL's 100 connections at 1,000 joins. A
    # pool per process (psycopg_pool, through Django) lends connections and takes them
    # back; kept connections must then be off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The pool checks a connection before lending it: one broken by a database restart
    # or a network fault is replaced, not found broken by the query it was lent for.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        **_url_options,  # sslmode=require and the like, from DATABASE_URL
        "pool": {
            "min_size": 2,
            "max_size": int(os.environ.get("WIJKDIALOOG_DB_POOL", 10)),
            "timeout": 20,
        },
        # A database that went away without closing the connection (a network fault,
        # a fail-over) must fail a query within seconds, not hold a thread for the
        # kernel's quarter of an hour.
        **DATABASE_NETWORK_TIMEOUTS,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [os.environ["REDIS_URL"]],
                # One Redis may serve several installations (or test runs): each its own.
                "prefix": os.environ.get("WIJKDIALOOG_REDIS_PREFIX", "wijkdialoog"),
                # Intents for a dialogue's owner and frames for each server process
                # (dialogues/cluster.py) come in bursts; a full channel means its reader
                # is gone.
                "channel_capacity": {"conductor.*": 20_000, "specific.*": 5_000},
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Counters shared by the server processes: the limits per address (address_limits.py).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Apart from the channel layer's keys, which use the prefix itself.
            "KEY_PREFIX": os.environ.get("WIJKDIALOOG_REDIS_PREFIX", "wijkdialoog") + "-cache",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the counters of many addresses: a full cache drops a third of them.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "console:login"

# Limits on what one participant may send (docs/method.md, "The live server").
WIJKDIALOOG_STATEMENTS_PER_MINUTE = int(os.environ.get("WIJKDIALOOG_STATEMENTS_PER_MINUTE", 10))
WIJKDIALOOG_VOTES_PER_MINUTE = int(os.environ.get("WIJKDIALOOG_VOTES_PER_MINUTE", 60))
# Statements, votes and poll answers waiting for a dialogue's conductor beyond which new
# ones are refused as "busy" at once, rather than answered after a long wait (a few
# seconds of work at the conductor's pace; joining and reading are never refused).
WIJKDIALOOG_CONDUCTOR_QUEUE_LIMIT = int(os.environ.get("WIJKDIALOOG_CONDUCTOR_QUEUE_LIMIT", 1000))

# Limits per client address and minute on what needs no account (docs/operations.md,
# "Security"). Generous: a whole town-hall evening may share one public address.
WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS = _count("WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS", 300)
WIJKDIALOOG_LOGINS_PER_MINUTE_PER_ADDRESS = _count("WIJKDIALOOG_LOGINS_PER_MINUTE_PER_ADDRESS", 30)
WIJKDIALOOG_CODE_MISSES_PER_MINUTE_PER_ADDRESS = _count(
    "WIJKDIALOOG_CODE_MISSES_PER_MINUTE_PER_ADDRESS", 100
)
WIJKDIALOOG_SOCKETS_PER_MINUTE_PER_ADDRESS = _count(
    "WIJKDIALOOG_SOCKETS_PER_MINUTE_PER_ADDRESS", 1000
)

# Safe whether or not TLS is in front: no script reads our cookies, no other site
# posts with them or frames our pages, no browser guesses a content type.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # the forms carry the token; no script reads the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # a followed link never carries the invitation code
X_FRAME_OPTIONS = "DENY"

# Behind TLS (docs/operations.md, "Security"). The scheme comes from uvicorn, which
# believes X-Forwarded-Proto only from the proxy's address (server.py), so Django
# itself trusts no proxy header (no SECURE_PROXY_SSL_HEADER).
WIJKDIALOOG_HTTPS = _switch("WIJKDIALOOG_HTTPS")
SESSION_COOKIE_SECURE = WIJKDIALOOG_HTTPS
CSRF_COOKIE_SECURE = WIJKDIALOOG_HTTPS
SECURE_SSL_REDIRECT = WIJKDIALOOG_HTTPS
SECURE_HSTS_SECONDS = _count("WIJKDIALOOG_HSTS_SECONDS", 31_536_000) if WIJKDIALOOG_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = WIJKDIALOOG_HTTPS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"wijkdialoog": {"level": "INFO"}},
}
