"""Requests generated from the OpenAPI schema, for every operation: none may fail the server,
and every answer must match what the schema documents.

Schemathesis calls the WSGI application in-process, inside each test's transaction, on the
real curated data, on whichever database the suite runs.
"""

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Reading the schema needs no database: it describes the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def served_like_the_test_client():
    # Django closes the database connection after each request it serves through WSGI,
    # which would end the test's transaction; the test client prevents it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    unthrottled = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}
    try:
        with override_settings(REST_FRAMEWORK=unthrottled):
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_breaks_the_api_or_its_schema(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ]
    )
