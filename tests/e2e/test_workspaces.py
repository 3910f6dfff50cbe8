"""Many workspaces: "Add to Slack", each workspace answered with its own token, data that never mixes, uninstalls.

A bot process runs in OAuth mode (`SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET`) against its own Web API stand-in,
which hands out one bot token per workspace in `oauth.v2.access` and records the token of every call. It shares
the database, Rasa and the action server of the `stack` fixture; its workspaces are new ones each test.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy.exc import OperationalError

from bot.installations import AsyncInstallations, installation_store, manifest_scopes
from bot.jobs import buddies as buddy_jobs
from bot.jobs import calls as call_jobs
from bot.jobs import digests as digest_jobs
from bot.jobs import micro as micro_jobs
from bot.sandbox import payloads
from bot.sandbox.slack_api import BOT_USER_ID
from coach.db import session_scope
from coach.migrate import upgrade
from coach.models import BuddyPair, ChecklistRun
from coach.people import ensure_user
from coach.practice.memory import review_skill
from coach.practice.sessions import add_turn, complete_session, start_session
from coach.token_keys import unseal
from tests.conftest import SECRET
from tests.processes import Process, free_port
from tests.slack import MockSlack, SlackUser, db_rows, text_of

CLIENT_ID, CLIENT_SECRET = "1234.5678", "test-client-secret"
STATE_COOKIE = "slack-app-oauth-state"
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=timezone.utc)  # 09:00 in UTC, where these users live
WEDNESDAY_NOON = MONDAY + timedelta(days=2, hours=3)


@pytest.fixture(scope="module")
def oauth_bot(stack: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The bot in OAuth mode, on the stack's database, Rasa and action server, with a Web API stand-in of its own
    whose default workspace (any token it did not issue) is one Spar is not installed in."""
    logs = tmp_path_factory.mktemp("oauth-logs")
    slack = MockSlack("T0NOTINSTALLED", free_port())
    slack.api.oauth_app = (CLIENT_ID, CLIENT_SECRET)
    port = free_port()
    bot = Process(
        "bot-oauth",
        {
            "DATABASE_URL": stack["db_url"],
            "RASA_URL": stack["rasa_url"],
            "ACTIONS_URL": stack["actions_url"],
            "SLACK_CLIENT_ID": CLIENT_ID,
            "SLACK_CLIENT_SECRET": CLIENT_SECRET,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url,
            "PORT": str(port),
        },
        logs,
    ).start()
    try:
        bot.wait_for_url(f"http://127.0.0.1:{port}/healthz")
        yield {"url": f"http://127.0.0.1:{port}", "slack": slack, "db_url": stack["db_url"], "process": bot}
    finally:
        bot.stop()


@pytest.fixture
def job_env(oauth_bot: dict, stack: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process runs the scheduler's jobs as the scheduler would in OAuth mode."""
    for key, value in {
        "DATABASE_URL": oauth_bot["db_url"],
        "RASA_URL": stack["rasa_url"],
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": oauth_bot["slack"].url,
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)


class Member(SlackUser):
    """A person in one workspace: only the bot's posts in that workspace are theirs."""

    def replies(self) -> list[dict[str, Any]]:
        return self.slack.api.posts_to(self.user_id, self.team_id)


@dataclass
class Workspace:
    team_id: str
    token: str
    manager: Member  # also a rep: practises, has a buddy (their report)
    report: str  # the report's name


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:9].upper()}"


def start_install(bot: dict) -> tuple[requests.Response, str]:
    """Open the install link: Spar's redirect to Slack and the state it carries."""
    response = requests.get(f"{bot['url']}/slack/install", allow_redirects=False, timeout=10)
    return response, parse_qs(urlparse(response.headers.get("Location", "")).query).get("state", [""])[0]


