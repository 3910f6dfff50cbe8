"""The `spar` command line as a newcomer runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import MODEL
from tests.processes import ROOT

SPAR = str(Path(sys.executable).parent / "spar")


def spar(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SPAR, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **(env or {})},
    )


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'spar.db'}"
    result = spar("db", "upgrade", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "users" in sa.inspect(sa.create_engine(url)).get_table_names()


def test_roster_import_from_csv(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    spar("db", "upgrade", env={"DATABASE_URL": url})
    roster = tmp_path / "team.csv"
    roster.write_text(
        "slack_user_id,name,email,role,manager,timezone\n"
        "U0M,Mia Manager,mia@example.com,manager,,Europe/Berlin\n"
        "U0R,Raj Rep,raj@example.com,rep,U0M,Asia/Kolkata\n"
    )
    result = spar("roster", "import", str(roster), "--team", "T0CLI", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "2 user(s) imported into T0CLI" in result.stdout
    with sa.create_engine(url).connect() as connection:
        rows = connection.execute(
            sa.text("SELECT slack_id, tz, role FROM users WHERE team_id = 'T0CLI' ORDER BY slack_id")
        ).all()
    assert [tuple(r) for r in rows] == [("U0M", "Europe/Berlin", "manager"), ("U0R", "Asia/Kolkata", "rep")]


def test_roster_import_of_a_missing_file_says_so(tmp_path: Path) -> None:
    result = spar(
        "roster",
        "import",
        str(tmp_path / "nope.csv"),
        "--team",
        "T0CLI",
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'spar.db'}"},
    )
    assert result.returncode == 2 and "no such file" in result.stderr


def test_eval_nlu_prints_per_intent_scores_as_json(tmp_path: Path) -> None:
    assert MODEL.exists(), "make test trains the model first"
    labelled = tmp_path / "utterances.yml"
    labelled.write_text(
        '- {text: "hello there", intent: greet}\n- {text: "thanks a lot!", intent: thank}\n'
        '- {text: "what is my practice streak", intent: show_streak}\n'
        '- {text: "stop", intent: greet}\n'
    )
    result = spar("eval", "nlu", str(labelled), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["n"] == 4 and set(report["labels"]) == {"greet", "thank", "show_streak"}
    assert report["accuracy"] == 0.75  # "stop" is deliberately mislabelled as greet
    assert report["labels"]["greet"]["recall"] == 0.5 and report["labels"]["thank"]["f1"] == 1.0
    assert 0 < report["macro_f1"] < 1


def test_eval_nlu_table_names_the_misses(tmp_path: Path) -> None:
    labelled = tmp_path / "utterances.yml"
    labelled.write_text('- {text: "stop", intent: greet}\n')
    result = spar("eval", "nlu", str(labelled))
    assert result.returncode == 0 and "missed: 'stop': expected greet" in result.stdout


def test_eval_nlu_on_a_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    labelled = tmp_path / "bad.yml"
    labelled.write_text("just: a mapping\n")
    result = spar("eval", "nlu", str(labelled))
    assert result.returncode == 2 and "expected a list of {text, intent}" in result.stderr
