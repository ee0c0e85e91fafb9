"""Production: PostgreSQL via DATABASE_URL, secrets from the environment, HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False
DEMO_ACCOUNTS = False
if not SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) this site answers to.")
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not ALLOW_SQLITE_IN_PRODUCTION:  # noqa: F405
    # The default DATABASE_URL is SQLite: a forgotten variable must not put production silently on a local file.
    raise ImproperlyConfigured(
        "Production needs PostgreSQL: set DATABASE_URL=postgres://… "
        "(or ALLOW_SQLITE_IN_PRODUCTION=1 to run on SQLite knowingly)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True, "Redirect plain HTTP to HTTPS.")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600), "HSTS max-age in seconds."))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", "Django e-mail backend."),
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost", "SMTP server."),
            "port": int(env("EMAIL_PORT", "25", "SMTP port.")),
            "use_tls": env_bool("EMAIL_USE_TLS", False, "Use STARTTLS for SMTP."),
        },
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