def come_back(bot: dict, state: str | None, cookie: str | None, code: str = "") -> requests.Response:
    """Slack's redirect back to Spar once the installer approved, in the installer's browser."""
    params = {k: v for k, v in (("code", code), ("state", state)) if v is not None}
    headers = {"Cookie": f"{STATE_COOKIE}={cookie}"} if cookie else {}
    return requests.get(
        f"{bot['url']}/slack/oauth_redirect", params=params, headers=headers, allow_redirects=False, timeout=10
    )


def install(bot: dict, team_id: str, name: str) -> str:
    """The whole "Add to Slack" flow for one workspace; the bot token Slack issued."""
    code = new_id("code-")
    bot["slack"].api.add_install_code(code, team_id, name)
    _, state = start_install(bot)
    assert come_back(bot, state, state, code).status_code == 200
    token = bot["slack"].api.token_of(team_id)
    assert token is not None
    return token


PEOPLE = {  # label: (manager's name, report's name, manager's drill scores, report's drill score)
    "Alpha": ("Ann Alpha", "Alex Alpha", (77.0,), 40.0),
    "Beta": ("Bob Beta", "Bea Beta", (), 22.0),
}


def seed(db_url: str, team_id: str, manager: str, report: str, label: str) -> None:
    """A manager (also a rep, buddied with their report) and the report, with their scored drills."""
    boss_name, report_name, boss_scores, report_score = PEOPLE[label]
    with session_scope(db_url) as session:
        boss = ensure_user(session, team_id, manager, name=boss_name, tz="UTC", role="manager")
        rep = ensure_user(session, team_id, report, name=report_name, tz="UTC")
        rep.manager_id = boss.id
        session.add(BuddyPair(team_id=team_id, user_a_id=boss.id, user_b_id=rep.id, status="active"))
        for who, score in [(boss, s) for s in boss_scores] + [(rep, report_score)]:
            drill = start_session(session, who, "drill", "cfo-discovery:standard")
            add_turn(session, drill, "rep", "What is that costing you?")
            complete_session(drill, score)


def two_workspaces(bot: dict) -> tuple[Workspace, Workspace]:
    """Alpha and Beta, installed, with the same Slack user ids in both: a manager and their report (`PEOPLE`).
    Alpha's manager has practised (a drill scored 77); Beta's never has."""
    manager, report = new_id("U"), new_id("U")
    made = []
    for label in PEOPLE:
        team_id = new_id(f"T{label[0]}")
        token = install(bot, team_id, f"{label} Inc")
        seed(bot["db_url"], team_id, manager, report, label)
        member = Member(bot["url"], SECRET, bot["slack"], team_id, manager)
        made.append(Workspace(team_id, token, member, PEOPLE[label][1]))
    return made[0], made[1]


def tokens_of(posts: list[dict[str, Any]]) -> set[str]:
    return {p["token"] for p in posts}


# -- (a) the OAuth flow ---------------------------------------------------------------------------------------------


def test_add_to_slack_sends_the_installer_to_slack_with_a_state_and_stores_what_slack_returns(oauth_bot: dict) -> None:
    api, team_id = oauth_bot["slack"].api, new_id("TC")
    start, state = start_install(oauth_bot)
    assert start.status_code == 302
    where = urlparse(start.headers["Location"])
    assert f"{where.scheme}://{where.netloc}{where.path}" == "https://slack.com/oauth/v2/authorize"
    query = parse_qs(where.query)
    assert query["client_id"] == [CLIENT_ID] and state
    assert set(query["scope"][0].split(",")) == set(manifest_scopes())  # the manifest's scopes, no others
    cookie = SimpleCookie(start.headers["Set-Cookie"])
    assert cookie[STATE_COOKIE].value == state  # the state is tied to the installer's browser
    count_state = "SELECT count(*) FROM slack_oauth_states WHERE state = :s"
    assert db_rows(oauth_bot["db_url"], count_state, s=state) == [(1,)]

    api.add_install_code("code-charlie", team_id, "Charlie Corp")
    done = come_back(oauth_bot, state, state, "code-charlie")
    assert done.status_code == 200, done.text
    exchange = [c for c in api.calls if c["method"] == "oauth.v2.access"][-1]["body"]
    assert (exchange["code"], exchange["client_id"], exchange["client_secret"]) == ("code-charlie", *api.oauth_app)
    token = api.token_of(team_id)
    rows = db_rows(
        oauth_bot["db_url"], "SELECT team_name, bot_token, bot_user_id FROM slack_bots WHERE team_id = :t", t=team_id
    )
    assert [(name, unseal(stored), bot_user) for name, stored, bot_user in rows] == [
        ("Charlie Corp", token, BOT_USER_ID)
    ]
    assert token not in rows[0][1]  # stored encrypted
    assert db_rows(
        oauth_bot["db_url"], "SELECT name, uninstalled_at FROM workspaces WHERE team_id = :t", t=team_id
    ) == [("Charlie Corp", None)]
    assert db_rows(oauth_bot["db_url"], count_state, s=state) == [(0,)]  # used up
    assert come_back(oauth_bot, state, state, "code-charlie").status_code == 401  # so it cannot be replayed


