"""One error tree: every landfall error has its own exit code and an HTTP status, at each boundary."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landfall import errors
from landfall.api.errors import STATUS, install, status_of
from landfall.errors import Diagnostic, LandfallError, RulebookError, Where


def _tree(root: type[LandfallError]) -> list[type[LandfallError]]:
    found = []
    for sub in root.__subclasses__():
        found += [sub, *_tree(sub)]
    return found


SUBCLASSES = _tree(LandfallError)


def _error(kind: type[LandfallError]) -> LandfallError:
    return kind(Diagnostic("some-code", "something", Where(field="x"), "do this"))


def test_the_tree_is_the_one_drawn_in_errors() -> None:
    names = {k.__name__ for k in SUBCLASSES}
    assert names == {
        "InputError",
        "RulebookError",
        "NotFoundError",
        "StorageError",
        "IntegrityError",
        "ForbiddenError",
        "AuthError",
    }
    assert all(k.__module__ == "landfall.errors" for k in SUBCLASSES)
    assert errors.__doc__ is not None
    assert all(name in errors.__doc__ for name in names)


def test_every_error_class_has_a_distinct_exit_code() -> None:
    codes = [k.exit_code for k in SUBCLASSES]
    assert len(set(codes)) == len(codes), {k.__name__: k.exit_code for k in SUBCLASSES}
    # 0 is success and 1 the violation of --fail-on-violation (and the bare base class)
    assert not {0, 1} & set(codes)


def test_every_error_class_has_its_own_http_status_entry() -> None:
    mapped = dict(STATUS)
    assert set(SUBCLASSES) <= set(mapped), "no HTTP status for some error class"
    for kind in SUBCLASSES:
        assert status_of(_error(kind)) == mapped[kind]


def test_a_rulebook_bug_is_a_server_error_not_the_clients() -> None:
    assert status_of(_error(RulebookError)) == 500


@pytest.mark.parametrize("kind", SUBCLASSES, ids=lambda k: k.__name__)
def test_the_api_answers_each_error_with_its_status_and_diagnostic(
    kind: type[LandfallError],
) -> None:
    app = FastAPI()
    install(app)

    @app.get("/fail")
    def fail() -> None:
        raise _error(kind)

    response = TestClient(app, raise_server_exceptions=False).get("/fail")
    assert response.status_code == dict(STATUS)[kind]
    assert response.json()["error"]["code"] == "some-code"
    assert response.json()["error"]["hint"] == "do this"


@pytest.mark.parametrize("kind", SUBCLASSES, ids=lambda k: k.__name__)
def test_the_cli_exits_with_each_errors_code_through_one_renderer(
    kind: type[LandfallError],
) -> None:
    import typer

    from landfall.cli import diagnostics

    app = typer.Typer()

    @app.command()
    @diagnostics
    def fail() -> None:
        raise _error(kind)

    result = CliRunner().invoke(app, [])
    assert result.exit_code == kind.exit_code
    assert result.stderr.splitlines() == ["error: x: [some-code] something", "  hint: do this"]
