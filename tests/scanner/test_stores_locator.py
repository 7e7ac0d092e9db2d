from __future__ import annotations

from pathlib import Path

import pytest

from landfall.errors import InputError
from landfall.scanner.locator import locate, region_country, region_from_host
from landfall.scanner.stores import Store, expand_env, load_stores, mask_url


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stores.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_contract_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "stores:\n"
        "  - id: users-ru\n    company: acme\n    url: postgresql://scanner@127.0.0.1/app\n"
        "    country: RU\n    role: primary\n    tables: [users, orders]\n",
    )
    (store,) = load_stores(path)
    assert (store.id, store.country, store.role, store.tables) == (
        "users-ru", "RU", "primary", ["users", "orders"],
    )  # fmt: skip
    assert store.source_line == 2


def test_error_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "stores:\n  - id: a\n    company: acme\n    url: x.parquet\n    role: primary\n"
        "  - id: b\n    company: acme\n    url: y.parquet\n    role: mirror\n",
    )
    with pytest.raises(InputError) as e:
        load_stores(path)
    d = e.value.diagnostics[0]
    assert d.code == "store-invalid"
    assert (d.where.file, d.where.line, d.where.field) == (str(path), 9, "stores[1].role")


def test_duplicate_ids_and_bad_yaml(tmp_path: Path) -> None:
    dup = "stores:\n" + "  - {id: a, company: acme, url: x.csv, role: backup}\n" * 2
    with pytest.raises(InputError, match="already used on line 2") as e:
        load_stores(write(tmp_path, dup))
    assert e.value.code == "store-duplicate-id"
    with pytest.raises(InputError) as e:
        load_stores(write(tmp_path, "stores: [\n"))
    assert e.value.code == "stores-yaml-invalid"


def test_env_expansion_and_masking(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(id="s", company="acme", role="primary", url="mysql://u:${DBPW}@h/db")
    monkeypatch.setenv("DBPW", "s3cr3t-pw")
    assert expand_env(store) == "mysql://u:s3cr3t-pw@h/db"
    literal = Store(id="s", company="acme", role="primary", url="mysql://u:hunter22@h/db")
    assert mask_url(literal.url) == "mysql://u:***@h/db"
    assert "hunter22" not in repr(literal) and "hunter22" not in str(literal)
    monkeypatch.delenv("DBPW")
    with pytest.raises(InputError, match="DBPW") as e:
        expand_env(store)
    assert e.value.code == "store-env-missing"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        pytest.param("db1.c9akciq32.eu-central-1.rds.amazonaws.com", "DE", id="aws-frankfurt"),
        pytest.param("x.us-east-1.rds.amazonaws.com", "US", id="aws-virginia"),
        pytest.param("rc1a-abcdef123.mdb.yandexcloud.net", "RU", id="yandex-mdb"),
        pytest.param("vm.westeurope.cloudapp.azure.com", "NL", id="azure"),
        pytest.param("ru-1.example.com", None, id="not-a-provider-domain"),
        pytest.param("eu-central-1.example.org", None, id="aws-code-elsewhere"),
    ],
)
def test_region_from_host(host: str, expected: str | None) -> None:
    found = region_from_host(host)
    assert (found[2] if found else None) == expected


@pytest.mark.parametrize(
    ("code", "country"),
    [("ru-central1", "RU"), ("eu-central-1", "DE"), ("europe-west3", "DE"),
     ("germanywestcentral", "DE"), ("ru-msk", "RU"), ("ru-moscow-1", "RU"), ("ru-7", "RU"),
     ("kz1", "KZ")],
)  # fmt: skip
def test_region_table(code: str, country: str) -> None:
    hit = region_country(code)
    assert hit is not None and hit[1] == country


def test_locate_order() -> None:
    def store(**kw: str) -> Store:
        return Store.model_validate({"id": "s", "company": "acme", "role": "replica", **kw})

    declared = locate(store(url="postgresql://h.eu-central-1.rds.amazonaws.com/db", country="RU"))
    assert (declared.country, declared.method) == ("RU", "declared")
    region = locate(store(url="postgresql://127.0.0.1/db", region="ru-central1"))
    assert (region.country, region.method) == ("RU", "cloud-region")
    host = locate(store(url="postgresql://u@db.abc.eu-central-1.rds.amazonaws.com/db"))
    assert (host.country, host.method) == ("DE", "cloud-region")
    geo = locate(store(url="postgresql://u@77.88.55.242:5432/db"))
    assert (geo.country, geo.method) == ("RU", "geoip")
    local = locate(store(url="postgresql://u@127.0.0.1/db"))
    assert (local.country, local.method) == (None, None)
    assert "loopback" in local.reason
    files = locate(store(url="/data/*.parquet"))
    assert files.country is None
