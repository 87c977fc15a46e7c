"""The portal's Django settings: apps, middleware, templates, database, Redis and Celery,
accounts, rate limits, languages, files and email (see __init__.py for the rest)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Local state when nothing else is configured: SQLite, the file broker, emails, caches.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=True)
TESTING = env.bool("PORTAL_TESTING", default=False)

# A development key is only acceptable while DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Links in emails, feeds and calendars. Unset, it follows PORT (`PORT=8801 make run`).
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")
# Kosovo has no ISO 3166-1 code yet; XK is the code the EU, the World Bank and the ILO use.
# https://django-countries.readthedocs.io/en/latest/settings.html#countries-override
COUNTRIES_OVERRIDE = {"XK": {"names": [_("Kosovo")], "alpha3": "XKX"}}
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_countries",
    "core.outbox",
    "core.audit",
    "taxonomy",
    "members",
    "members.network",
    "funds",
    "funds.alerts",
    "members.survey",
    "members.help",
    "badges",
    "events",
    "coaching",
    "coaching.courses",
    "coaching.lessons",
    "coaching.requests",
    "coaching.mediakit",
    "coaching.translations",
    "peer_exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the Permissions-Policy too.
    "core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages: Cache-Control: private, no-store (core/headers.py).
    "core.headers.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff sessions expire sooner, and staff need a second factor.
    "core.security.staff_sessions.StaffSessionMiddleware",
    "core.security.staff_mfa.StaffMFAMiddleware",
]

ROOT_URLCONF = "network_portal.urls"
WSGI_APPLICATION = "network_portal.wsgi.application"
ASGI_APPLICATION = "network_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network_portal.context_processors.portal",
            ],
        },
    },
]

# Forms render through the project's template engine (cached loader in production), so
# templates/django/forms/ can replace Django's own widget templates (the select).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------
# PostgreSQL in production (DATABASE_URL=postgres://user:pass@host:5432/name); a SQLite
# file under var/ when unset so that `make run` works on a bare machine.
DATABASES = {
    # An empty DATABASE_URL (e.g. `DATABASE_URL= make run`) means unset, not a broken URL.
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Persistent connections, checked before reuse:
    # https://docs.djangoproject.com/en/6.1/ref/databases/#persistent-connections
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker ------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# The cache lives in its own Redis database so that clearing it never touches the broker.
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default="")
if REDIS_URL and not REDIS_CACHE_URL:
    _base, _sep, _db = REDIS_URL.rpartition("/")
    REDIS_CACHE_URL = (
        f"{_base}/{int(_db) + 1}"
        if _db.isdigit() and "://" in _base
        else f"{REDIS_URL.rstrip('/')}/1"
    )
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, but an unreachable Redis means "no cache", not a 500.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # A cache shared by every process on this host, so allauth's rate limits hold
    # across runserver reloads and test processes without Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(VAR_DIR / "cache")),
        }
    }

# Celery: https://docs.celeryq.dev/en/stable/userguide/configuration.html
# With REDIS_URL, Redis is the broker. Without it, tasks are queued as files under
# CELERY_BROKER_DIR (kombu's filesystem transport, core/broker.py): `make run` starts the
# same worker and beat schedule as production with no server to install.
CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Fail fast when Redis is down: callers fall back to the scheduled sweep. max_retries=0
    # makes a publish try to connect once (not loop for CELERY_BROKER_CONNECTION_TIMEOUT);
    # the worker's own reconnection is governed by broker_connection_* and is unaffected.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "max_retries": 0,
    }
else:
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT = "core.broker:Transport"
    # Producers and the worker share one folder: what one writes, the other reads.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Tasks go to the broker and a worker runs them; the test suite runs them in-process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = "UTC"
# The beat schedule is kept in code (network_portal/celery.py); django-celery-beat does
# not support Django 6.1 yet.

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:profile-edit"
SITE_ID = 1

# django-allauth: https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Skills Innovation Network] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
# Changing or adding an email address asks for the password (or a second factor) again
# if the last confirmation is older than REAUTHENTICATION_TIMEOUT seconds; the password
# change form asks for the current password itself.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Security notices by email (through the outbox): the old address hears of an email
# change, the account's address of a password change or reset and of MFA changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True

# allauth MFA: https://docs.allauth.org/en/latest/mfa/configuration.html
# Optional for members, mandatory for staff and superusers (core/security/staff_mfa.py).
MFA_ADAPTER = "core.security.mfa_adapter.PortalMFAAdapter"
# Security keys (WebAuthn) as a second factor beside the app; not as a passwordless sign-in.
# Browsers accept them on https:// and on http://localhost (not on http://127.0.0.1).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Skills Innovation Network"
# One 30-second step either side of now, for phones whose clock drifts a little.
MFA_TOTP_TOLERANCE = 1
# No "trust this browser": every staff sign-in asks for the second factor.
MFA_TRUST_ENABLED = False
# Staff sessions: signed out this many hours after signing in, and after this many
# minutes without a request (members keep Django's two-week session).
STAFF_SESSION_MAX_HOURS = env.float("STAFF_SESSION_MAX_HOURS", default=12)
STAFF_SESSION_IDLE_MINUTES = env.float("STAFF_SESSION_IDLE_MINUTES", default=30)

# --- Client address and rate limits ---------------------------------------------------
# Limits count per client address. Behind a reverse proxy every request comes from the
# proxy, so say how to find the client's own address (allauth's rule, which the portal's
# limits share: core/ratelimit.py client_ip). Both unset (the default) trust no
# header: a client-sent X-Forwarded-For is ignored and REMOTE_ADDR is the client.
# https://docs.allauth.org/en/latest/common/rate_limits.html
# TRUSTED_PROXY_COUNT: how many proxies you run that append to X-Forwarded-For (nginx
# in front of gunicorn: 1; a load balancer before nginx: 2).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# TRUSTED_CLIENT_IP_HEADER: instead, a header your proxy always sets to the client's
# address, overwriting any the client sent (X-Real-IP, CF-Connecting-IP). Wins over the count.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
# allauth's limits, "amount/period/per" (per ip, key = the address typed in, user);
# counted in the cache above, and per process while Redis is down (core/cache.py).
ACCOUNT_RATE_LIMITS = {
    # Every sign-in POST, per address: generous, as an office or a workshop may share one.
    "login": "30/m/ip",
    # Failed sign-ins: per address 20 a minute (ten people mistyping behind one NAT still
    # get in), per account 5 in 5 minutes and 20 an hour (guessing one password from many
    # addresses); a successful password reset clears the account's count. Also counts
    # wrong second-factor codes, per account.
    "login_failed": "20/m/ip,5/5m/key,20/h/key",
    "signup": "10/m/ip,50/h/ip",
    # Reset emails: per address, and per target address so nobody is mail-bombed.
    "reset_password": "20/m/ip,3/10m/key,10/d/key",
    "reset_password_from_key": "20/m/ip",
    # Adding an address sends a confirmation to it.
    "manage_email": "10/m/user,30/h/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# The portal's own limits where abuse is cheap. Alerts and suggestions are counted in the
# database by their services (every path: pages, admin, API); reports in the cache.
ALERTS_PER_USER_MAX = 50  # saved alerts per person (followed categories are alerts too)
CALL_SUGGESTIONS_PER_DAY = 10  # suggested calls per member in any 24 hours
CALL_REPORTS_PER_HOUR = 5  # "outdated information" reports per person (or address if signed out)
CALL_REPORTS_PER_DAY = 20
FIND_HELP_MESSAGES_PER_HOUR = 5  # messages a member sends through "find help" (core.ratelimit)
FIND_HELP_MESSAGES_PER_DAY = 15
# Verification lookups (a code, a PDF or a badge PNG, and misses at /verify/<code>/) per
# client address in 10 minutes: enough for a person, useless for guessing codes.
BADGES_VERIFY_LOOKUPS_PER_10_MINUTES = env.int("BADGES_VERIFY_LOOKUPS_PER_10_MINUTES", default=30)
# Who signs the certificates issued automatically (course completion, Core Group ...).
BADGES_SIGNATORY_NAME = env("BADGES_SIGNATORY_NAME", default="Skills Innovation Network team")
BADGES_SIGNATORY_TITLE = env("BADGES_SIGNATORY_TITLE", default="International Labour Organization")

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# The portal serves uploads at MEDIA_URL itself, in production too (core/media.py:
# nosniff, a sandboxing CSP, images inline and anything else as a download). Set it to
# false when the proxy serves MEDIA_ROOT at /media/ or media live on S3 (README).
MEDIA_SERVE = env.bool("MEDIA_SERVE", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded images: PNG/JPEG/WebP only, checked and re-encoded (core/uploads.py).
IMAGE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
IMAGE_UPLOAD_MAX_PIXELS = 4096 * 4096
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email ----------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise messages are written to var/mail/ (one file per
# message) so a local run shows every email without a mail server.
# Django 6.1's MAILERS: https://docs.djangoproject.com/en/6.1/topics/email/
_email_host = env("EMAIL_HOST", default="")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env.int("EMAIL_PORT", default=587),
                "username": env("EMAIL_HOST_USER", default=""),
                "password": env("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    _email_backend = env(
        "EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
    )
    MAILERS = {
        "default": {
            "BACKEND": _email_backend,
            "OPTIONS": (
                {"file_path": str(env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail"))}
                if _email_backend.endswith("filebased.EmailBackend") or "EMAIL_FILE_PATH" in env
                else {}
            ),
        }
    }
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Skills Innovation Network <noreply@skills-network.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Portal admins", a) for a in env.list("DJANGO_ADMINS", default=[])]