@pytest.mark.parametrize(
    "state, cookie, status",
    [
        (None, None, 400),  # no state at all
        ("made-up", "made-up", 401),  # a state Spar never issued
        ("issued", "another", 400),  # an issued state, but from another browser
    ],
)
def test_the_redirect_without_the_state_spar_issued_to_that_browser_installs_nothing(
    oauth_bot: dict, state: str | None, cookie: str | None, status: int
) -> None:
    api, team_id, code = oauth_bot["slack"].api, new_id("TX"), new_id("code-")
    api.add_install_code(code, team_id, "Mallory Ltd")
    if state == "issued":
        _, state = start_install(oauth_bot)
    response = come_back(oauth_bot, state, cookie, code)
    assert response.status_code == status
    assert code in api.install_codes  # never exchanged for a token
    assert db_rows(oauth_bot["db_url"], "SELECT count(*) FROM slack_bots WHERE team_id = :t", t=team_id) == [(0,)]


# -- (b) each workspace with its own token ------------------------------------------------------------------------


def test_each_workspace_is_answered_with_its_own_token(oauth_bot: dict) -> None:
    api = oauth_bot["slack"].api
    alpha, beta = two_workspaces(oauth_bot)
    newcomer = new_id("U")  # the same id in both workspaces, unknown to Spar until now
    api.add_user(newcomer, "Val Alpha", tz="Europe/Paris", team_id=alpha.team_id)
    api.add_user(newcomer, "Vic Beta", tz="Asia/Tokyo", team_id=beta.team_id)
    for workspace in (alpha, beta):
        person = Member(oauth_bot["url"], SECRET, oauth_bot["slack"], workspace.team_id, newcomer)
        replies = person.says("hi", expect=2)
        assert tokens_of(replies) == {workspace.token}
    rows = db_rows(
        oauth_bot["db_url"],
        "SELECT team_id, name, tz FROM users WHERE slack_id = :u ORDER BY name",
        u=newcomer,
    )
    assert rows == [(alpha.team_id, "Val Alpha", "Europe/Paris"), (beta.team_id, "Vic Beta", "Asia/Tokyo")]
    lookups = [c for c in api.calls if c["method"] == "users.info" and c["body"].get("user") == newcomer]
    assert {c["token"] for c in lookups} == {alpha.token, beta.token} and len(lookups) == 2


def test_a_workspace_spar_is_not_installed_in_gets_nothing(oauth_bot: dict) -> None:
    stranger = Member(oauth_bot["url"], SECRET, oauth_bot["slack"], new_id("TZ"), new_id("U"))
    calls = len(oauth_bot["slack"].api.calls)
    assert stranger.post(payloads.dm_event(stranger.team_id, stranger.user_id, stranger.channel, "hi")).ok
    assert stranger.replies() == [] and len(oauth_bot["slack"].api.calls) == calls


# -- (c) data that never mixes ---------------------------------------------------------------------------------------


