"""Deployment files: the compose file is valid and runs what the Procfile runs; the manifest matches the app."""

from __future__ import annotations

import json
import shlex

import yaml
from jsonschema import Draft7Validator

from bot.listeners.commands import SUBCOMMANDS
from tests.processes import ROOT

COMPOSE_SCHEMA = ROOT.parent / "shared" / "schemas" / "compose-spec.json"


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = shlex.split(command)
    return entries


def test_compose_file_is_valid_against_the_compose_spec() -> None:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    errors = sorted(Draft7Validator(schema).iter_errors(compose()), key=str)
    assert errors == [], "\n".join(e.message for e in errors)


def test_compose_services_run_the_procfile_commands() -> None:
    services = compose()["services"]
    for name, command in procfile().items():
        assert services[name]["command"] == command, name


def test_compose_has_the_whole_topology_with_health_checks() -> None:
    services = compose()["services"]
    assert {"rasa", "actions", "bot", "scheduler", "postgres", "redis"} <= set(services)
    for name in ("rasa", "actions", "bot", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert services["bot"]["environment"]["DATABASE_URL"].startswith("${DATABASE_URL:-postgresql://")


def test_manifest_declares_the_command_events_and_interactivity_the_app_handles() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/spar"
    assert all(name in command["usage_hint"] for name in SUBCOMMANDS)
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.im",
    }
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert {"chat:write", "commands", "im:history", "users:read"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
