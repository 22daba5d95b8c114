"""One settings module, driven by environment variables (see README: Configuration)."""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINHUO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("XINHUO_PRODUCTION")
# off unless asked for: a debug 404 lists every URL pattern, in English, to whoever mistypes one (parents included)
DEBUG = env_bool("XINHUO_DEBUG", default=False)


def _local_keys() -> dict[str, str]:
    """Keys for a single-server install, generated once and kept in var/keys.json.

    Losing them makes the encrypted columns unreadable, so they are never regenerated;
    production deployments pass them through the environment instead.
    """
    path = VAR_DIR / "keys.json"
    if path.exists():
        return json.loads(path.read_text())
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    keys = {name: secrets.token_urlsafe(50) for name in ("secret", "field_salt", "index")}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(keys, fh)
    return keys


if PRODUCTION:
    _keys = {
        "secret": os.environ["XINHUO_SECRET_KEY"],
        "field_salt": os.environ["XINHUO_FIELD_SALT"],
        "index": os.environ["XINHUO_INDEX_KEY"],
    }
else:
    _file_keys = _local_keys()
    _keys = {
        "secret": os.environ.get("XINHUO_SECRET_KEY", _file_keys["secret"]),
        "field_salt": os.environ.get("XINHUO_FIELD_SALT", _file_keys["field_salt"]),
        "index": os.environ.get("XINHUO_INDEX_KEY", _file_keys["index"]),
    }

SECRET_KEY = _keys["secret"]
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("XINHUO_SECRET_KEY_FALLBACKS", "").split(",") if k]
# django-fernet-encrypted-fields derives the column key from SECRET_KEY and SALT_KEY.
SALT_KEY = _keys["field_salt"]
# Key of the blind indexes (keyed hashes) kept beside encrypted columns that are looked up.
XINHUO_INDEX_KEY = _keys["index"]

ALLOWED_HOSTS = [h for h in os.environ.get("XINHUO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("XINHUO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "xinhuo.core",
    "xinhuo.people",
    "xinhuo.elders",
    "xinhuo.care",
    "xinhuo.activities",
    "xinhuo.plans",
    "xinhuo.news",
    "xinhuo.selections",
    "xinhuo.clubs",
    "xinhuo.wellbeing",
    "xinhuo.surveys",
    "xinhuo.family",
    "xinhuo.community",
    "xinhuo.governance",
    "xinhuo.finance",
    "xinhuo.library",
    "xinhuo.evaluation",
    "xinhuo.privacy",
    "xinhuo.rollover",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xinhuo.core.sessions.SessionRefreshMiddleware",  # the idle expiry pushed back at most once a minute
    "xinhuo.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "xinhuo.core.middleware.ActorMiddleware",
    "xinhuo.core.middleware.PasswordChangeRequiredMiddleware",
    "xinhuo.core.lockout.ProxyWarningMiddleware",  # warns once of a proxy that XINHUO_PROXY_COUNT does not count
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xinhuo.urls"
WSGI_APPLICATION = "xinhuo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xinhuo.core.context_processors.shell",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xinhuo.sqlite3'}")
# A kept PostgreSQL connection is checked with a round trip (SELECT 1) before each request's first query, so a
# restarted server costs no failed request; it is ~15 % of a survey answer's cost at peak (bench/README.md):
# a county that prefers the throughput turns it off and accepts one failed request per worker after a restart.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60,
                                              conn_health_checks=env_bool("XINHUO_DB_HEALTH_CHECKS", True))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # dropdowns and small lists would pay three round trips each for a named cursor; also needed behind pgbouncer
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (conn_max_age above), as for PostgreSQL: opening one runs the PRAGMAs and registers
    # Django's SQL functions, and closing the last one checkpoints the WAL, several ms of CPU a request
    # (bench/load_surveys.py: an answer through gunicorn cost 15.0 ms of server CPU with CONN_MAX_AGE=0, 8.9 kept)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "xinhuo.core.auth.UsernameOrMobileBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions expire: the expiry restarts with activity (SESSION_ENGINE below).
# One cache for every web worker and app server, so that limits hold across them (the mailbox's tracking-code
# look-ups) and cached statistics are computed once. XINHUO_CACHE=db (default): a table in the database (core's
# migration 0004 creates it); =redis: the Redis at XINHUO_REDIS_URL, which takes those round trips off the database
# when several app servers share it (docs/运维指南.md). Never a per-process memory cache: a limit would then hold
# per worker only.
XINHUO_CACHE = os.environ.get("XINHUO_CACHE", "db").strip().lower()
if XINHUO_CACHE == "redis":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ.get("XINHUO_REDIS_URL", "redis://127.0.0.1:6379/0"),
                          "KEY_PREFIX": os.environ.get("XINHUO_CACHE_PREFIX", "xinhuo")}}
elif XINHUO_CACHE == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "xinhuo_cache"}}
else:
    raise ValueError(f"XINHUO_CACHE must be db or redis, not {XINHUO_CACHE!r}")