def test_the_same_people_in_two_workspaces_see_only_their_own_workspace(oauth_bot: dict, job_env: None) -> None:
    api = oauth_bot["slack"].api
    alpha, beta = two_workspaces(oauth_bot)
    ours, theirs = {alpha.team_id: alpha, beta.team_id: beta}, {alpha.team_id: beta, beta.team_id: alpha}
    for workspace in (alpha, beta):
        other, person = theirs[workspace.team_id], workspace.manager
        summary = person.says("how's my team doing?")[0]
        assert workspace.report in text_of(summary) and other.report not in text_of(summary)
        streak = person.runs("streak")[1][0]
        buddy = person.runs("buddy")[1][0]
        assert workspace.report in text_of(buddy) and other.report not in text_of(buddy)
        assert tokens_of([summary, streak, buddy]) == {workspace.token}
        home_calls = len(api.calls)
        home = text_of(person.opens_home())
        publish = [c for c in api.calls[home_calls:] if c["method"] == "views.publish"]
        assert [c["token"] for c in publish] == [workspace.token]
        assert f"*Buddy:* *{workspace.report}*" in home and other.report not in home
        if workspace is alpha:
            assert "haven't practised" not in text_of(streak) and "· 77" in home
        else:
            assert "haven't practised" in text_of(streak) and "· 77" not in home

    digests = {w.team_id: len(w.manager.replies()) for w in (alpha, beta)}
    assert digest_jobs.send_weekly_digests(MONDAY) >= 2
    for team_id, workspace in ours.items():
        digest = workspace.manager.replies()[digests[team_id]]
        assert text_of(digest).startswith("*Your weekly digest*") and digest["token"] == workspace.token
        assert workspace.report in text_of(digest) and theirs[team_id].report not in text_of(digest)
        assert tokens_of(workspace.manager.replies()[digests[team_id] :]) == {workspace.token}


# -- (d) uninstalling ------------------------------------------------------------------------------------------------


def test_after_an_uninstall_the_workspace_gets_nothing_until_it_installs_again(oauth_bot: dict, job_env: None) -> None:
    api, db = oauth_bot["slack"].api, oauth_bot["db_url"]
    alpha, beta = two_workspaces(oauth_bot)
    runs = {}
    with session_scope(db) as session:
        for workspace in (alpha, beta):
            manager = ensure_user(session, workspace.team_id, workspace.manager.user_id)
            review_skill(session, manager, "business_acumen", 0.1, MONDAY - timedelta(days=10))
            run = ChecklistRun(
                team_id=workspace.team_id,
                user_id=manager.id,
                call_at=WEDNESDAY_NOON + timedelta(hours=1),
                created_at=MONDAY,
            )
            session.add(run)
            session.flush()
            runs[workspace.team_id] = run.id

    uninstall = beta.manager.post(payloads.app_uninstalled_event(beta.team_id))
    assert uninstall.status_code == 200
    api.revoke(beta.team_id)  # what Slack does to the workspace's tokens
    bots = "SELECT team_id FROM slack_bots WHERE team_id IN (:a, :b)"
    assert db_rows(db, bots, a=alpha.team_id, b=beta.team_id) == [(alpha.team_id,)]
    installs = "SELECT team_id FROM slack_installations WHERE team_id IN (:a, :b)"
    assert db_rows(db, installs, a=alpha.team_id, b=beta.team_id) == [(alpha.team_id,)]
    uninstalled = "SELECT uninstalled_at IS NOT NULL FROM workspaces WHERE team_id = :t"
    assert db_rows(db, uninstalled, t=beta.team_id) == [(1,)] and db_rows(db, uninstalled, t=alpha.team_id) == [(0,)]

    beta_calls = len(api.calls_with(beta.token))
    beta.manager.post(payloads.dm_event(beta.team_id, beta.manager.user_id, beta.manager.channel, "hi"))
    delivered: list[tuple[str, str]] = []
    before = {w.team_id: len(w.manager.replies()) for w in (alpha, beta)}
    digest_jobs.send_weekly_digests(MONDAY)
    micro_jobs.send_due_micro_drills(WEDNESDAY_NOON, deliver=lambda team, user: delivered.append((team, user)))
    buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON)
    for run_id in runs.values():
        call_jobs.send_call_reminder(run_id)
    alpha_got = [text_of(m) for m in alpha.manager.replies()[before[alpha.team_id] :]]
    assert [t.split("\n")[0] for t in alpha_got if "digest" in t] == ["*Your weekly digest*"]
    assert any("Midweek buddy check-in" in t for t in alpha_got)
    assert any("starts in 30 minutes" in t for t in alpha_got)
    assert (alpha.team_id, alpha.manager.user_id) in delivered
    assert tokens_of(alpha.manager.replies()[before[alpha.team_id] :]) == {alpha.token}
    assert beta.manager.replies()[before[beta.team_id] :] == []
    assert (beta.team_id, beta.manager.user_id) not in delivered
    assert api.calls_with(beta.token)[beta_calls:] == []
    reminded = "SELECT reminded_at IS NULL FROM checklist_runs WHERE id = :r"
    assert db_rows(db, reminded, r=runs[beta.team_id]) == [(1,)]  # left unclaimed: nothing was lost or sent

    again = install(oauth_bot, beta.team_id, "Beta Inc")
    assert again != beta.token and db_rows(db, uninstalled, t=beta.team_id) == [(0,)]
    digest_jobs.send_weekly_digests(MONDAY + timedelta(days=7))
    back = beta.manager.replies()[before[beta.team_id] :]
    assert [text_of(m).split("\n")[0] for m in back] == ["*Your weekly digest*"] and tokens_of(back) == {again}


