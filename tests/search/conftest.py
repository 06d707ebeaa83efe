"""Fixtures of the search tests."""

import pytest

from initiatives.models import ExpectedResult


@pytest.fixture
def e_waste_result() -> ExpectedResult:
    """AMS5's adopted result 5, on e-waste legislation: found by "e-waste"."""
    return ExpectedResult.objects.select_related("initiative").get(
        initiative__slug="2026-2029-ams5", number=5
    )
