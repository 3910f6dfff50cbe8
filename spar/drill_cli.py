"""`spar drill play`: try a scenario from the terminal, for content authors (no Slack, no database)."""

from __future__ import annotations

import sys

from coach.drills.engine import DrillState, opening, play
from coach.drills.scenarios import DIFFICULTIES, find_scenario, load_scenarios
from coach.drills.scoring import render_card, score_drill


def play_drill(scenario_id: str, difficulty: str, seed: str, messages: list[str]) -> int:
    scenario = find_scenario(scenario_id)
    if scenario is None:
        known = ", ".join(s.id for s in load_scenarios())
        print(f"error: no scenario {scenario_id!r}; known: {known}", file=sys.stderr)
        return 2
    if difficulty not in DIFFICULTIES:
        print(f"error: difficulty must be one of {', '.join(DIFFICULTIES)}", file=sys.stderr)
        return 2
    state = DrillState(scenario, difficulty, seed)
    print(scenario.scene)
    print(f"{state.buyer}: {opening(state)}")
    for message in messages:
        if state.outcome is not None:
            print("(the drill has ended; the remaining lines are not played)")
            break
        print(f"rep: {message}")
        print(f"{state.buyer}: {play(state, message)}")
    print()
    print(render_card(score_drill(state), state))
    return 0