def test_revoking_the_bot_token_uninstalls_too(oauth_bot: dict, job_env: None) -> None:
    team_id = new_id("TR")
    install(oauth_bot, team_id, "Revoked Ltd")
    user = Member(oauth_bot["url"], SECRET, oauth_bot["slack"], team_id, new_id("U"))
    assert user.post(payloads.tokens_revoked_event(team_id, [BOT_USER_ID])).status_code == 200
    db = oauth_bot["db_url"]
    assert db_rows(db, "SELECT count(*) FROM slack_bots WHERE team_id = :t", t=team_id) == [(0,)]
    assert db_rows(db, "SELECT uninstalled_at IS NOT NULL FROM workspaces WHERE team_id = :t", t=team_id) == [(1,)]


def test_the_install_pages_exist_only_in_oauth_mode(stack: dict) -> None:
    assert requests.get(f"{stack['bot_url']}/slack/install", timeout=10).status_code == 404


def test_with_the_database_unreachable_a_workspace_served_before_is_still_authorized(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    installations = AsyncInstallations(installation_store(CLIENT_ID, url))
    team_id = new_id("TD")
    installations.store.save(
        Installation(
            app_id="A0SPAR",
            team_id=team_id,
            user_id="U0INSTALL",
            bot_token="xoxb-down",
            bot_id="B1",
            bot_user_id="U0BOT",
        )
    )
    find = partial(installations.async_find_bot, enterprise_id=None)

    def unreachable(**_: Any) -> None:
        raise OperationalError("SELECT", {}, Exception("could not connect to server"))

    assert asyncio.run(find(team_id=team_id)).bot_token == "xoxb-down"  # read while the database is up
    installations.store.find_bot = unreachable  # type: ignore[method-assign]
    assert asyncio.run(find(team_id=team_id)).bot_token == "xoxb-down"  # as last read
    with pytest.raises(OperationalError):  # never read before: nothing to fall back on
        asyncio.run(find(team_id=new_id("TD")))
    asyncio.run(installations.async_delete_all(enterprise_id=None, team_id=team_id))
    with pytest.raises(OperationalError):  # an uninstall forgets it
        asyncio.run(find(team_id=team_id))
