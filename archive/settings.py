"""One settings module for every machine; what differs between machines comes from the environment.

DJANGO_DEBUG           "1" for local development (the Makefile sets it); off by default.
DJANGO_SECRET_KEY      required when DEBUG is off: production refuses to start without it.
DJANGO_ALLOWED_HOSTS   comma-separated host names (default: localhost names only).
DATABASE_URL           e.g. postgres://user@127.0.0.1:5432/archive; SQLite (db.sqlite3) when unset.
SQLITE_PATH            where the embedded database lives when DATABASE_URL is unset.
SEARCH_BACKEND_URL     optional OpenSearch/Elasticsearch URL (see README, "Search").
DJANGO_DEVTOOLS        "1": install the development tools of bench/ (generate_synthetic) even with
                       DEBUG off; default: on with DEBUG or under the test runner.
REDIS_URL              e.g. redis://127.0.0.1:6379/0: a cache shared by every worker (local memory
                       per process when unset).
DJANGO_ADMIN_REQUIRE_2FA  "1": every staff user must sign in with a TOTP code (docs/operations.md).
DJANGO_PAGE_CACHE_SECONDS  server-side cache of anonymous pages (default 600; 0 in development).
DJANGO_PUBLIC_MAX_AGE  Cache-Control max-age of anonymous pages (default 300; 0 in development).
DATABASE_REPLICA_URL   a PostgreSQL streaming replica for anonymous readers' pages (archive/replica.py).
DJANGO_COMPUTED_CACHE_SECONDS  facet counts and list totals cached until the next write (default
                       3600; 0 in development).
DJANGO_LOG_FORMAT      "json" (default when DEBUG is off) or "text".
ARCHIVE_CONTACT_EMAIL  where readers report errors and missing meetings (/about/; a placeholder
                       address at example.org when unset: set it in production).
ARCHIVE_HOME_COUNTRY   the country whose meetings the archive gathers (default JP): /about/ counts
                       the other countries as counterparts.
Everything operational is described in docs/operations.md.
"""

import importlib.util
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # As djangoproject.com does: never run in production with a guessable key.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. For local development, "
            "use `make run` (it sets DJANGO_DEBUG=1) or export DJANGO_DEBUG=1."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG=1"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # whitenoise serves static files under runserver too, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "meetings",
    # Full-text search (meetings/search/): the search document, its index, signals and backends.
    "meetings.search",
    # Open data (meetings/opendata/): API, feeds, calendar, CSV, sitemaps, the dump and its commands.
    "meetings.opendata.apps.OpenDataConfig",
    # The release importer (meetings/importer/): extraction, the admin import page, its commands.
    "meetings.importer",
    # The project package as an app: connects the cache-invalidation signals in every process.
    "archive.apps.ArchiveConfig",
]

MIDDLEWARE = [
    # First, so every log line of the request, even from the middleware below, carries its ID.
    "archive.request_ids.RequestIDMiddleware",
    # The page's language from its path alone (/ja/... Japanese, else English): archive/language.py.
    "archive.language.PathLanguageMiddleware",
    # Adds any security header (CSP, X-Frame-Options, nosniff, Referrer-Policy...) that a response
    # made above the usual header middleware lacks: error pages carry them too.
    "archive.security_headers.SecurityHeadersMiddleware",
    # One gate for the request's text (NUL, broken UTF-8, over-long: 400) and methods (TRACE: 405;
    # writes to read-only pages: 405, decided in process_view before the CSRF check).
    "archive.request_guard.RequestGuardMiddleware",
    # A database outage becomes a friendly 503 page instead of a 500.
    "archive.outage.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304, for cached and fresh pages alike.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above CSPMiddleware, so a page served from the cache keeps the policy it was stored with
    # (and below SecurityMiddleware, which still adds its headers to every hit).
    "archive.page_cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]
# Paths whose views accept writes (POST, PUT, PATCH, DELETE); every other page is read-only and
# answers a write with 405 (archive/request_guard.py).
ARCHIVE_WRITABLE_PATHS = ["/admin/"]
# Paths whose early refusals (400 for bad text, 405) are JSON rather than an HTML page.
ARCHIVE_JSON_PATHS = ["/api/"]
# Limits on the request's text; see archive/request_guard.py for the defaults.
ARCHIVE_REQUEST_LIMITS = {"path_bytes": 1024, "query_bytes": 4096, "value_chars": 1000}

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "archive.language.language_links",
            ],
            # Django's `date` filter, with Japanese formats on /ja/ pages (archive/dates.py).
            "builtins": ["archive.dates"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.config(conn_max_age=60, conn_health_checks=True),
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable host must fail within seconds (and show the 503 page), not hang a worker
        # until gunicorn's timeout kills it.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        # The JIT compiler pays off for long analytical queries, not for a web page's short ones:
        # measured at 100,000 meetings it added 50-600 ms of compilation to single list queries.
        options = DATABASES["default"]["OPTIONS"].get("options", "")
        if "jit" not in options:
            DATABASES["default"]["OPTIONS"]["options"] = f"{options} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while a writer writes; the busy timeout makes a writer wait
                # for the lock instead of failing; IMMEDIATE takes the write lock at BEGIN, which
                # avoids "database is locked" on upgrade from read to write under concurrency.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# A PostgreSQL streaming replica for public reads (archive/replica.py): anonymous readers' pages
# read it; editors, the admin and anything after a write read the primary.
if os.environ.get("DATABASE_REPLICA_URL") and "default" in DATABASES:
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Tests use the primary's test database for both aliases.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["archive.replica.PrimaryReplicaRouter"]
    # Early, so every read of the request is routed (it needs no database itself).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware"),
        "archive.replica.ReplicaReadsMiddleware",
    )
