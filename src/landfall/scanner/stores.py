"""The stores file: which data stores to scan, whose they are and what role they play.

Loaded with line numbers kept, so that every error names the file, the line and the field.
Credentials stay out of sight: URLs keep their ``${VAR}`` references until a source opens
the store, and every URL shown to a person goes through :func:`mask_url`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from landfall.errors import input_error

__all__ = ["Engine", "Store", "expand_env", "is_file_url", "load_stores", "mask_url", "secrets_of"]

Role = Literal["primary", "replica", "backup"]
Engine = Literal["local", "spark"]
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Store(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    company: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    # repr=False: a URL may hold a literal password; show it only through mask_url.
    url: str = Field(min_length=1, repr=False)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    role: Role
    tables: list[str] | None = None
    # Cloud region code as the provider spells it (eu-central-1, ru-central1, ...).
    region: str | None = None
    # Row limit per table: a sample instead of a full scan.
    sample: int | None = Field(default=None, gt=0)
    # Where the detectors run: in this process (DuckDB/Arrow) or on Spark (file stores only).
    engine: Engine = "local"
    # Where the store was declared, for error messages.
    source_file: str | None = Field(default=None, exclude=True, repr=False)
    source_line: int | None = Field(default=None, exclude=True, repr=False)

    @model_validator(mode="after")
    def _spark_only_for_files(self) -> Store:
        if self.engine == "spark" and not is_file_url(self.url):
            raise ValueError("engine: spark reads Parquet/CSV file stores only (a path or glob)")
        return self


def is_file_url(url: str) -> bool:
    """A path or glob of files (or ``file://``), not a database URL."""
    return "://" not in url or url.lower().startswith("file://")


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (env references are kept: they are names)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable url>"
    if not parts.netloc or "@" not in parts.netloc:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, has_password, _ = userinfo.partition(":")
    netloc = f"{user}:***@{hostport}" if has_password else f"{user}@{hostport}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def expand_env(store: Store, environ: dict[str, str] | None = None) -> str:
    """The store's URL with ``${VAR}`` references replaced from the environment."""
    env = os.environ if environ is None else environ

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise input_error(
                "store-env-missing",
                f"store {store.id!r}: environment variable {name} named in its url is not set",
                file=store.source_file,
                line=store.source_line,
                field="url",
                hint=f"export {name}=... before scanning",
            )
        return env[name]

    return _ENV_REF.sub(sub, store.url)


def secrets_of(store: Store, environ: dict[str, str] | None = None) -> list[str]:
    """Values that must never be printed: the URL's password and referenced env values."""
    env = os.environ if environ is None else environ
    found = [env[n] for n in _ENV_REF.findall(store.url) if env.get(n)]
    try:
        password = urlsplit(expand_env(store, dict(env))).password
    except (ValueError, Exception):
        password = None
    if password:
        found.append(password)
    return [s for s in found if len(s) >= 3]


def _lines_of(text: str, file: str) -> list[tuple[int, dict[str, int]]]:
    """For each item under ``stores``, its line and the line of each of its keys."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise input_error(
            "stores-yaml-invalid",
            f"not valid YAML: {getattr(e, 'problem', None) or e}",
            file=file,
            line=mark.line + 1 if mark is not None else None,
        ) from e
    out: list[tuple[int, dict[str, int]]] = []
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if key.value == "stores" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                keys: dict[str, int] = {}
                if isinstance(item, yaml.MappingNode):
                    keys = {k.value: v.start_mark.line + 1 for k, v in item.value}
                out.append((item.start_mark.line + 1, keys))
    return out


def load_stores(path: Path | str) -> list[Store]:
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise input_error(
            "stores-file-unreadable", f"cannot read the stores file: {e.strerror}", file=file
        ) from e
    lines = _lines_of(text, file)
    data: Any = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("stores"), list):
        raise input_error(
            "stores-missing",
            "the stores file must be a mapping with a 'stores' list",
            file=file,
            line=1,
            field="stores",
            hint="stores:\n  - {id: users-ru, company: acme, url: ..., role: primary}",
        )
    stores: list[Store] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["stores"]):
        line, key_lines = lines[index] if index < len(lines) else (None, {})
        where = f"stores[{index}]"
        if not isinstance(raw, dict):
            raise input_error(
                "store-not-mapping",
                "each store must be a mapping",
                file=file,
                line=line,
                field=where,
            )
        try:
            store = Store.model_validate({**raw, "source_file": file, "source_line": line})
        except ValidationError as e:
            err = e.errors()[0]
            name = str(err["loc"][0]) if err["loc"] else ""
            raise input_error(
                "store-invalid",
                f"{err['msg']}",
                file=file,
                line=key_lines.get(name, line),
                field=f"{where}.{name}" if name else where,
            ) from None
        if store.id in seen:
            raise input_error(
                "store-duplicate-id",
                f"store id {store.id!r} is already used on line {seen[store.id]}",
                file=file,
                line=key_lines.get("id", line),
                field=f"{where}.id",
            )
        seen[store.id] = line or 0
        stores.append(store)
    return stores
