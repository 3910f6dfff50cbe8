"""Deployment files: the compose file is valid and runs what the Procfile runs; the manifest matches the app."""

from __future__ import annotations

import json

import yaml
from jsonschema import Draft7Validator

from bot.listeners.commands import SUBCOMMANDS
from spar.supervise import procfile
from tests.processes import ROOT

COMPOSE_SCHEMA = ROOT / "tests" / "fixtures" / "compose" / "compose-spec.json"


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_spec() -> None:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    errors = sorted(Draft7Validator(schema).iter_errors(compose()), key=str)
    assert errors == [], "\n".join(e.message for e in errors)


def test_compose_services_run_the_procfile_commands() -> None:
    services = compose()["services"]
    for name, command in procfile().items():
        assert services[name]["command"] == command, name


PROCESSES = ("rasa", "actions", "bot", "scheduler")


def test_compose_has_the_whole_topology_with_health_checks() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "migrate", *PROCESSES, "proxy"}
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "postgres-data" in compose()["volumes"]
    for name, path in (("bot", ":3000/readyz"), ("rasa", ":5005/status?token="), ("actions", ":5055/health")):
        assert path in " ".join(services[name]["healthcheck"]["test"]), name
    for name in (*PROCESSES, "postgres", "redis", "proxy"):
        assert "test" in services[name]["healthcheck"], name
        assert services[name]["restart"] == "unless-stopped", name


def test_migrations_run_once_before_every_spar_process() -> None:
    services = compose()["services"]
    assert services["migrate"]["command"] == [".venv/bin/spar", "db", "upgrade"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "restart" not in services["migrate"]  # one-shot
    for name in PROCESSES:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name


def test_state_lives_in_postgres_and_locks_in_redis_configured_from_the_environment() -> None:
    services = compose()["services"]
    for name in (*PROCESSES, "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("${DATABASE_URL:-postgresql://"), name
        assert env["RASA_TRACKER_URL"].startswith("${RASA_TRACKER_URL:-${DATABASE_URL:-postgresql://"), name
        assert env["REDIS_URL"].startswith("${REDIS_URL:-redis://"), name
        assert env["SLACK_SIGNING_SECRET"] == "${SLACK_SIGNING_SECRET:-}", name
    assert services["bot"]["environment"]["RASA_URL"] == "http://rasa:5005"


def test_replicas_are_configurable_and_two_schedulers_run() -> None:
    services = compose()["services"]
    for name in ("rasa", "actions", "bot"):
        assert services[name]["deploy"]["replicas"] == f"${{SPAR_{name.upper()}_REPLICAS:-${{SPAR_REPLICAS:-2}}}}"
    assert services["scheduler"]["deploy"]["replicas"] == 2  # one leads (bot/jobs/lease.py), one stands by


def test_the_bots_share_one_published_port_behind_the_proxy() -> None:
    services = compose()["services"]
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}  # replicas cannot share a host port
    assert services["proxy"]["ports"] == ["${PORT:-3000}:80"]
    config_file, mounted = services["proxy"]["volumes"][0].split(":")[:2]
    assert mounted == "/etc/nginx/conf.d/default.conf"
    config = (ROOT / config_file).read_text()
    assert "resolver 127.0.0.11" in config  # Docker's DNS, asked at request time: every replica, as they change
    assert "set $bot http://bot:3000;" in config and "proxy_pass $bot;" in config


def test_manifest_declares_the_command_events_and_interactivity_the_app_handles() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/spar"
    assert all(name in command["usage_hint"] for name in SUBCOMMANDS)
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.im",
        "user_change",
        "app_uninstalled",  # Bolt's token revocation listeners: an uninstall deletes the installation
        "tokens_revoked",
    }
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert {"chat:write", "commands", "im:history", "users:read"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_the_bots_spool_is_on_a_volume_that_outlives_the_container() -> None:
    bot = compose()["services"]["bot"]
    dockerfile = (ROOT / "Dockerfile").read_text().splitlines()
    workdir = next(line.split()[1] for line in dockerfile if line.startswith("WORKDIR"))
    spool = (bot.get("environment") or {}).get("SPAR_SPOOL_DIR") or f"{workdir}/var/spool"  # coach/settings.py
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in bot["volumes"]}
    assert mounts.get(spool) in compose()["volumes"]  # a named volume, not the container's own disk
