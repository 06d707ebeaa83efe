"""Settings of the portal, read from the environment.

Development (DJANGO_DEBUG=1) has safe defaults; with debug off, a missing or malformed
value stops the start-up instead of running a half-configured site.
"""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    # Django's admin, with a second factor for editors (core/admin_site.py).
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # /sitemap.xml, every public page with its last change (hubs/sitemaps.py).
    "django.contrib.sitemaps",
    "corsheaders",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Who changed which curated record, when, from what to what (core/history.py).
    "simple_history",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The plumbing, then the domain apps from the bottom layer up (DESIGN.md §2).
    "core",
    "search",
    "frameworks",
    "sources",
    "regions",
    "initiatives",
    "roadmaps",
    "hubs",
    "downloads",
]

MIDDLEWARE = [
    # First: nothing may read the Host header before it is checked.
    "core.middleware.AllowedHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # The page's language comes from its address, and the address from a reader's choice:
    # both are settled before a cached page is looked up (its key is the address).
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    # After the security and CORS headers, before everything a cached response does not need.
    "core.middleware.CachedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a write to a read-only address is a 405, not a 403.
    "core.middleware.ReadOnlyMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: the admin user of a request is who its changes are recorded as.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# How many proxies (load balancers, a CDN) stand in front of the portal and append to
# X-Forwarded-For: the client's address is read that many entries from the right, and
# X-Forwarded-Proto is believed. 0, the default, trusts neither header (core/clients.py).
PORTAL_TRUSTED_PROXIES = env_int("PORTAL_TRUSTED_PROXIES", default=0)
if PORTAL_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("PORTAL_TRUSTED_PROXIES must be 0 or more.")

# Failed admin logins are counted per user name and client address; after five, that pair
# waits fifteen minutes (429), and after twenty from one address across user names, that
# address does (core/lockout.py). A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "core.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
PORTAL_ADMIN_ADDRESS_FAILURE_LIMIT = 20
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Superusers may sign in to the admin only with a second factor (TOTP, core/admin_site.py).
PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = env_bool(
    "PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED", default=not DEBUG
)
# The authenticator app names the entry after the site; a device's secret is shown once,
# by `manage.py add_totp_device`, never again in the admin.
OTP_TOTP_ISSUER = "ITU-D Regional Initiatives"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

ROOT_URLCONF = "config.urls"

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
                "core.context_processors.site",
                "core.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in the repository's var/ folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# A streaming read replica of that PostgreSQL primary: anonymous reads of the pages and
# the API go to it, everything else to the primary, and reads fall back to the primary
# while it cannot be reached (core/routers.py, docs/decisions/0012-read-replica.md).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    if {db["ENGINE"] for db in DATABASES.values()} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL, for it and for DATABASE_URL."
        )
    # libpq's shortest wait for a replica that does not answer at all (seconds).
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # The test runner makes no database of its own for it: it reads the primary's.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]
    # Before the cached responses are looked up: their ETag reads the data version.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("core.middleware.CachedResponseMiddleware"),
        "core.routers.ReplicaRoutingMiddleware",
    )

