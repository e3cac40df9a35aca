"""Settings shared by every environment. Secure by default: each environment relaxes what it must.

Every value that differs between machines comes from the environment; `.env.example` lists them.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY", required=True)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "eyesandears.accounts",
    "eyesandears.core",
    "courses",
    "quizzes",
    "certificates",
    "organisations",
    "licensing",
    "briefings",
    "seminars",
    "outreach",
    "wagtail_localize",
    "wagtail_localize.locales",  # the Locales admin, replacing wagtail.locales
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "eyesandears.accounts.wagtail_users.UsersAppConfig",  # wagtail.users, with this project's user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "eyesandears.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL: no prefix is English, /ur/ and /pl/ the others.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "eyesandears.core.middleware.SessionLimitsMiddleware",
    "eyesandears.core.middleware.AdminMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "eyesandears.urls"
WSGI_APPLICATION = "eyesandears.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
FORM_RENDERER = "eyesandears.core.forms.AccessibleFormRenderer"

# Database: DATABASE_URL (postgres://...) in production; a SQLite file on a fresh machine.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that stops answering (rather than refusing) fails a request in seconds, not at
    # gunicorn's worker timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every process, needed for rate limits that hold
# across app servers); otherwise a per-process memory cache, which is still a real cache.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "eyesandears.core.cache.FailOpenRedisCache",  # a Redis outage is a cache miss
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "eae"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "eyesandears.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "eyesandears.accounts.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Eyes and Ears: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env_str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's defaults (login_failed 10/m per IP and 5/5m per account, and the rest) stay on;
# they are kept in the cache above.
ACCOUNT_RATE_LIMITS = {}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Eyes and Ears")

# Internationalisation
LANGUAGE_CODE = "en-gb"
# The interface and the training are offered in these languages; the certificate stays in English.
LANGUAGES = [
    ("en-gb", "English"),
    ("ur", "اردو"),
    ("pl", "Polski"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The interface's catalogues; LOCALE_DIR lets the catalogue test extract into a copy.
LOCALE_PATHS = [Path(env_str("LOCALE_DIR", str(BASE_DIR / "locale")))]
# A new translation starts as a draft that the editor fills in in Wagtail's own editor, so that it goes
# through the same "CSE co-ordinator review" workflow as the original before it is published.
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "simple"
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Certificate PDFs hold personal data: a folder outside MEDIA_ROOT with no public URL.
    "private": {
        "BACKEND": "eyesandears.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app servers and workers need one shared store: S3-compatible object storage through
# django-storages (`pip install -e '.[s3]'`), private files in a bucket with no public access.
OBJECT_STORAGE_BUCKET = env_str("OBJECT_STORAGE_BUCKET")
if OBJECT_STORAGE_BUCKET:
    _bucket = {
        "bucket_name": OBJECT_STORAGE_BUCKET,
        "endpoint_url": env_str("OBJECT_STORAGE_ENDPOINT_URL") or None,
        "region_name": env_str("OBJECT_STORAGE_REGION") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_bucket, "location": "media"}}
    STORAGES["private"] = {
        "BACKEND": "eyesandears.core.storage.PrivateS3Storage",
        "OPTIONS": {**_bucket, "location": "private", "default_acl": "private", "querystring_auth": True},
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail goes out through a Celery task; EMAIL_DELIVERY_BACKEND is what the task sends with.
EMAIL_BACKEND = "eyesandears.core.mail.CeleryEmailBackend"
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Eyes and Ears <no-reply@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a broker when CELERY_BROKER_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 90)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish gives up quickly when the broker is away, so a request is never held up by it;
# the database stays the truth and periodic sweeps re-enqueue what did not go out.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# With Redis, a message taken by a worker that dies before acknowledging it goes back on the queue
# after `visibility_timeout` seconds. It must be longer than any task may run (CELERY_TASK_TIME_LIMIT)
# and than the longest retry countdown (RetryingTask.retry_backoff_max, 600 s), which a worker also
# holds unacknowledged, or a message still being worked on is handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 2,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900),
}
CELERY_TIMEZONE = TIME_ZONE
# Staff upload previews and list-check results name other people: deleted this many days after.
WORKING_FILES_DAYS = env_int("WORKING_FILES_DAYS", 30)
CELERY_BEAT_SCHEDULE = {
    "sweep-unrendered-certificates": {"task": "certificates.sweep_unrendered", "schedule": 300.0},
    "sweep-bulk-checks": {"task": "licensing.sweep_bulk_checks", "schedule": 120.0},
    "resume-stalled-briefing-mailouts": {"task": "briefings.resume_stalled_mailouts", "schedule": 600.0},
    "send-expiry-reminders": {
        "task": "certificates.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "send-renewal-reminders": {
        "task": "licensing.send_renewal_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
    # Seminars tomorrow: a reminder to each person with a place, once (hourly in the day, for late bookings).
    "send-seminar-reminders": {"task": "seminars.send_reminders", "schedule": crontab(hour="8-20", minute=5)},
    "remove-abandoned-partial-files": {"task": "core.remove_abandoned_partial_files", "schedule": crontab(minute=50)},
    "delete-old-uploads": {"task": "organisations.delete_old_uploads", "schedule": crontab(hour=3, minute=5)},
    "delete-old-bulk-checks": {"task": "licensing.delete_old_bulk_checks", "schedule": crontab(hour=3, minute=10)},
    # Remove people past the retention period (Council settings > Data protection).
    "anonymise-inactive-people": {
        "task": "accounts.anonymise_inactive_people",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Security: on unless an environment turns it off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A signed-in session ends SESSION_IDLE_TIMEOUT seconds after its last request (activity pushes the
# expiry on, at most once a minute) and SESSION_ABSOLUTE_TIMEOUT seconds after sign-in however busy:
# eyesandears.core.middleware.SessionLimitsMiddleware. The SESSION_COOKIE_AGE environment variable, the
# older name for how long a session may last, is still read as the absolute limit.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", env_int("SESSION_COOKIE_AGE", 8 * 60 * 60))
X_FRAME_OPTIONS = "DENY"

# Content security policy (django-csp 4). Public, learner, manager and officer pages run no inline
# script or style at all: every script and stylesheet is a file under /static/, and images are ours
# or data: URIs (the QR code when setting up an authenticator app). Videos are the site's own
# documents or links out, never embedded, so no frame sources are allowed.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [NONE],
        "worker-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail admin (/admin/) gets this one instead (see ContentSecurityPolicyMiddleware for why):
# Wagtail still writes inline <script> elements and inline styles, shows image previews from blob:
# URLs, and frames its own page previews. Still nothing from any other origin.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Eyes and Ears"
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# The admin calls out to no other site: no update check, and no Gravatar (which would also tell
# Gravatar who the staff are).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USER_EDIT_FORM = "eyesandears.accounts.wagtail_forms.WagtailUserEditForm"
WAGTAIL_USER_CREATION_FORM = "eyesandears.accounts.wagtail_forms.WagtailUserCreationForm"
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name", "preferred_language"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# What `manage.py seed_demo` loads, in order (each app seeds its own part of the demo council).
DEMO_SEEDERS = [
    "eyesandears.core.demo.seed", "courses.demo.seed", "quizzes.demo.seed", "courses.translation_demo.seed",
    "organisations.demo.seed", "licensing.demo.seed", "briefings.demo.seed", "seminars.demo.seed",
    "outreach.demo.seed",
]

# Certificates: checks of a code allowed per client address (django-ratelimit, kept in the cache).
CERTIFICATE_CHECK_RATE = env_str("CERTIFICATE_CHECK_RATE", "30/m")
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None

# The quiz report hides its figures when fewer attempts than this match (so no one's answers show).
QUIZ_REPORT_MIN_ATTEMPTS = env_int("QUIZ_REPORT_MIN_ATTEMPTS", 5)

# Compliance: a current certificate is "expiring soon" within this many days of its expiry.
COMPLIANCE_EXPIRING_DAYS = env_int("COMPLIANCE_EXPIRING_DAYS", 60)

# Staff uploads: the largest file and the most people a manager can upload at once.
ORGANISATION_UPLOAD_MAX_BYTES = env_int("ORGANISATION_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
ORGANISATION_UPLOAD_MAX_ROWS = env_int("ORGANISATION_UPLOAD_MAX_ROWS", 5000)

# Licensing: the largest list an officer can check at once.
LICENSING_BULK_MAX_ROWS = env_int("LICENSING_BULK_MAX_ROWS", 50_000)
LICENSING_BULK_MAX_BYTES = env_int("LICENSING_BULK_MAX_BYTES", 10 * 1024 * 1024)
# ...and the largest register file an officer can import at once.
LICENSING_REGISTER_MAX_ROWS = env_int("LICENSING_REGISTER_MAX_ROWS", 5000)
LICENSING_REGISTER_MAX_BYTES = env_int("LICENSING_REGISTER_MAX_BYTES", 5 * 1024 * 1024)

# Training: a pass is "due for refresher" this many days before it runs out.
COURSES_REFRESHER_WINDOW_DAYS = env_int("COURSES_REFRESHER_WINDOW_DAYS", 60)

# Off except under `make bench`: routes /bench/bare/, a bare view that is the benchmark's baseline.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", False)

# Licensing API (/api/v1/): requests allowed per API key (django-ratelimit, kept in the cache above).
LICENSING_API_RATE = env_str("LICENSING_API_RATE", "120/m")
# django-ninja is an app only so its API docs page is served from our own static files, not a CDN.
INSTALLED_APPS += ["ninja"]
