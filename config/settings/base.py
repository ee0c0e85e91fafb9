"""Settings shared by every environment. Every environment variable is read here, through `env()`."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

ENVIRONMENT_VARIABLES: dict[str, str] = {}


def env(name: str, default: str, doc: str) -> str:
    """Read one environment variable; the doc line ends up in `ENVIRONMENT_VARIABLES` for the README."""
    ENVIRONMENT_VARIABLES[name] = doc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool, doc: str) -> bool:
    return env(name, "1" if default else "0", doc).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str, doc: str) -> list[str]:
    return [item.strip() for item in env(name, default, doc).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "", "Django's secret key; required in production.")
DEBUG = env_bool("DEBUG", False, "Show debug pages. Never on in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "", "Comma-separated host names the site answers to.")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins (https://host) trusted for POSTs behind a proxy."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    # MFA for local accounts (accounts.mfa): before accounts, whose admin replaces theirs.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "dossier",
    "finance",
    "scenarios",
    "documents",
    "werkgroep",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.MFARequiredMiddleware",  # after the log-in gate: sends to verify or enrol
    "django.contrib.messages.middleware.MessageMiddleware",
    "dossier.middleware.HtmxLoginRedirectMiddleware",
    "dossier.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Content-Security-Policy: only the site's own scripts, styles, fonts and requests; no inline script or style, no
# eval (htmx is configured for it in base.html: no injected indicator styles, no eval, self requests only). Images
# may be data: URIs (the matplotlib charts).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "dossier.access.dossier_context",
                "werkgroep.context_processors.notifications",
            ],
        },
    }
]

# django-axes: lock a username on one address out after repeated failed logins; both backends, axes first.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5", "Failed logins before a username/address is locked out."))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(env("AXES_COOLOFF_MINUTES", "15", "Minutes a locked-out username/address has to wait."))
)
# Two counters: a user name on one address (AXES_FAILURE_LIMIT), and one address across all user names (password
# spraying, AXES_ADDRESS_FAILURE_LIMIT, higher: a gemeente's users may share one address). axes compares one number
# with one limit, so accounts.throttle.AxesHandler weighs the two sets (docs/security.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "accounts.throttle.AxesHandler"
AXES_ADDRESS_FAILURE_LIMIT = int(
    env("AXES_ADDRESS_FAILURE_LIMIT", "10", "Failed logins from one address, any user names, before it is locked out.")
)
AXES_RESET_ON_SUCCESS = True  # resets the user name on that address only (accounts.throttle.AxesHandler)
AXES_VERBOSE = False  # no banner on every manage.py command (scripts read stderr); dossier.audit logs the failures
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0", "Reverse proxies in front of the app (client address)."))
AXES_SENSITIVE_PARAMETERS = ["password"]

# MFA for local accounts (accounts.mfa, django-otp): a TOTP authenticator app plus single-use backup codes. Required for
# beheer (is_staff) and for whoever enrolled; offered to every other local account, or required for all of them.
# Sessions from a back-end listed in MFA_EXEMPT_BACKENDS (the gemeente's SSO, whose identity provider does its own
# MFA) are never asked.
MFA_REQUIRED_FOR_ALL_LOCAL = env_bool(
    "MFA_REQUIRED_FOR_ALL_LOCAL",
    False,
    "Require MFA (an authenticator app) of every account that logs in with a password, not only of beheer.",
)
MFA_EXEMPT_BACKENDS = ["accounts.sso.Backend"]
MFA_BACKUP_CODES = 10  # single-use backup codes shown once at enrolment and on renewal
OTP_TOTP_ISSUER = env("MFA_ISSUER", "Beslisdossier", "The name the authenticator app shows beside the code.")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # never a TOTP key or QR code in the admin

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
            "Database URL; postgres://user:pass@host:5432/name picks PostgreSQL. Default: SQLite in var/.",
        ),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0", "Seconds a database connection is kept open.")),
        # A kept connection is checked before use, so the app recovers by itself after a database restart.
        conn_health_checks=True,
    )
}
# A fresh checkout has no var/: create the SQLite file's folder, so any manage.py command (also the system
# checks, which open the database for the JSON field check) works before `make run` made it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] not in ("", ":memory:"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The server and the task worker write to the same file: a transaction takes the write lock when it begins (so
    # two never deadlock on upgrading their locks), readers do not wait for writers (WAL), and a writer waits its
    # turn for up to 20 s instead of failing with "database is locked". WAL is set once per file (dossier/sqlite.py).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
# Production refuses SQLite (config/settings/production.py) unless this says it was chosen knowingly; even then
# `check --deploy` warns (dossier/checks.py).
ALLOW_SQLITE_IN_PRODUCTION = env_bool(
    "ALLOW_SQLITE_IN_PRODUCTION",
    False,
    "Let the production settings run on SQLite (one host, light use); `check --deploy` still warns.",
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. `reference`: the finance reference data (and what is kept beside it), under a key that holds the generation
# that every write of it changes in the database (finance.reference), so a per-process cache is correct on any
# number of hosts; a shared backend (Redis, Memcached) only saves each process its first read of a generation
# (docs/operations.md). `computed`: values keyed by a digest of everything they are computed from (a scenario's
# population projection, the fan chart), so never stale; a shared backend lets hosts share them. `default`: Django's
# own per-process memory cache, used by nothing of the application.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "reference": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "finance-reference",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    "computed": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "computed",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
# The worker processes of one host share what they computed (finance.computed: every entry is keyed by its whole
# input, so sharing is always correct) in a directory on local disk, which Django creates private to the user the
# application runs as (0700); what one worker computed after an edit, the other finds (docs/operations.md).
COMPUTED_CACHE_DIR = env(
    "COMPUTED_CACHE_DIR", "", "Local directory where one host's processes share the computed cache; empty: per process."
)
if COMPUTED_CACHE_DIR:
    CACHES["computed"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": COMPUTED_CACHE_DIR,
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 300},
    }

# Background work (rendering a version's PDFs) through Django's tasks framework, stored in the database: no broker.
# `manage.py db_worker` runs the tasks (`make run` starts it beside the server; see the README for production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters (docs/security.md).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password reset requests (accounts.throttle): per client address and per e-mail address typed, in one window.
PASSWORD_RESET_ADDRESS_LIMIT = int(
    env("PASSWORD_RESET_ADDRESS_LIMIT", "5", "Password reset requests from one address per window; more get 429.")
)
PASSWORD_RESET_ACCOUNT_LIMIT = int(
    env("PASSWORD_RESET_ACCOUNT_LIMIT", "3", "Password reset mails to one e-mail address per window; no more are sent.")
)
PASSWORD_RESET_WINDOW = timedelta(
    minutes=int(env("PASSWORD_RESET_WINDOW_MINUTES", "60", "Minutes over which password reset requests are counted."))
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dossier:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static"), "Where collectstatic puts files."))

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600), "Longest session lifetime in seconds."))
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60), "Seconds without a request before log-out."))
SESSION_IDLE_RESOLUTION = 60  # the last request's moment is stored at most once a minute
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO", "Root log level.")},
    # WeasyPrint reports every rendering step at INFO; its warnings (a refused resource, a missing font) stay.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # Log-ins, log-outs, failed log-ins and lock-outs (django-axes), refused requests (django.request logs
        # 403/404 with the path only): never a password or a session key.
        "dossier.audit": {"level": "INFO"},
        "axes": {"level": "INFO"},
    },
}

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000", "Public address of the site, for links in e-mails.")
ROUTE_SWEEP_TIME = env(
    "ROUTE_SWEEP_TIME", "07:00", "Local time (HH:MM) the worker's daily sweep runs: route reminders and e-mail digests."
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "beslisdossier@localhost", "Sender of the e-mails the app sends.")

# django-simple-history: record the request user on every change.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# `manage.py dossier_import` refuses a larger file before reading it into memory (issue 20).
IMPORT_MAX_BYTES = int(
    env("IMPORT_MAX_BYTES", str(200 * 1024 * 1024), "Largest file `manage.py dossier_import` reads, in bytes.")
)

# The optional hand-off of a decided version to a zaaksysteem (ZGW APIs, documents/handoff.py): off while empty.
ZGW_HANDOFF_FILE = env(
    "ZGW_HANDOFF_FILE",
    "",
    "JSON file with each gemeente's zaaksysteem for the ZGW hand-off (API addresses, client id and secret, catalogue "
    "types, the zaak per dossier); empty: the hand-off is off. Keep it outside the repository, readable by the app "
    "only.",
)

# SSO: log-in through the gemeente's identity provider with OpenID Connect (accounts/sso.py, mozilla-django-oidc).
# Off while OIDC_RP_CLIENT_ID is empty: no button on the login page, /oidc/ answers 404, no SSO session is valid.
# The endpoints are given explicitly (from the provider's /.well-known/openid-configuration), not discovered.
OIDC_RP_CLIENT_ID = env(
    "OIDC_RP_CLIENT_ID", "", "SSO: this application's client id at the gemeente's OpenID provider; empty: SSO is off."
)
OIDC_RP_CLIENT_SECRET = env(
    "OIDC_RP_CLIENT_SECRET", "", "SSO: the client secret (confidential client); keep it out of the repository."
)
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "", "SSO: the provider's issuer (`iss` of its ID tokens), exactly.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "", "SSO: the provider's authorization URL.")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "", "SSO: the provider's token URL.")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "", "SSO: the provider's userinfo URL.")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "", "SSO: the provider's JWKS URL (its RS256 signing keys).")
OIDC_OP_LOGOUT_ENDPOINT = env(
    "OIDC_OP_LOGOUT_ENDPOINT", "", "SSO: the provider's end-session URL; empty: logging out ends the session here only."
)
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile", "SSO: the scopes asked for (space-separated).")
OIDC_PROVIDER_NAME = env(
    "OIDC_PROVIDER_NAME", "gemeente", 'SSO: the name on the login page\'s button ("Inloggen met <name>-account").'
)
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10", "SSO: seconds at most for each request to the provider."))
OIDC_RP_SIGN_ALGO = "RS256"  # ID tokens signed by the provider's key (JWKS), never with the shared secret
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_VERIFY_SSL = True
OIDC_CREATE_USER = True  # without memberships: beheer gives those per dossier
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = SESSION_COOKIE_AGE
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
OIDC_OP_LOGOUT_URL_METHOD = "accounts.sso.provider_logout_url" if OIDC_OP_LOGOUT_ENDPOINT else ""
# Last: force_login (tests) takes the first backend with get_user, which must stay ModelBackend.
AUTHENTICATION_BACKENDS.append("accounts.sso.Backend")  # authenticates nobody while SSO is off
TEMPLATES[0]["OPTIONS"]["context_processors"].append("accounts.sso.context")
AXES_SENSITIVE_PARAMETERS += ["code", "state"]  # a failed SSO callback's query string, as django-axes stores it
