"""Slack tokens are stored encrypted with SPAR_TOKEN_KEYS; keys rotate with `spar tokens rotate`."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bot.installations import WorkspaceInstallationStore
from coach.db import engine_for, session_scope
from coach.token_keys import NoTokenKey
from coach.workspaces import reseal_tokens
from spar import processes

TOKEN = "xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"


def stored(db_url: str) -> list[str]:
    with engine_for(db_url).connect() as connection:
        return list(connection.execute(sa.text("SELECT bot_token FROM slack_bots")).scalars())


def install(db_url: str) -> WorkspaceInstallationStore:
    store = WorkspaceInstallationStore("1234.5678", db_url)
    store.save(Installation(app_id="A0SPAR", team_id="T0KEYS", user_id="U0INSTALL", bot_token=TOKEN, bot_id="B1"))
    return store


def find(store: WorkspaceInstallationStore) -> str | None:
    bot = store.find_bot(enterprise_id=None, team_id="T0KEYS")
    return bot.bot_token if bot else None


def test_a_bot_token_is_stored_encrypted_and_read_back(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPAR_TOKEN_KEYS", Fernet.generate_key().decode())
    store = install(db_url)
    assert all(value.startswith("fernet:") and TOKEN not in value and "xoxb" not in value for value in stored(db_url))
    assert find(store) == TOKEN
    installation = store.find_installation(enterprise_id=None, team_id="T0KEYS")
    assert installation is not None and installation.bot_token == TOKEN


def test_keys_rotate_and_a_dropped_key_is_said_plainly(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("SPAR_TOKEN_KEYS", old)
    store = install(db_url)
    monkeypatch.setenv("SPAR_TOKEN_KEYS", f"{new},{old}")  # the new key first, the old one still there
    assert find(store) == TOKEN
    with session_scope(db_url) as session:
        assert reseal_tokens(session) >= 1
    monkeypatch.setenv("SPAR_TOKEN_KEYS", new)  # the old key dropped after the rotation
    assert find(store) == TOKEN
    monkeypatch.setenv("SPAR_TOKEN_KEYS", old)
    with pytest.raises(NoTokenKey, match="no key in SPAR_TOKEN_KEYS opens a stored Slack token"):
        find(store)


def test_a_token_stored_in_plain_text_before_is_read_and_rotate_encrypts_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPAR_TOKEN_KEYS", Fernet.generate_key().decode())
    store = install(db_url)
    with engine_for(db_url).begin() as connection:  # as a database from before encryption holds it
        connection.execute(sa.text("UPDATE slack_bots SET bot_token = :t"), {"t": TOKEN})
    assert find(store) == TOKEN
    with session_scope(db_url) as session:
        reseal_tokens(session)
    assert all(value.startswith("fernet:") for value in stored(db_url)) and find(store) == TOKEN


def test_many_workspaces_without_a_token_key_refuse_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "1234.5678")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "s3cret")
    monkeypatch.delenv("SPAR_TOKEN_KEYS", raising=False)
    assert processes.run_process("bot") == 2
    assert capsys.readouterr().err.startswith("error: SPAR_TOKEN_KEYS is not set: Slack tokens are stored encrypted")
