"""Signed checkpoints: a head, its position and its record time, signed with Ed25519.

The hash chain alone proves only that the rows agree with each other: whoever can write the
database can rewrite history and rehash every later row. A checkpoint is signed with a key the
database does not hold, and kept outside it (published, mailed, filed with the regulator);
``verify --checkpoint`` then proves the ledger still holds that head at that position, so a
rewrite of anything it covers is caught. Events after the newest checkpoint are covered by
nothing but the chain.

``cryptography`` is imported here only, when a key is used, so the other commands load
without it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from landfall.errors import Diagnostic, InputError, IntegrityError, Where
from landfall.ledger.chain import Anchor
from landfall.ledger.events import canonical_json

FORMAT = "landfall-checkpoint-1"
_FIELDS = ("format", "head", "count", "last_id", "recorded_at", "signed_at", "key_id")


@dataclass(frozen=True)
class Checkpoint:
    head: str
    count: int
    last_id: int
    recorded_at: str  # the record time of the event at the head ("" for the empty ledger)
    signed_at: str
    key_id: str  # sha256 of the raw public key, to say which key signed
    signature: str  # base64 Ed25519 signature over message()

    def message(self) -> bytes:
        fields = {name: getattr(self, name) for name in _FIELDS if name != "format"}
        return canonical_json({"format": FORMAT, **fields}).encode("utf-8")

    def to_json(self) -> str:
        data = {"format": FORMAT, **{n: getattr(self, n) for n in _FIELDS if n != "format"}}
        data["signature"] = self.signature
        return json.dumps(data, indent=2) + "\n"

    def anchor(self, label: str) -> Anchor:
        return Anchor(self.head, self.count, label)


def keygen(private_path: Path) -> Path:
    """Write a new Ed25519 private key (PEM, owner-only) and its public key beside it (.pub)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if private_path.exists():
        raise _key_error(private_path, "already exists; refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public_path = private_path.with_name(private_path.name + ".pub")
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public_path


def sign(
    key_path: Path, head: str, count: int, last_id: int, recorded_at: str, now: dt.datetime
) -> Checkpoint:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = _load_key(key_path)
    if not isinstance(key, Ed25519PrivateKey):
        raise _key_error(key_path, "is not an Ed25519 private key (make one with ledger keygen)")
    unsigned = Checkpoint(
        head=head,
        count=count,
        last_id=last_id,
        recorded_at=recorded_at,
        signed_at=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        key_id=_key_id(key.public_key()),
        signature="",
    )
    signature = base64.b64encode(key.sign(unsigned.message())).decode("ascii")
    return replace(unsigned, signature=signature)


def load_checkpoint(path: Path, key_path: Path) -> Checkpoint:
    """Read a checkpoint file and check its signature against the trusted key."""
    from cryptography.exceptions import InvalidSignature

    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        raise _file_error(path, f"cannot read the checkpoint: {type(e).__name__}") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _file_error(path, f"not a {FORMAT} file")
    try:
        checkpoint = Checkpoint(
            head=_text(data, "head"),
            count=_count(data, "count"),
            last_id=_count(data, "last_id"),
            recorded_at=_text(data, "recorded_at"),
            signed_at=_text(data, "signed_at"),
            key_id=_text(data, "key_id"),
            signature=_text(data, "signature"),
        )
    except KeyError as e:
        raise _file_error(path, f"field {e.args[0]} is missing or of the wrong type") from e
    public = _public_key(key_path)
    if checkpoint.key_id != _key_id(public):
        raise _bad_signature(path, "was signed by another key than the one given")
    try:
        public.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.message())
    except (InvalidSignature, binascii.Error, ValueError) as e:
        raise _bad_signature(path, "has a signature that does not match its content") from e
    return checkpoint


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise KeyError(name)
    return value


def _count(data: dict[str, Any], name: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise KeyError(name)
    return value


def _load_key(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization

    try:
        pem = path.read_bytes()
    except OSError as e:
        raise _key_error(path, f"cannot be read ({e.strerror})") from e
    try:
        if b"PUBLIC KEY" in pem:
            return serialization.load_pem_public_key(pem)
        return serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as e:
        raise _key_error(path, "is not a PEM key") from e


def _public_key(path: Path) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    key = _load_key(path)
    if isinstance(key, Ed25519PrivateKey):
        return key.public_key()
    if isinstance(key, Ed25519PublicKey):
        return key
    raise _key_error(path, "is not an Ed25519 key")


def _key_id(public: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _key_error(path: Path, message: str) -> InputError:
    return InputError(
        Diagnostic(
            "checkpoint-key-invalid",
            f"key {path.name} {message}",
            Where(str(path), None, "--key"),
            "make a key pair with `landfall ledger keygen KEYFILE`",
        )
    )


def _file_error(path: Path, message: str) -> InputError:
    return InputError(
        Diagnostic(
            "checkpoint-unreadable",
            message,
            Where(str(path), None, None),
            "pass a file written by `landfall ledger checkpoint`",
        )
    )


def _bad_signature(path: Path, message: str) -> IntegrityError:
    return IntegrityError(
        Diagnostic(
            "checkpoint-signature-invalid",
            f"checkpoint {path.name} {message}",
            Where(str(path), None, "signature"),
            "the checkpoint was altered or signed with another key: use the published copy "
            "and its public key",
        )
    )
