"""Property-based tests from the published OpenAPI: no 500s, documented status codes only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from landfall.api import create_app
from landfall.settings import Settings

from .support import build_template, fresh_world


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    directory = tmp_path_factory.mktemp("schemathesis")
    template = directory / "template.db"
    build_template(template)
    world = fresh_world(template, directory)
    yield create_app(Settings(db=world.url, max_body_bytes=64 * 1024))


@pytest.fixture(scope="module")
def api_schema(api: FastAPI) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", api)


# Operations whose parameters constrain each other in a way OpenAPI cannot state (``to`` on or
# after ``from``): a schema-valid pair in the wrong order is a 422 `invalid-interval` by design,
# so the "schema-valid data is accepted" check is not asked of them (every other check is).
CROSS_PARAMETER = {("GET", "/api/changes")}


def test_api_follows_its_schema(api_schema: schemathesis.schemas.BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            if (case.method.upper(), case.path) in CROSS_PARAMETER:
                case.call_and_validate(excluded_checks=[positive_data_acceptance])
            else:
                case.call_and_validate()

        check()


def test_openapi_is_published(api_schema: schemathesis.schemas.BaseSchema) -> None:
    paths = set(api_schema.raw_schema["paths"])
    assert "/api/companies/{company}/assessment" in paths
    assert "/api/events" in paths
