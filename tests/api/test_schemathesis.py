"""Property-based: schemathesis generates requests from the served OpenAPI schema, valid and invalid, and every
answer must keep to the schema (status codes, content type, body shape, headers) and never be a server error."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]

EXAMPLES = 12  # per operation and mode: bounded so the whole run takes seconds, not minutes
OPERATIONS = 15


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, kept from closing the test's database connection around each request
    (as Django's own test client does), so every request sees this test's data, on PostgreSQL too."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


def _checker(operation, mode: GenerationMode, cases: Counter):
    """A hypothesis test sending `mode` requests for one operation and validating every answer."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: a failure here is reproducible
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        cases[mode] += 1
        # The in-process WSGI client does not undo gzip, as an HTTP client would.
        case.call_and_validate(headers={"Accept-Encoding": "identity"})

    return check


def test_every_operation_keeps_to_the_served_schema(wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    cases: Counter = Counter()

    for operation in operations:
        # Invalid requests need a parameter to get wrong; /plan and the index take none.
        takes_parameters = bool(operation.definition.raw.get("parameters"))
        modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if takes_parameters else (GenerationMode.POSITIVE,)
        for mode in modes:
            try:
                _checker(operation, mode, cases)()
            except Unsatisfiable:
                # A free-text slug has no invalid value to send; only negative runs may find none.
                assert mode is GenerationMode.NEGATIVE, operation.label

    assert cases[GenerationMode.POSITIVE] >= OPERATIONS
    assert cases[GenerationMode.NEGATIVE] > 0  # limits, enums and numbers were sent wrong, and refused
    # No wall-clock bound: EXAMPLES caps the work, and a busy machine (CI runs two suites at once) is slower.