# Local memory in each process by default; one Redis shared by every process when
# REDIS_URL is set. Page entries are keyed by the data version, so a load or a save makes
# every process miss and render afresh (core/conditional.py). Either way the memory is
# bounded: here by a number of entries (a page is 10-130 KB, most lists about 25 KB), in
# Redis by its own memory cap and eviction policy (deploy/redis.conf; `check --deploy`
# warns when the server has none).
REDIS_URL = env_str("REDIS_URL", default="")
PORTAL_CACHE_MAX_ENTRIES = env_int("PORTAL_CACHE_MAX_ENTRIES", default=1000)
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": PORTAL_CACHE_MAX_ENTRIES},
        }
    )
}
# How long a rendered page is kept (seconds); 0 turns the page cache off.
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", default=3600)
# How long what many responses share is kept, once built from one data version (facet
# counts, coverage, a record's rendered parts; seconds): its key names the version, so it
# is never stale, and a miss of the page cache reuses it. 0 builds it for every response.
PORTAL_DERIVED_CACHE_SECONDS = env_int("PORTAL_DERIVED_CACHE_SECONDS", default=86400)
# How many rendered parts each process keeps for itself besides (most recently used first).
PORTAL_KEPT_IN_PROCESS_ENTRIES = env_int("PORTAL_KEPT_IN_PROCESS_ENTRIES", default=2000)
# How long a process may go on using the data version it last read (seconds): a load or
# a save made by another process shows within that time, one made by itself at once.
PORTAL_DATA_VERSION_MAX_AGE = env_float("PORTAL_DATA_VERSION_MAX_AGE", default=1.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The six official languages of the UN and ITU, in the UN's order (Arabic, Chinese, English,
# French, Russian, Spanish): the language bar shows them so. English is at the unprefixed
# addresses; the others under their prefix (config/urls.py, /zh/ for Simplified Chinese).
LANGUAGES = [
    ("ar", "Arabic"),
    ("zh-hans", "Chinese"),
    ("en", "English"),
    ("fr", "French"),
    ("ru", "Russian"),
    ("es", "Spanish"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A reader's chosen language, remembered for a year; it is not a secret, and the pages
# read it only to send an English address on to the chosen language's.
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.storage.StaticStorage"
        )
    },
}

# The curated data: one file per source document, in the order they must load
# (a file may only refer to records of the files before it).
PORTAL_FIXTURES_DIR = BASE_DIR / "fixtures"
PORTAL_FIXTURES = [
    "vocabularies.yaml",
    "sources.yaml",
    "002_rpm_coordination_2025.yaml",
    "000_regional_initiatives_2023_2025_cis.yaml",
    "001_regional_initiatives_2026_2029_ams.yaml",
    "003_cstd_priority_theme_2023_24.yaml",
    "004_wsis_roadmaps_2025.yaml",
    # The editors' own alignments, last: they refer to every initiative.
    "curated_alignments.yaml",
]
# The "Editors" group: what curation in the admin needs, kept so on every migrate
# (core/editors.py). Editors add and correct initiatives, their results, sub-items,
# footnotes and alignments, cycles, sources and meetings; the vocabularies (the UN's and
# ITU's own lists), the regions and the roadmaps (rebuilt from their document by
# build_roadmaps_fixture) they may only read.
_EDIT = ["add", "change", "delete", "view"]
PORTAL_EDITOR_PERMISSIONS = {
    "initiatives.cycle": ["add", "change", "view"],
    "initiatives.initiative": _EDIT,
    "initiatives.expectedresult": _EDIT,
    "initiatives.expectedresultsubitem": _EDIT,
    "initiatives.footnote": _EDIT,
    "initiatives.initiativesdg": _EDIT,
    "initiatives.initiativeactionline": _EDIT,
    "initiatives.initiativegdcobjective": _EDIT,
    "sources.source": ["add", "change", "view"],
    "sources.sourcesection": _EDIT,
    "regions.preparatorymeeting": ["add", "change", "view"],
    "regions.meetingpriority": _EDIT,
    "regions.region": ["view"],
    "frameworks.sdg": ["view"],
    "frameworks.actionline": ["view"],
    "frameworks.gdcobjective": ["view"],
    "roadmaps.roadmap": ["view"],
    "roadmaps.roadmaprow": ["view"],
    "roadmaps.roadmaprowsdg": ["view"],
    "roadmaps.citation": ["view"],
}
# Where `load_portal_data --discard-edits` keeps the admin edits it overwrites.
PORTAL_DISCARDED_EDITS_DIR = Path(
    env_str("PORTAL_DISCARDED_EDITS_DIR", default=str(BASE_DIR / "var" / "discarded-edits"))
)
# The apps whose records make up the knowledge base: saving or deleting one of their
# records raises the data version, which every cached response depends on.
PORTAL_DATA_APPS = ["frameworks", "sources", "regions", "initiatives", "roadmaps"]
# What the lists' text filter (`?q=`) asks for the records of one kind that match, best
# first: the search engine, so that every list finds what the search page finds.
PORTAL_TEXT_SEARCH = "search.engine.matching_ids"
# The repository's own copy of the source documents; records point into them.
PORTAL_DOCUMENTS_DIR = BASE_DIR / "sources" / "documents"
# Where the whole-knowledge-base downloads are written when the data loads.
PORTAL_DOWNLOADS_DIR = Path(
    env_str("PORTAL_DOWNLOADS_DIR", default=str(BASE_DIR / "var" / "downloads"))
)
# The key that signs each backup's manifest and that a restore checks the signature
# against, so that a backup edited and resealed is refused. Empty: backups are written
# unsigned and restored unchecked. Kept apart from the backups, or it proves nothing.
PORTAL_BACKUP_SIGNING_KEY = env_str("PORTAL_BACKUP_SIGNING_KEY", default="")

