"""Shared test set-up: the real curated data, loaded once per test database."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Every test runs inside a transaction that is rolled back, on top of the full
    # knowledge base loaded here once; tests that need other data make it themselves.
    with django_db_blocker.unblock():
        call_command("load_portal_data", stdout=StringIO())


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # A request activates its page's language for the rest of its thread, as Django's
    # LocaleMiddleware does; code a test calls directly starts in English, as in a process.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_caches():
    # Rendered pages are cached under their ETag, which a rolled-back test does not change:
    # each test starts from empty caches, as a fresh process does.
    from core.conditional import forget_everything_kept

    forget_everything_kept()


def pytest_collection_modifyitems(items):
    # xdist's group scheduling (make test) keys tests by node id: two tests sharing one
    # would run as one, and the other would be silently lost.
    repeated = [nodeid for nodeid, count in Counter(i.nodeid for i in items).items() if count > 1]
    if repeated:
        raise pytest.UsageError(f"Tests share a node id, so one would not run: {repeated[:3]}")


@pytest.fixture
def editor_client(client, django_user_model, settings):
    """`client`, signed in as a superuser without a second factor, which production would
    refuse."""
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")
    client.force_login(user)
    return client


@pytest.fixture
def curation_editor(client, django_user_model):
    """An editor as the README makes one: staff, in the "Editors" group, no superuser;
    `client` is signed in as them."""
    from django.contrib.auth.models import Group

    from core.editors import EDITORS

    user = django_user_model.objects.create_user("amina", "amina@example.org", "pw-123456")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user
