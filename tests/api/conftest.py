from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from landfall.api import create_app
from landfall.settings import Settings

from .support import World, build_template, fresh_world


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    build_template(path)
    return path


@pytest.fixture
def world(template_db: Path, tmp_path: Path) -> World:
    return fresh_world(template_db, tmp_path)


@pytest.fixture
def app(world: World) -> Iterator[FastAPI]:
    app = create_app(Settings(db=world.url, max_body_bytes=64 * 1024))
    yield app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
