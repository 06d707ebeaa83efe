"""Settings for the test suite: production settings with a throwaway secret.

Tests run with debug off, as production does; only what a test run cannot have
(a real secret, TLS, a collected static manifest) is replaced.
"""

import os
from pathlib import Path

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-suite-only-secret-key-with-enough-length-0123456789"
)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: E402, F403
from config.settings import STORAGES  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The tests that sign backups set their own key; the environment's must not sign the rest.
PORTAL_BACKUP_SIGNING_KEY = ""
# Each test run writes its downloads to a folder of its own, never into the checkout.
if "PORTAL_DOWNLOADS_DIR" not in os.environ:
    import tempfile

    PORTAL_DOWNLOADS_DIR = Path(tempfile.mkdtemp(prefix="portal-downloads-"))
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every request reads the data version, so that query counts do not depend on timing.
PORTAL_DATA_VERSION_MAX_AGE = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders, as in development, instead of a collected root.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
