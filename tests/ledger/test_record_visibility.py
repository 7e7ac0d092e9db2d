"""A company or resource record is public as its own ``public`` says; absent, as its document
publishes an event about the company (issue 11, F5)."""

from __future__ import annotations

from typing import Any

import pytest

from landfall.facts.model import FactsDocument
from landfall.ledger import document_events


def records(company_flag: bool | None, resource_flag: bool | None, published: bool) -> Any:
    company: dict[str, Any] = {"id": "acme"}
    resource: dict[str, Any] = {"id": "acme.social", "company": "acme"}
    if company_flag is not None:
        company["public"] = company_flag
    if resource_flag is not None:
        resource["public"] = resource_flag
    doc = {
        "landfall": 1,
        "companies": [company],
        "resources": [resource],
        "events": [
            {"date": "2024-01-01", "type": "rkn_account", "company": "acme", "public": published}
        ],
    }
    return {e.type: e.public for e in document_events(FactsDocument.model_validate(doc))}


@pytest.mark.parametrize("published", [True, False])
def test_without_a_flag_a_record_follows_its_document(published: bool) -> None:
    found = records(None, None, published)
    assert (found["company"], found["resource"]) == (published, published)


@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize("flag", [True, False])
def test_a_flag_decides_whatever_the_document_publishes(flag: bool, published: bool) -> None:
    found = records(flag, not flag, published)
    assert (found["company"], found["resource"], found["rkn_account"]) == (
        flag,
        not flag,
        published,
    )
