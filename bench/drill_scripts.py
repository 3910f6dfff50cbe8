"""How Spar's role-play scores rank scripted reps against a sales manager's ranges (issue 17's regression suite).

Run from the project root: `.venv/bin/python bench/drill_scripts.py [-v]` (needs `make readers`). For every scenario
in `tests/fixtures/drills/regression/`, on standard and hard, it plays each script (strong, casual strong, middling,
weak, question-stuffer, off-topic, stealth pitch, false summary and, where money is on the table, caving) and prints
Spar's score beside the manager's range, marked `!` when outside it, and the Spearman rank correlation between Spar's
scores and the ranges' midpoints. `-v` prints each drill's transcript and score card. Exit code 0 whatever it finds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from scipy.stats import spearmanr

from coach.drills.engine import replay
from coach.drills.scenarios import find_scenario
from coach.drills.scoring import render_card, score_drill

SCRIPTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "drills" / "regression"


def main(verbose: bool) -> None:
    for difficulty in ("standard", "hard"):
        print(f"\n{difficulty}")
        for path in sorted(SCRIPTS.glob("*.yml")):
            scenario = find_scenario(path.stem)
            assert scenario is not None, path
            scores, middles, cells = [], [], []
            for kind, script in yaml.safe_load(path.read_text()).items():
                state, answers = replay(scenario, difficulty, "bench", script["messages"])
                card = score_drill(state)
                low, high = script["range"]
                scores.append(card.score)
                middles.append((low + high) / 2)
                cells.append(f"{kind}={card.score:.0f}{'' if low <= card.score <= high else '!'}")
                if verbose:
                    print(f"--- {scenario.id} {difficulty} {kind}: {card.score:.0f} (manager: {low}-{high})")
                    for message, answer in zip(script["messages"], answers, strict=False):
                        print(f"  rep:   {message}\n  buyer: {answer}")
                    print(render_card(card, state))
            rho = spearmanr(scores, middles).correlation
            print(f"  {scenario.id:26} Spearman {rho:5.2f}  " + " ".join(cells))


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
