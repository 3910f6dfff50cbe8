"""Every handler of what a user types, fuzzed: any text (unicode, control characters, 10,000 characters of repeats)
never raises, gives the documented type, and takes bounded time. Then the actions: what Rasa decodes from a typed
payload is stored safely, and a slot naming another workspace's row changes nothing there."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.commitment import ActionSetCommitment
from actions.precall import ActionPrecallDone, ActionStartPrecall, ValidatePrecallForm
from bot.blocks import sections
from bot.listeners.commands import SUBCOMMANDS, as_rasa_message
from coach.buddies.commitments import read_commitment, set_commitment
from coach.buddies.pairing import colleague_named
from coach.db import engine_for, session_scope
from coach.drills.engine import DrillState, opening, play
from coach.drills.moves import MOVES, MoveAnalysis, analyse_moves
from coach.drills.offer import asked_for
from coach.drills.scenarios import load_scenarios
from coach.drills.sessions import parse_ref
from coach.interviews.calibration import read_marks
from coach.interviews.practice import pick_question, start_interview, take_answer
from coach.interviews.sar import SarAnalysis, analyse_sar
from coach.migrate import upgrade
from coach.models import ChecklistRun, Commitment, Deal, User
from coach.people import add_to_team, ensure_user
from coach.practice.micro import answer_micro, pick_micro
from coach.practice.practice_days import read_practice_days
from coach.practice.preferences import clock_time
from coach.practice.sessions import start_session
from coach.precall.buying_process import read_persona, read_stage
from coach.precall.calltime import CallMention, read_account, read_call_mention
from coach.precall.checklists import edit_objectives, read_criterion_marks, start_checklist, take_reply
from coach.precall.debriefs import NotYet, start_debrief, take_debrief_reply
from coach.text import storable
from tests.conftest import PG_ADMIN_URL

WORDS = (
    "what", "how", "why", "is", "costing", "you", "budget", "next", "step", "Tuesday", "at", "3pm", "I", "we", "led",
    "result", "20%", "call", "with", "Northwind", "tomorrow", "9:30", "y", "?", "n", "not", "met", "drills", "3",
    "interviews", "mon-fri", "@", "<@U0ABC>", "invite", "pair", "with", "/", "{", "}", '"', "\\", "…", "—", "👍",
    "\u200b", "\x00", "\x1b[31m", "\r\n", "\t", "\ufeff", "\u202e", "ß", "İ", "ﬁ", "٣", "漢字", "𝕏", "\ud800",
)  # fmt: skip
ODD_CHARACTERS = st.sampled_from("\x00\x07\x1b\r\u0085\u2028\u200b\u202e\ufeff\ud800\udfff\U0010ffff")
# Text a user might send and text nobody would: any code point (surrogates included), long repeats of a short
# piece (the shape that makes a careless regex backtrack), and long runs of the words the handlers look for.
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()) | ODD_CHARACTERS, max_size=300),
    st.builds(lambda piece, times: (piece * times)[:10_000], st.text(min_size=1, max_size=40), st.integers(1, 2_000)),
    st.lists(st.sampled_from(WORDS), max_size=2_000).map(" ".join),
)
# Bounded by the CPU time of one call (`timed`), not by the wall clock, which other work on the machine stretches.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECONDS = 5.0  # CPU seconds for one call on 10,000 characters
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=timezone.utc)


def timed(handler: Callable[..., Any], *args: Any) -> Any:
    started = time.process_time()
    result = handler(*args)
    assert time.process_time() - started < SECONDS, f"{handler.__name__} took too long on {len(args[-1])} characters"
    return result


@FUZZ
@given(ANY_TEXT)
@example("What is it costing you? " * 400)
@example("a" * 10_000 + "?")
@example("\x00\x01\ud800\udfff")
def test_reading_moves_and_stories(text: str) -> None:
    moves = timed(analyse_moves, text)
    assert isinstance(moves, MoveAnalysis) and set(moves.moves) <= set(MOVES)
    assert set(moves.evidence) <= set(moves.moves) and all(isinstance(v, str) for v in moves.evidence.values())
    story = timed(analyse_sar, text)
    assert isinstance(story, SarAnalysis) and 0 <= story.score <= 100 and isinstance(story.feedback, str)
    assert all(isinstance(p, str) for p in story.probes)


@FUZZ
@given(ANY_TEXT, st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]))
@example("call with Northwind at 99:99 in 9999999999 hours", "UTC")
@example("precall " + "Acme " * 2_000 + "tomorrow 9", "Europe/London")
def test_reading_a_call_time_and_account(text: str, tz: str) -> None:
    mention = timed(read_call_mention, text, NOW, tz)
    assert isinstance(mention, CallMention)
    assert mention.starts_at is None or mention.starts_at.utcoffset() == timedelta(0)
    assert mention.account is None or isinstance(mention.account, str)
    account = timed(read_account, text)
    assert account is None or (isinstance(account, str) and account.strip())


@FUZZ
@given(ANY_TEXT)
@example("999999999999999999999 drills")
@example("mon-sun sun-mon thursdays through tues")
def test_reading_commitments_days_and_marks(text: str) -> None:
    counts = timed(read_commitment, text)
    assert counts is None or (counts and all(isinstance(n, int) and 0 <= n <= 100 for n in counts.values()))
    days = timed(read_practice_days, text)
    assert days is None or re.fullmatch(r"1?2?3?4?5?6?7?", days) and days
    marks = timed(read_criterion_marks, text)
    assert isinstance(marks, list) and set(marks) <= {"confirmed", "unknown", "not_met"}
    calibration = timed(read_marks, text)
    assert calibration is None or (isinstance(calibration[0], set) and calibration[1] in (None, *range(101)))


@FUZZ
@given(ANY_TEXT)
@example("at 25")
@example("at 12:60pm")
@example("at 99999999999999999999")
def test_reading_a_clock_time(text: str) -> None:
    try:
        clock = timed(clock_time, text)
    except ValueError:
        return  # documented: a time that can't be ("at 25")
    assert clock is None or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", clock)


@FUZZ
@given(ANY_TEXT)
@example("0" * 4_320)  # found by the fuzzer: a number Python won't read as an int
def test_reading_stages_personas_scenarios_and_refs(text: str) -> None:
    stage = timed(read_stage, text)
    assert stage is None or isinstance(stage.id, str)
    assert timed(read_persona, text) in (None, "procurement", "technical_buyer", "end_user", "economic_buyer")
    scenario = timed(asked_for, text)
    assert scenario is None or scenario in load_scenarios()
    parsed = timed(parse_ref, text)
    assert parsed is None or parsed[0] in load_scenarios()
    assert pick_question(text).text


@FUZZ
@given(ANY_TEXT)
@example("precall")
@example("drill " + "\x00" * 50)
@example("HELP   " + "x" * 9_000)
def test_reading_a_slash_command(text: str) -> None:
    message = timed(as_rasa_message, text)
    name, _, rest = text.strip().partition(" ")
    if message is None:
        assert name and name.lower() not in SUBCOMMANDS
        return
    intent, brace, details = message.partition("{")
    assert intent in {f"/{i}" for i in SUBCOMMANDS.values()}
    assert (json.loads(brace + details)["details"] if brace else "") == rest.strip()  # nothing typed is lost


@FUZZ
@given(ANY_TEXT)
def test_cutting_a_reply_into_sections(text: str) -> None:
    parts = timed(sections, text)
    assert isinstance(parts, list) and all(isinstance(p, str) and len(p) <= 3_000 for p in parts)


@FUZZ
@given(st.lists(ANY_TEXT, min_size=1, max_size=4), st.sampled_from(["easy", "standard", "hard"]))
def test_the_buyer_answers_any_rep_message(messages: list[str], difficulty: str) -> None:
    for scenario in load_scenarios()[:3]:
        state = DrillState(scenario, difficulty, seed="fuzz")
        opening(state)
        for text in messages:
            if state.outcome is not None:
                break
            reply = timed(play, state, text)
            assert isinstance(reply, str) and reply.strip()


# -- handlers that store what they read: one SQLite database for the module, each example rolled back ----------
# What reaches them came through the bot, which makes text storable (no NUL, no lone surrogate) as it arrives.
STORABLE_TEXT = ANY_TEXT.map(storable)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database of each engine for this module (PostgreSQL is the one that refuses NUL in text)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'spar.db'}"
        upgrade(url)
        yield url
        return
    name = f"spar_hostile_{uuid.uuid4().hex[:8]}"
    url = request.getfixturevalue("postgres_url").rsplit("/", 1)[0] + f"/{name}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    upgrade(url)
    yield url
    engine_for(url).dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def rolled_back(database: str) -> Callable[[], Any]:
    """A session whose work is undone when the example ends, with a manager, a rep and a colleague in it."""
    from contextlib import contextmanager

    @contextmanager
    def scope() -> Iterator[tuple[Any, User, User]]:
        with session_scope(database) as session:
            nested = session.begin_nested()
            boss = ensure_user(session, "T0FUZZ", "U0BOSS", name="Mo Manager", tz="Europe/Berlin", role="manager")
            rep = ensure_user(session, "T0FUZZ", "U0REP", name="Riley Rep", tz="America/New_York")
            ensure_user(session, "T0FUZZ", "U0PAT", name="Pat Partner")
            ensure_user(session, "T0ELSE", "U0PAT", name="Pat Elsewhere")
            try:
                yield session, boss, rep
            finally:
                nested.rollback()
                session.rollback()

    return scope


STORED = settings(
    max_examples=30,
    deadline=None,  # what is checked here is what gets stored; the wall clock only measures the machine's load
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@STORED
@given(text=STORABLE_TEXT)
@example(text="invite pat")
@example(text="invite <@U0PAT> and <@U0BOSS> <@" + "A" * 500 + ">")
def test_naming_a_colleague_and_adding_to_a_team(rolled_back: Callable[[], Any], text: str) -> None:
    with rolled_back() as (session, boss, rep):
        named = timed(colleague_named, session, rep, text)
        assert named is None or (isinstance(named, User) and named.team_id == "T0FUZZ")
        answer = timed(add_to_team, session, boss, text)
        assert isinstance(answer, str) and answer.strip()
        assert all(u.team_id == "T0FUZZ" for u in session.query(User).filter(User.manager_id == boss.id))


@STORED
@given(text=STORABLE_TEXT)
@example(text="3 drills, 2 interviews and a checklist before every call")
def test_a_commitment_in_any_words(rolled_back: Callable[[], Any], text: str) -> None:
    with rolled_back() as (session, _, rep):
        commitment = timed(set_commitment, session, rep, text, NOW)
        assert (commitment is None) == (read_commitment(text) is None)


@STORED
@given(text=STORABLE_TEXT)
def test_checklist_debrief_and_objective_replies(rolled_back: Callable[[], Any], text: str) -> None:
    with rolled_back() as (session, _, rep):
        run = timed(start_checklist, session, rep, text, NOW)
        assert isinstance(run, ChecklistRun) and run.team_id == "T0FUZZ"
        for _ in range(4):  # account, buyer, stage, a criterion: each step reads the same text
            hint = timed(take_reply, session, run, text)
            assert hint is None or isinstance(hint, str)
        assert timed(edit_objectives, run, text) in (True, False)
        assert run.objective is None or len(run.objective) <= 1_000
        try:
            debrief = timed(start_debrief, session, rep, text, NOW)
        except NotYet:  # "1PM": the checklist's call is still to come, so there is nothing to debrief yet
            return
        for _ in range(3):
            hint = timed(take_debrief_reply, session, debrief, text)
            assert hint is None or isinstance(hint, str)


@STORED
@given(text=STORABLE_TEXT)
def test_interview_and_micro_drill_answers(rolled_back: Callable[[], Any], text: str) -> None:
    with rolled_back() as (session, _, rep):
        interview = start_interview(session, rep, pick_question("negotiation"))
        probe = timed(take_answer, session, interview, text)
        assert probe is None or isinstance(probe, str)
        for skill in ("discovery", "negotiation"):  # a buyer line, then an interview prompt
            drill = pick_micro(skill, seed=text[:20])
            practice = start_session(session, rep, "micro", drill.ref, now=NOW)
            practice.detail = {"skill": drill.skill}
            feedback = timed(answer_micro, session, rep, practice, text, NOW)
            assert isinstance(feedback, str) and "counts as today's practice" in feedback


def test_the_fuzz_text_reaches_the_limits() -> None:
    """The strategy above does produce what it promises: thousands of characters, control characters, surrogates."""
    seen: list[str] = []

    @settings(max_examples=200, database=None, derandomize=True)  # the same 200 texts every run: no flake
    @given(ANY_TEXT)
    def collect(text: str) -> None:
        seen.append(text)

    collect()
    assert max(map(len, seen)) >= 5_000
    assert any(any(ord(c) < 32 for c in text) for text in seen)
    assert any(any(0xD800 <= ord(c) <= 0xDFFF for c in text) for text in seen)


# -- what Rasa hands the actions: entity values and slots are the user's words too ----------------------------


def tracker(text: str, details: str | None = None, **slots: str) -> Tracker:
    entities = [] if details is None else [{"entity": "details", "value": details}]
    return Tracker.from_dict(
        {
            "sender_id": "T0ACTIONS:U0ACTREP",
            "slots": slots,
            "latest_message": {"text": text, "intent": {"name": "set_commitment"}, "entities": entities},
            "events": [],
            "active_loop": {},
        }
    )


def test_escapes_typed_into_a_payload_store_nothing_unstorable(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`/set_commitment{"details": "3 drills \\u0000"}` typed as a DM: Rasa decodes the escape into the entity."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    words = "3 drills \x00 and 1 interview \ud800"
    messages = asyncio.run(_run(ActionSetCommitment(), tracker("/set_commitment", details=words)))
    assert messages[0]["text"].startswith("Committed for this week")
    plan = asyncio.run(_run(ActionStartPrecall(), tracker("/start_precall", details="call with Acme\x00\ud800 at 3pm")))
    assert plan == []
    with session_scope(db_url) as session:
        assert session.scalars(select(Commitment.text)).one() == storable(words)
        assert "\x00" not in session.scalars(select(Deal.account)).one()


def test_a_slot_naming_another_workspaces_checklist_changes_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        twin = ensure_user(session, "T0OTHER", "U0ACTREP")  # the same Slack id, in another workspace
        theirs = ChecklistRun(team_id="T0OTHER", user_id=twin.id, answers={}, status="planned", objective="theirs")
        session.add(theirs)
        session.flush()
        run_id = str(theirs.id)
    slots = {"precall_run": run_id, "debrief_run": run_id}
    validated = asyncio.run(
        ValidatePrecallForm().validate_precall_reply(
            "ours now", CollectingDispatcher(), tracker("ours now", **slots), {}
        )
    )
    assert validated == {"precall_reply": "ours now"}  # no run of the rep's: the form simply ends
    assert "Stopped" in asyncio.run(_run(ActionPrecallDone(), tracker("ours now", **slots)))[0]["text"]
    with session_scope(db_url) as session:
        assert session.get(ChecklistRun, int(run_id)).objective == "theirs"  # type: ignore[union-attr]
        assert session.get(ChecklistRun, int(run_id)).status == "planned"  # type: ignore[union-attr]


async def _run(action: Any, on: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, on, {})
    return dispatcher.messages
