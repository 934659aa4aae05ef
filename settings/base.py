"""Settings shared by every environment.

Everything that differs between machines is read from the environment; see the
configuration table in the README. Secrets have no usable default here: ``dev`` and
``test`` provide throwaway ones, ``production`` refuses to start without them.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_mapping(name: str) -> dict[str, str]:
    """Read a comma-separated list of ``key=value`` pairs; raises ``ImproperlyConfigured``
    for an item without ``=``."""
    mapping = {}
    for item in env_list(name):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not of the form key=value.")
        mapping[key.strip()] = value.strip()
    return mapping


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "cms.organisations",
    "cms.media",
    "cms.editorial",
    "cms.workflows",
    "cms.scheduling",
    "cms.crisis",
    "cms.apitokens",
    "cms.uploads",
    "cms.delivery",
    "cms.publishing",
    "cms.webhooks",
    "cms.previews",
    "home",
    "news",
    "videos",
    "search",
    "search.curation",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "wagtail_headless_preview",
    # The State's design system, for the previews' standalone pages only: Django's form
    # renderer stays the default (FORM_RENDERER unset), so the admin's forms keep
    # Wagtail's look (django-dsfr's form templates are never picked).
    "dsfr",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early: no credential sent in a URL reaches a log (cms/apitokens/middleware.py).
    "cms.apitokens.middleware.RedactCredentialsInURLMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.RedirectMiddleware",  # Wagtail's, not under /api/
    "cms.middleware.FrenchHeaderTitleMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite for trying the CMS, PostgreSQL (production) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def jobs_backend(value: str, engine: str) -> str:
    """Validate ``JOBS_BACKEND`` (``value``) against the database ``engine``; return it.

    ``procrastinate``: a worker runs exact-time jobs (PostgreSQL only: Procrastinate's
    migrations are PostgreSQL SQL). ``none``: no job queue; the ``publish_due`` sweep does
    the scheduled work (the SQLite quick start). Raises ``ImproperlyConfigured`` otherwise.
    """
    if value not in {"procrastinate", "none"}:
        raise ImproperlyConfigured(
            f"JOBS_BACKEND must be 'procrastinate' or 'none', not {value!r} (docs/operations.md)."
        )
    if value == "procrastinate" and engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "JOBS_BACKEND=procrastinate needs a PostgreSQL DATABASE_URL; on SQLite, use "
            "JOBS_BACKEND=none and run the publish_due sweep (docs/operations.md)."
        )
    return value


# Jobs (cms/jobs.py): whether a job queue runs scheduled work, chosen explicitly.
JOBS_BACKEND = jobs_backend(os.environ.get("JOBS_BACKEND", "none"), DATABASES["default"]["ENGINE"])
if JOBS_BACKEND == "procrastinate":
    INSTALLED_APPS.append("procrastinate.contrib.django")
PROCRASTINATE_WORKER_DEFAULTS = {
    # Scheduled jobs are found by polling: poll every half second to go live on time (a
    # go-live is visible through the API within a second: issue 7's target).
    "fetch_job_polling_interval": 0.5,
    # Jobs wait on the database much of the time: four at once per worker.
    "concurrency": 4,
    # Keep failed jobs for inspection, not the thousands of successful ones.
    "delete_jobs": "successful",
}
# A job "doing" whose worker has sent no heartbeat (every 10 s) for this many seconds is
# put back in the queue (cms/jobs.py, retry_stalled_jobs): Procrastinate's default.
JOBS_STALLED_AFTER = 30

# Cache: Redis when REDIS_URL is set, local memory otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "gouvernail",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first.
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# "Traduire cette page" makes a draft that goes through its workflow, not a live copy of
# an untranslated text (wagtail-localize publishes it when the source is live otherwise).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# ASCII slugs: "hopitaux-de-jour", not percent-encoded accents in URLs.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
# Uploaded originals, renditions and documents: nothing under MEDIA_ROOT has a public URL.
# Storage URLs (MEDIA_URL) lead to the admin's checked view; public URLs to views that
# ask the delivery store (cms/media/views.py, docs/operations.md).
MEDIA_URL = "/admin/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gouvernail@sig.gouv.fr")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Gouvernail"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call from the admin to wagtail.org (release check, "what's new" banner).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Search clusters (docs/search.md): the public index (search.backends.cluster) and the
# admin's (Wagtail's backend, fed by its own index updates: cms.scheduling.indexing).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
if ELASTICSEARCH_URL and OPENSEARCH_URL:
    raise ImproperlyConfigured(
        "Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both (docs/search.md)."
    )
# Seconds a cluster request may take before the search falls back to the database.
SEARCH_CLUSTER_TIMEOUT = float(os.environ.get("SEARCH_CLUSTER_TIMEOUT", "2"))
# Seconds the public search leaves a cluster alone after it failed (each process).
SEARCH_CLUSTER_PAUSE = float(os.environ.get("SEARCH_CLUSTER_PAUSE", "30"))
# The alias the public index is read through (its indices: "<alias>-<timestamp>").
SEARCH_CLUSTER_INDEX = os.environ.get("SEARCH_CLUSTER_INDEX", "gouvernail")
if ELASTICSEARCH_URL or OPENSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends."
            + ("elasticsearch9" if ELASTICSEARCH_URL else "opensearch3"),
            "URLS": [ELASTICSEARCH_URL or OPENSEARCH_URL],
            "INDEX_PREFIX": f"{SEARCH_CLUSTER_INDEX}-admin-",
            "TIMEOUT": SEARCH_CLUSTER_TIMEOUT,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Search index updates of pages: "deferred" (a job, or after the commit without a job
# queue) or "immediate" (in the saving transaction, as Wagtail does). cms.scheduling.indexing
SEARCH_INDEX_UPDATES = "deferred"
# Public search (docs/search.md, "Ranking"): a new item weighs up to twice an old one of
# equal text score, the boost halving every SEARCH_RECENCY_HALF_LIFE_DAYS days; items of
# a previous government are multiplied by SEARCH_HISTORIC_FACTOR; a search ranks at most
# SEARCH_CANDIDATES items (the most recent matches; "approximate" beyond).
SEARCH_RECENCY_HALF_LIFE_DAYS = float(os.environ.get("SEARCH_RECENCY_HALF_LIFE_DAYS", "365"))
SEARCH_HISTORIC_FACTOR = float(os.environ.get("SEARCH_HISTORIC_FACTOR", "0.5"))
SEARCH_CANDIDATES = int(os.environ.get("SEARCH_CANDIDATES", "1000"))
WAGTAILIMAGES_IMAGE_MODEL = "media.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "media.CustomDocument"
WAGTAILSNIPPETS_MENU_SHOW_ALL = True
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"
# An edit after approval restarts the review.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Publish the revision that was reviewed, under a row lock, or nothing.
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.actions.publish_reviewed_revision"

# Media rules (each configurable through the environment).
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
# Sizes in decimal megabytes (1 Mo = 1 000 000 octets), as the upload messages say them.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_MB", 20) * 1_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_MEGAPIXELS", 40) * 1_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.media.forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 50) * 1_000_000
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.media.forms.DocumentForm"
# The admin links documents through their storage URL (MEDIA_URL: the admin's checked
# view); the public gets /documents/<id>/<name>, served while a public content shows them.
WAGTAILDOCS_SERVE_METHOD = "direct"
#: Base URL of the public media views (documents, renditions) in the API's JSON.
MEDIA_PUBLIC_BASE_URL = os.environ.get("MEDIA_PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
#: When set (e.g. "/_media/"), checked files are handed to the web server with
#: X-Accel-Redirect: <prefix><path under MEDIA_ROOT> (an nginx "internal" location).
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
#: The header handing checked files to the web server: "X-Accel-Redirect" (nginx, with
#: the prefix above) or "X-Sendfile" (Apache's mod_xsendfile, lighttpd: the absolute
#: path). Empty: X-Accel-Redirect when the prefix is set, else Django streams the files
#: with Range support (cms/media/sendfile.py).
MEDIA_SENDFILE_HEADER = os.environ.get("MEDIA_SENDFILE_HEADER", "")
if MEDIA_SENDFILE_HEADER not in {"", "X-Accel-Redirect", "X-Sendfile"}:
    raise ImproperlyConfigured(
        "MEDIA_SENDFILE_HEADER must be empty, 'X-Accel-Redirect' or 'X-Sendfile', "
        f"not {MEDIA_SENDFILE_HEADER!r}."
    )
if MEDIA_SENDFILE_HEADER == "X-Accel-Redirect" and not MEDIA_ACCEL_REDIRECT_PREFIX:
    raise ImproperlyConfigured(
        "MEDIA_SENDFILE_HEADER=X-Accel-Redirect needs MEDIA_ACCEL_REDIRECT_PREFIX."
    )

# Resumable uploads (cms/uploads/; docs/videos.md, "Resumable uploads").
#: Largest file of an upload, in bytes (2 GiB); a kind may set a lower limit of its own.
UPLOAD_MAX_SIZE = env_int("UPLOAD_MAX_SIZE", 2 * 1024**3)
#: Bytes the upload widget sends per request, and the largest body the server accepts
#: per request (8 MiB); the web server's request body limit must allow it.
UPLOAD_CHUNK_SIZE = env_int("UPLOAD_CHUNK_SIZE", 8 * 1024**2)
#: Hours an upload is kept after its last byte (or claim) before it is purged.
UPLOAD_EXPIRY_HOURS = env_int("UPLOAD_EXPIRY_HOURS", 24)
#: Days ahead a video's owners are told its rights expire (docs/videos.md, "Rights
#: expiry notices").
VIDEO_RIGHTS_NOTICE_DAYS = env_int("VIDEO_RIGHTS_NOTICE_DAYS", 30)

# The front end and the public API (docs/api.md).
#: Base URL of the public site: canonical URLs in the API, the admin's "live" links.
FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "http://localhost:3000")
#: The front end of each Wagtail site, by the site's host name, where it is not
#: FRONTEND_BASE_URL: "www.info.gouv.fr=https://www.info.gouv.fr,..." (cms/pages.py).
FRONTEND_BASE_URLS = env_mapping("FRONTEND_BASE_URLS")
#: The front ends' preview URLs, by Wagtail site host name, where not the site's front end
#: + "/preview/": "www.info.gouv.fr=https://www.info.gouv.fr/apercu/,..." (cms/previews/).
FRONTEND_PREVIEW_URLS = env_mapping("FRONTEND_PREVIEW_URLS")
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {
        "default": FRONTEND_BASE_URL.rstrip("/") + "/preview/",
        **{host: url.rstrip("/") + "/preview/" for host, url in FRONTEND_BASE_URLS.items()},
        **FRONTEND_PREVIEW_URLS,
    },
}
#: Seconds a preview token stays valid (cms/previews/tokens.py).
PREVIEW_TOKEN_MAX_AGE = env_int("PREVIEW_TOKEN_MAX_AGE", 3600)
#: ``Cache-Control: max-age`` of the public API's responses, in seconds.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# The public API's hot reads as statements prepared once per PostgreSQL connection
# (cms/delivery/reads.py); false behind a pooler in transaction mode (PgBouncer).
API_PREPARED_STATEMENTS = env_bool("API_PREPARED_STATEMENTS", True)
#: Rendered pages of the news listing kept per process, checked against the store's
#: generation at each request (cms/delivery/rendered.py); 0 keeps none.
API_LISTING_CACHE_SIZE = env_int("API_LISTING_CACHE_SIZE", 1000)
#: News details and path lookups each process keeps rendered, checked against the store's
#: generation at each request (cms/delivery/rendered.py); 0 keeps none.
API_DOCUMENT_CACHE_SIZE = env_int("API_DOCUMENT_CACHE_SIZE", 2000)
# Purging the CDN or reverse proxy in front of the API after a change
# (cms/publishing/purge.py; docs/operations.md). No CDN_PURGE_URL: nothing is purged.
#: Base URL the CDN serves the API under: the ``Host`` of purge requests.
API_PUBLIC_URL = os.environ.get("API_PUBLIC_URL", WAGTAILADMIN_BASE_URL)
#: ``url`` (a PURGE per URL) or ``key`` (one PURGE naming surrogate keys).
CDN_PURGE_BY = os.environ.get("CDN_PURGE_BY", "url")
if CDN_PURGE_BY not in {"url", "key"}:
    raise ImproperlyConfigured(f"CDN_PURGE_BY must be 'url' or 'key', not {CDN_PURGE_BY!r}.")
WAGTAILFRONTENDCACHE = {}
if os.environ.get("CDN_PURGE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "cms.publishing.purge.HTTPPurgeBackend",
        "LOCATION": os.environ["CDN_PURGE_URL"],
        "KEY_HEADER": os.environ.get("CDN_PURGE_KEY_HEADER", "Surrogate-Key"),
        "TIMEOUT": env_int("CDN_PURGE_TIMEOUT", 10),
    }
# Webhooks (cms/webhooks/; docs/operations.md, docs/api.md).
#: Endpoints must be HTTPS (at save and at each delivery); off by default in settings.dev.
WEBHOOKS_REQUIRE_HTTPS = env_bool("WEBHOOKS_REQUIRE_HTTPS", True)
#: Allow endpoints on private, loopback or link-local addresses (development, tests only).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES")
#: Seconds to connect to an endpoint, and between two bytes of its answer.
WEBHOOKS_TIMEOUT = env_int("WEBHOOKS_TIMEOUT", 5)
#: Seconds a delivery is retried before it is given up and its endpoint marked failing.
WEBHOOKS_RETRY_WINDOW = env_int("WEBHOOKS_RETRY_WINDOW", 24 * 3600)
#: Days the delivery log keeps what is no longer waiting (delivered, failed, cancelled).
WEBHOOKS_LOG_DAYS = env_int("WEBHOOKS_LOG_DAYS", 30)
#: Origins allowed to call the public API from a browser (CORS allow-list).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
#: Response headers a browser front end may read beyond the CORS-safelisted ones
#: (Cache-Control, Content-Type, Last-Modified...: Fetch standard): the validator for
#: conditional requests, and the current path of a moved page (its 301). Surrogate-Key
#: is for the CDN, which strips it.
CORS_EXPOSE_HEADERS = ["ETag", "Location"]
# Wagtail's admin API uses DRF's defaults (session authentication): the public API's
# views set their own (no authentication, JSON, problem+json; cms/delivery/views.py).
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    # /api/docs/ serves Redoc's script from here (drf-spectacular-sidecar), not a CDN.
    "REDOC_DIST": "SIDECAR",
    "TITLE": "Gouvernail — API publique",
    "DESCRIPTION": "Les contenus publics du Service d'information du Gouvernement (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

#: Authenticated APIs documented in /api/schema/ beside the public one: URL prefix ->
#: urlconf module (cms/delivery/urls.py; the same prefix is mounted in cms/urls.py).
API_SCHEMA_URLCONFS = {"api/planner/": "news.planner.urls"}
#: Paths of the APIs authenticated by API tokens: a credential in their query string is
#: redacted before anything logs it (cms/apitokens/middleware.py).
API_TOKEN_PATH_PREFIXES = ["/api/planner/"]

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default console handler would print every line a second time, through
        # the root's: Django's messages go to the root only, at its level.
        "django": {"handlers": [], "level": LOG_LEVEL},
        "django_tasks": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
    },
}