SESSION_COOKIE_AGE = int(os.environ.get("XINHUO_SESSION_IDLE_MINUTES", "30")) * 60
# Not a session write on every request (on SQLite writes queue): core/sessions.py saves an unchanged session only
# when its expiry was pushed back over a minute ago, so an idle session ends within a minute of the idle period.
SESSION_ENGINE = "xinhuo.core.sessions"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# API tokens (core/tokens.py): a token ends this many days after it was issued, or after this many days unused
XINHUO_API_TOKEN_DAYS = int(os.environ.get("XINHUO_API_TOKEN_DAYS", "30"))
XINHUO_API_TOKEN_IDLE_DAYS = int(os.environ.get("XINHUO_API_TOKEN_IDLE_DAYS", "7"))
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from the site's own static files, never inline or eval'd, so
# injected markup cannot run script (pages keep behaviour in static JS with data-attributes; htmx's allowEval is
# off). style="" attributes stay allowed: progress bars and ECharts' tooltips set widths and colours in them. Only
# style-src carries 'unsafe-inline' and style-src-elem (CSP 3) overrides it for <style> elements, which are refused:
# old browsers without style-src-elem then allow inline styles rather than lose the bars. Images: data: for
# Bootstrap's icons; uploads are served by the site's own views.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("XINHUO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("XINHUO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("XINHUO_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Lockout: 5 failures lock that username from that IP for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "xinhuo.core.auth.axes_username"
AXES_LOCKOUT_CALLABLE = "xinhuo.core.auth.lockout_response"
# An attempt during the lock (even with the right password) is refused but not recorded: recording it restarted
# the 15 minutes, so anyone trying every few minutes kept the account locked for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy the client's address is in X-Forwarded-For; trust exactly that many hops
# (never more: a client can put anything in the header itself). The lockout reads it as the access log does.
XINHUO_PROXY_COUNT = int(os.environ.get("XINHUO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "xinhuo.core.lockout.client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "xinhuo" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "xinhuo" / "static"]  # vendored front-end files (not an app's static/)
# Uploaded files, reached only through Django's storage API (docs/运维指南.md). XINHUO_STORAGE=local (default):
# MEDIA_ROOT on this server, readable by the service account only; =s3: an S3-compatible bucket that several app
# servers share (django-storages): private objects, signed URLs that expire, names never overwritten. Files are
# still served by the app's own views after their access checks, never by a link into the bucket. =memory: tests.
XINHUO_STORAGE = os.environ.get("XINHUO_STORAGE", "local").strip().lower()
if XINHUO_STORAGE == "s3":
    _UPLOADS: dict = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("XINHUO_S3_BUCKET", ""),
        "endpoint_url": os.environ.get("XINHUO_S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("XINHUO_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("XINHUO_S3_SECRET_KEY") or None,
        "region_name": os.environ.get("XINHUO_S3_REGION") or None,
        "location": os.environ.get("XINHUO_S3_PREFIX", ""),
        "addressing_style": os.environ.get("XINHUO_S3_ADDRESSING_STYLE") or None,  # "path" for most MinIO setups
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }}
    if not _UPLOADS["OPTIONS"]["bucket_name"]:
        raise ValueError("XINHUO_STORAGE=s3 needs XINHUO_S3_BUCKET (and usually XINHUO_S3_ENDPOINT_URL and keys)")
elif XINHUO_STORAGE == "memory" and not PRODUCTION:  # loses every file at exit: tests only
    _UPLOADS = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
elif XINHUO_STORAGE == "local":
    _UPLOADS = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}}
else:
    raise ValueError(f"XINHUO_STORAGE must be local or s3, not {XINHUO_STORAGE!r}")
STORAGES = {
    "default": _UPLOADS,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
MEDIA_ROOT = VAR_DIR / "media"
# Backups (python -m xinhuo backup; serve's daily job keeps the newest XINHUO_BACKUP_KEEP, 0 = no daily backup)
XINHUO_BACKUP_DIR = Path(os.environ.get("XINHUO_BACKUP_DIR", VAR_DIR / "backups"))
XINHUO_BACKUP_KEEP = int(os.environ.get("XINHUO_BACKUP_KEEP", "7"))

EMAIL_BACKEND = os.environ.get("XINHUO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("XINHUO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("XINHUO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("XINHUO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("XINHUO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("XINHUO_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("XINHUO_EMAIL_FROM", "xinhuo@localhost")

# Extra notification channels (dotted paths to xinhuo.core.notifications.Channel subclasses).
XINHUO_NOTIFICATION_CHANNELS = [c for c in os.environ.get("XINHUO_NOTIFICATION_CHANNELS", "").split(",") if c]
# Help lines a student is shown after a screening that raised an alert (name|number, separated by ";"): the
# national youth line first, then the local ones the school adds.
XINHUO_WELLBEING_HOTLINES = [tuple(h.split("|", 1)) for h in os.environ.get(
    "XINHUO_WELLBEING_HOTLINES", "全国青少年服务台|12355;心理援助热线|12356").split(";") if "|" in h]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("XINHUO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "xinhuo.core.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "xinhuo.core.schema.AutoSchema",  # default=None fields are nullable (core/schema.py)
    "EXCEPTION_HANDLER": "xinhuo.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "薪火 Xinhuo API",
    "DESCRIPTION": "The same access rules as the pages: objects a user may not see answer 404.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package: the docs page works with no internet.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # choice sets that share a field name ("status", "kind") get names of their own in the schema: each app
    # declares its own in its manifest (api_enums); core adds them when it starts (core/apps.py)
    "ENUM_NAME_OVERRIDES": {},
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_MASK_CALLABLE = "xinhuo.core.masking.audit_mask"
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XINHUO_LOG_LEVEL", "WARNING")},
}
