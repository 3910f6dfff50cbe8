"""Slack tokens are kept encrypted (Fernet, from the `cryptography` package) with keys from SPAR_TOKEN_KEYS.

SPAR_TOKEN_KEYS holds one or more Fernet keys, comma-separated: the first encrypts, any of them decrypts. To rotate,
put a new key first, run `spar tokens rotate` (every stored token re-encrypted with it), then drop the old key. A
token stored before encryption (no `fernet:` prefix) is read as it is until `spar tokens rotate` encrypts it.
"""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PREFIX = "fernet:"


class NoTokenKey(RuntimeError):
    """SPAR_TOKEN_KEYS is unset or holds something that is not a Fernet key."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def keys() -> MultiFernet:
    raw = [k.strip() for k in os.environ.get("SPAR_TOKEN_KEYS", "").split(",") if k.strip()]
    if not raw:
        raise NoTokenKey(
            "SPAR_TOKEN_KEYS is not set: Slack tokens are stored encrypted. Make a key with"
            " `.venv/bin/spar tokens new-key` and set it in the environment (or .env)"
        )
    try:
        return MultiFernet([Fernet(k.encode()) for k in raw])
    except ValueError as error:
        raise NoTokenKey(f"SPAR_TOKEN_KEYS holds something that is not a Fernet key: {error}") from error


def seal(token: str | None) -> str | None:
    if not token or token.startswith(PREFIX):
        return token
    return PREFIX + keys().encrypt(token.encode()).decode()


def unseal(stored: str | None) -> str | None:
    if not stored or not stored.startswith(PREFIX):
        return stored  # stored before encryption
    try:
        return keys().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise NoTokenKey(
            "no key in SPAR_TOKEN_KEYS opens a stored Slack token (was a key dropped too soon?)"
        ) from error


def reseal(stored: str | None) -> str | None:
    """The stored token encrypted with the first key (a plain one encrypted, an old key's re-encrypted)."""
    return seal(unseal(stored))