# The public API: read-only, anonymous, paginated, throttled generously. The rate is per
# client address and per process cache (requests per second, minute, hour or day).
API_THROTTLE_RATE = env_str("DJANGO_API_THROTTLE_RATE", default="600/minute")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"DJANGO_API_THROTTLE_RATE must read like 600/minute, not {API_THROTTLE_RATE!r}."
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["core.rest.PortalFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.schema.PortalAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.rest.PortalContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "core.rest.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": ["core.rest.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_RATE},
    "EXCEPTION_HANDLER": "core.rest.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ITU-D Regional Initiatives API",
    "DESCRIPTION": (
        "The knowledge base of the ITU-D Regional Initiatives: what each region asked ITU's "
        "Telecommunication Development Sector to do, cycle after cycle, its alignment to the "
        "SDGs, the WSIS Action Lines and the Global Digital Compact, and the WSIS Action Line "
        "Roadmaps that cite it. Read-only and anonymous. Lists are paginated "
        "(`page`, `page_size` up to 500) and answer `?format=csv`; filters take several "
        "values, repeated or comma-separated, meaning any of them. Every response carries "
        "an ETag: send it back in If-None-Match to get 304 Not Modified."
    ),
    "VERSION": "1",
    # As the downloads state it (downloads/licence.py, docs/decisions/0010-licence.md).
    "LICENSE": {
        "name": "CC-BY-4.0 (the editors' additions; the texts of ITU's documents remain ITU's)",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "initiatives.models.Stage",
        "ProvenanceEnum": "frameworks.models.Provenance",
        "SectionEnum": "roadmaps.models.Section",
        "SourceKindEnum": "sources.models.SourceKind",
    },
}

# Browsers on other sites may read the public data; nothing else crosses origins. They
# may revalidate with If-None-Match, and read the ETag and a throttled request's wait.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [*default_cors_headers, "if-none-match"]
# What a script on another site may read of an answer: the validators, the pages of a list
# and the rate limit's state, besides the body.
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Retry-After",
    "Content-Disposition",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]
CORS_URLS_REGEX = r"^/(api/|downloads/).*$"

# Production hardening; every value can be relaxed from the environment for a loopback run.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Only a trusted proxy may say the client came over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PORTAL_TRUSTED_PROXIES else None
X_FRAME_OPTIONS = "DENY"
# Health checks of a load balancer come over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Scripts only from the portal's own files, never inline; pages carry none but the API
# docs' (a file of their own). Styles likewise, except `style` attributes: the SDG badges
# take their official colours from the data through CSS custom properties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# A log line about a request names its client as the throttle and the lockout see it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client": {"()": "core.clients.ClientAddressFilter"}},
    "formatters": {"portal": {"format": "%(levelname)s %(name)s [%(client)s] %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client"],
            "formatter": "portal",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}

PORTAL_SITE_NAME = "ITU-D Regional Initiatives"

# Where "Report an error in this record" leads: a mailto: address, or the web address of
# a form; the link adds the record's title (subject=) and its address (body=). The
# default, at example.org, reaches no one: set it in production.
PORTAL_FEEDBACK_ADDRESS = env_str(
    "PORTAL_FEEDBACK_ADDRESS", default="mailto:portal-editors@example.org"
).strip()
if not PORTAL_FEEDBACK_ADDRESS.startswith(("mailto:", "https://", "http://")):
    raise ImproperlyConfigured(
        "PORTAL_FEEDBACK_ADDRESS must be a mailto: address or an http(s):// address, "
        f"not {PORTAL_FEEDBACK_ADDRESS!r}."
    )