ARCHIVE_REPLICA_GRACE_SECONDS = float(os.environ.get("DJANGO_REPLICA_GRACE_SECONDS", 5))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Search -----------------------------------------------------------------------------------------
# An OpenSearch/Elasticsearch URL; empty: the database's own full-text search (docs/search.md).
SEARCH_BACKEND_URL = os.environ.get("SEARCH_BACKEND_URL", "").strip()

# --- Development tools ------------------------------------------------------------------------------
# Synthetic data for load tests (the `generate_synthetic` command) lives in bench/, which the
# installed package leaves out: its app is added in development (DEBUG), under the test runner, or
# with DJANGO_DEVTOOLS=1 (the benchmark's production-like server), and only where bench/ exists.
RUNNING_TESTS = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
DEVTOOLS = env_flag("DJANGO_DEVTOOLS", DEBUG or RUNNING_TESTS)
if DEVTOOLS and importlib.util.find_spec("bench") is not None:
    INSTALLED_APPS.append("bench.devtools")

# --- Authentication ---------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes locks an account/IP pair out after repeated failed admin logins.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Password spraying (a few guesses at each of many usernames) stays under the per-account limit;
# this handler also locks an address out after this many failures over all usernames within the
# cool-off time (archive/login_throttle.py).
AXES_HANDLER = "archive.login_throttle.LoginThrottleHandler"
ARCHIVE_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("ARCHIVE_LOGIN_FAILURES_PER_ADDRESS", "20"))
# Behind N trusted proxies, the client address is the Nth from the right of X-Forwarded-For; without
# this every client would share the proxy's address (and lock each other out).
if os.environ.get("DJANGO_TRUSTED_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["DJANGO_TRUSTED_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Staff two-factor (django-otp TOTP, archive/two_factor.py): offered to every staff user, and
# required of all of them when DJANGO_ADMIN_REQUIRE_2FA is on.
ADMIN_REQUIRE_2FA = env_flag("DJANGO_ADMIN_REQUIRE_2FA")
ADMIN_OFFER_2FA = True
OTP_TOTP_ISSUER = "Ministerial Meetings Archive"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# English at the usual addresses, Japanese under /ja/ (archive/urls.py, archive/language.py).
LANGUAGES = [("en-gb", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["archive.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise, as its docs say) ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# An editor's session ends after a working day rather than the default two weeks.
SESSION_COOKIE_AGE = 12 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000  # one year
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy (the usual deployment), trust its scheme header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- REST framework ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ministerial Meetings Archive API",
    "DESCRIPTION": "Read-only access to the archive of bilateral ministerial meetings.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- Cache ------------------------------------------------------------------------------------------
# Redis when REDIS_URL is set (one cache for every worker and machine); otherwise each process keeps
# its own in memory. Cached anonymous pages are invalidated on every write either way
# (archive/content_version.py explains how).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "archive"),
            "TIMEOUT": 600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "archive",
            "TIMEOUT": 600,
            # Pages are stored compressed (about 10 KB each): this bounds a worker's cache to
            # roughly 20 MB, well inside the 200 MB a worker may use.
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# In development pages are not kept, so a template edit shows at once.
ARCHIVE_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", 0 if DEBUG else 600))
ARCHIVE_PUBLIC_MAX_AGE = int(os.environ.get("DJANGO_PUBLIC_MAX_AGE", 0 if DEBUG else 300))
# Facet counts and list totals, cached until the next write (meetings/computed.py).
ARCHIVE_COMPUTED_CACHE_SECONDS = int(
    os.environ.get("DJANGO_COMPUTED_CACHE_SECONDS", 0 if DEBUG else 3600)
)
# Paths whose responses are never cached or marked public, whoever asks.
ARCHIVE_UNCACHED_PATHS = ["/admin/", "/healthz", "/static/"]
ARCHIVE_RETRY_AFTER_SECONDS = 30

# --- The archive's scope (/about/, meetings/coverage.py) ----------------------------------------------
# The country whose ministers' meetings the archive gathers: its counterparts are the other countries.
ARCHIVE_HOME_COUNTRY = os.environ.get("ARCHIVE_HOME_COUNTRY", "JP").upper()
# Where readers report an error or a missing meeting (shown on /about/ and on every record).
ARCHIVE_CONTACT_EMAIL = os.environ.get("ARCHIVE_CONTACT_EMAIL", "editors@example.org")

# --- Logging ----------------------------------------------------------------------------------------
# JSON lines with the request's ID (archive/logs.py) in production, for a log collector to parse;
# `DJANGO_LOG_FORMAT=text` for people reading a terminal.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
ARCHIVE_LOG_REQUESTS = env_flag("DJANGO_LOG_REQUESTS", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "archive.logs.RequestIDFilter"}},
    "formatters": {
        "json": {"()": "archive.logs.JsonLogFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Our own request log replaces django.server's and django.request's per-request lines for
        # 4xx answers; errors (5xx) are still logged by django.request with their traceback.
        "django.request": {"level": "ERROR"},
        "archive.request": {"level": os.environ.get("DJANGO_REQUEST_LOG_LEVEL", "INFO")},
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
