"""The team heatmap: the data and the picture, the upload through the stand-in, and a manager's DM in Slack."""

from __future__ import annotations

import asyncio
import struct
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import relay, slack_connections
from bot.uploads import upload_heatmap_sync
from coach.db import session_scope
from coach.people import ensure_user, find_user
from coach.practice.sessions import add_turn, complete_session, start_session
from coach.reports.heatmap import heatmap_data, heatmap_pictures, render_png
from tests.conftest import SECRET, TEAM
from tests.processes import ROOT, free_port
from tests.slack import MockSlack, SlackUser, text_of

PNG = b"\x89PNG\r\n\x1a\n"
MONDAY = datetime(2030, 3, 4, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York: digest time


def rep_summary(name: str, skills: dict[str, float]) -> dict[str, Any]:
    return {"name": name, "skills": skills}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height, from the PNG's header chunk."""
    assert png.startswith(PNG)
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_rows_are_reps_columns_the_skills_anyone_showed_and_gaps_are_none() -> None:
    summary = {
        "days": 30,
        "reps": [
            rep_summary("Riley", {"closing": 20.0, "discovery": 100.0}),
            rep_summary("Quinn", {}),
            rep_summary("Avery", {"business_acumen": 55.5}),
        ],
    }
    assert heatmap_data(summary) == {
        "title": "Skill scores by rep, last 30 days",
        "rows": ["Riley", "Quinn", "Avery"],
        "columns": ["business_acumen", "closing", "discovery"],
        "values": [[None, 20.0, 100.0], [None, None, None], [55.5, None, None]],
    }


def test_there_is_no_picture_without_evidence() -> None:
    assert heatmap_data({"days": 7, "reps": []}) is None
    assert heatmap_data({"days": 7, "reps": [rep_summary("Quinn", {})]}) is None


def test_the_picture_is_a_png_that_grows_with_the_team() -> None:
    def picture(reps: int) -> bytes:
        team = [rep_summary(f"Rep {i}", {"closing": i * 2.0, "discovery": 50.0}) for i in range(reps)]
        return render_png(heatmap_data({"days": 7, "reps": team}) or {})

    small, large = png_size(picture(3)), png_size(picture(50))
    assert large[1] > small[1] * 3  # 50 reps get rows as tall as 3 do, not squeezed into the same height
    assert large[1] / 50 >= 25  # at 100 dpi, rows of at least 25 pixels: names and scores stay legible


def test_past_40_reps_the_pictures_are_split_and_in_large_type() -> None:
    team = [rep_summary(f"Rep {i}", {"closing": 50.0, "discovery": 70.0}) for i in range(95)]
    pictures = heatmap_pictures({"days": 7, "reps": team})
    assert [p["title"] for p in pictures] == [
        "Skill scores by rep, last 7 days (reps 1–40 of 95)",
        "Skill scores by rep, last 7 days (reps 41–80 of 95)",
        "Skill scores by rep, last 7 days (reps 81–95 of 95)",
    ]
    assert [p["rows"][0] for p in pictures] == ["Rep 0", "Rep 40", "Rep 80"] and len(pictures[2]["values"]) == 15
    width, height = png_size(render_png(pictures[0]))
    assert height / 40 >= 40 and width / 2 >= 200  # at 100 dpi: rows of 40 pixels, columns of 200, for 13-point type
    many = heatmap_pictures({"days": 7, "reps": [rep_summary(f"R{i}", {"closing": 1.0}) for i in range(2000)]})
    assert len(many) == 5 and many[-1]["title"].endswith("(reps 161–200 of 2000)")  # everyone's scores: the CSV
    assert heatmap_pictures({"days": 7, "reps": team[:40]}) == [heatmap_data({"days": 7, "reps": team[:40]})]


def test_importing_the_module_does_not_load_matplotlib() -> None:
    check = "import sys, coach.reports.heatmap; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT).stdout == "False\n"


@pytest.fixture(scope="module")
def slack() -> MockSlack:
    return MockSlack(TEAM, free_port())


DATA = {"title": "Skill scores by rep, last 7 days", "rows": ["Riley"], "columns": ["closing"], "values": [[40.0]]}


def test_the_stand_in_takes_an_upload_and_shows_it_in_the_dm(slack: MockSlack) -> None:
    client = WebClient(token="xoxb-test", base_url=slack.url)
    assert upload_heatmap_sync(client, "U0HEAT01", DATA)
    [shared] = [m for m in slack.api.posts_to("U0HEAT01") if m.get("files")]
    assert shared["channel"] == "D0HEAT01"
    assert shared["files"][0]["title"] == DATA["title"] and shared["files"][0]["name"] == "team-heatmap.png"
    assert slack.api.file_bytes(shared)[0].startswith(PNG)
    assert slack.api.method_names()[-4:] == [
        "conversations.open",
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    with pytest.raises(SlackApiError, match="invalid_arguments"):  # as Slack: shared in a channel or DM, not to a user
        client.files_completeUploadExternal(files=[{"id": shared["files"][0]["id"]}], channel_id="U0HEAT01")


class FakeRasa:
    async def actions_up(self) -> bool:
        return True

    async def send(self, sender_id: str, text: str) -> AsyncIterator[dict[str, Any]]:
        for reply in [{"text": "*Team summary, last 7 days*"}, {"custom": {"spar_heatmap": [DATA]}}]:
            yield reply


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Nothing of the user's waits before this message, and Spar knows them already.
    monkeypatch.setattr(relay, "_turn_of", lambda _delivery: (False, False, True))
    yield


def answer_as_relay(slack: MockSlack, user_id: str) -> list[dict[str, Any]]:
    """The bot's relay answering a DM whose Rasa replies are the summary and its heatmap."""
    delivery = relay.Delivery(TEAM, user_id, "how's my team?", "message", "", "D" + user_id[1:], user_id)
    client = AsyncWebClient(token="xoxb-test", base_url=slack.url)

    async def answer() -> bool:
        try:
            return await relay.answer(delivery, client, FakeRasa())  # type: ignore[arg-type]
        finally:
            await slack_connections.close()

    assert asyncio.run(answer())
    return slack.api.posts_to(user_id)


def test_the_relay_posts_the_text_then_uploads_the_picture(slack: MockSlack, no_database: None) -> None:
    text, picture = answer_as_relay(slack, "U0HEAT02")
    assert "Team summary" in text_of(text) and slack.api.file_bytes(picture)[0].startswith(PNG)


def test_a_failed_upload_keeps_the_text(slack: MockSlack, no_database: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slack.api, "_files_completeUploadExternal", lambda body: {"ok": False, "error": "fatal_error"})
    [text] = answer_as_relay(slack, "U0HEAT03")
    assert "Team summary" in text_of(text)


def make_manager_of_a_practised_rep(stack: dict, manager: SlackUser, when: datetime) -> None:
    with session_scope(stack["db_url"]) as session:
        boss = find_user(session, manager.team_id, manager.user_id)
        assert boss is not None
        boss.role = "manager"
        report = ensure_user(session, manager.team_id, manager.user_id + "R", name="Jordan Report")
        report.manager_id = boss.id
        session.flush()
        drill = start_session(session, report, "drill", "cfo-discovery:standard", now=when)
        add_turn(session, drill, "rep", "What is that costing you?")
        complete_session(drill, 60.0, now=when)
        drill.detail = {"lines": [{"skills": ["closing"], "credit": 0.2}, {"skills": ["discovery"], "credit": 1.0}]}


def test_in_slack_a_manager_gets_the_summary_and_its_heatmap(rep: SlackUser, stack: dict) -> None:
    rep.says("hi", expect=2)
    make_manager_of_a_practised_rep(stack, rep, datetime.now(timezone.utc))
    summary, picture = rep.says("how's my team doing?", expect=2)
    assert "Team summary, last 7 days" in text_of(summary) and "Jordan Report" in text_of(summary)
    assert picture["channel"] == rep.channel and picture["files"][0]["title"] == "Skill scores by rep, last 7 days"
    assert stack["slack"].api.file_bytes(picture)[0].startswith(PNG)
    month = rep.runs("team month", expect=2)[1][1]
    assert month["files"][0]["title"] == "Skill scores by rep, last 30 days"


def test_the_weekly_digest_brings_the_heatmap_too(rep: SlackUser, stack: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.jobs import digests as digest_jobs

    monkeypatch.setenv("DATABASE_URL", stack["db_url"])
    monkeypatch.setenv("SLACK_API_URL", stack["slack"].url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    rep.says("hi", expect=2)
    make_manager_of_a_practised_rep(stack, rep, MONDAY - timedelta(days=2))
    before = len(rep.replies())
    assert digest_jobs.send_weekly_digests(MONDAY) >= 1
    digest, picture = rep.replies()[before:]
    assert text_of(digest).startswith("*Your weekly digest*")
    assert picture["channel"] == rep.channel and stack["slack"].api.file_bytes(picture)[0].startswith(PNG)


def test_the_sandbox_page_shows_the_uploaded_picture(sandbox_url: str, stack: dict) -> None:
    with session_scope(stack["db_url"]) as session:
        alex = find_user(session, "T0SANDBOX", "U0REP01")  # Morgan's report in the demo team
        assert alex is not None
        drill = start_session(session, alex, "drill", "cfo-discovery:standard")
        add_turn(session, drill, "rep", "What is that costing you?")
        complete_session(drill, 70.0)
        drill.detail = {"lines": [{"skills": ["discovery"], "credit": 0.7}]}
    sent = requests.post(f"{sandbox_url}/sandbox/send", json={"user": "U0MGR01", "text": "/spar team"}, timeout=10)
    assert sent.json() == {"ok": True}
    deadline = time.monotonic() + 60
    while not (shared := [m for m in sandbox_state(sandbox_url, "U0MGR01") if m.get("files")]):
        assert time.monotonic() < deadline, "no picture in Morgan's DM"
        time.sleep(0.3)
    file = shared[-1]["files"][0]
    assert file["title"] == "Skill scores by rep, last 7 days" and file["mimetype"] == "image/png"
    image = requests.get(sandbox_url + urlsplit(file["url_private"]).path, timeout=10)  # as the page loads it
    assert image.headers["Content-Type"] == "image/png" and image.content.startswith(PNG)


def sandbox_state(url: str, user: str) -> list[dict[str, Any]]:
    return requests.get(f"{url}/sandbox/state", params={"user": user}, timeout=10).json()["messages"]
