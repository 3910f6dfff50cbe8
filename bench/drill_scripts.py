"""How Spar's role-play scores rank scripted reps against a sales manager's ranges (issue 17's regression suite).

Run from the project root:
`.venv/bin/python bench/drill_scripts.py [--heldout | --third | ... | --seventysixth] [-v]`
(needs `make readers`). For every scenario in `tests/fixtures/drills/regression/` (the scripts the engine was
tuned with), with `--heldout` `tests/fixtures/drills/heldout/` (a second author's, never tuned on), with `--third`,
`--fourth` or `--fifth` `tests/fixtures/drills/third/`, `fourth/` or `fifth/` (other authors', written from the
scenario briefs only, to check changes on before the held-out set is read; tuned on since), with `--sixth`
`tests/fixtures/drills/sixth/` (a sixth author's, written after the sixth session's changes and scored once as their
check; tuned on since), with `--seventh` `tests/fixtures/drills/seventh/` (two more authors', written in the eighth
session and scored once as its check, then tuned on), with `--eighth` `tests/fixtures/drills/eighth/` (two more,
written late in the eighth session, scored once as its second check), with `--ninth` `tests/fixtures/drills/ninth/`
(two more, written at the start of the ninth session and scored once before any change of that session), with
`--tenth` `tests/fixtures/drills/tenth/` (two more, written at the end of the ninth session and scored once after its
changes), with `--eleventh` or `--twelfth` `tests/fixtures/drills/eleventh/` or `twelfth/` (one author's each, D13 and
D14, written at the start of the tenth session and scored once before its changes), with `--thirteenth` or
`--fourteenth` `tests/fixtures/drills/thirteenth/` or `fourteenth/` (D15 and D16, written during the tenth session and
scored once after its changes), with `--fifteenth` or `--sixteenth` (D17 and D18, written at the start of the eleventh
session and scored once before its changes), `--seventeenth` or `--eighteenth` (D19, D20: scored once midway through
it), `--nineteenth` or `--twentieth` (D21, D22: scored once after its last change) and `--twentyfirst` or
`--twentysecond` (D23, D24: written in the twelfth session, scored once on its starting and its current engine
midway through it) and `--twentythird` or `--twentyfourth` (D25, D26: written at the start of the thirteenth session
and scored once before its changes) and `--twentyfifth` or `--twentysixth` (D27, D28: written at the start of the
fourteenth session, scored on its starting engine and kept out of its tuning) and `--twentyseventh` or `--twentyeighth`
(D29, D30: written at the start of the eighteenth session and scored on its starting engine; D29 was tuned on after,
D30 kept out of its tuning) and `--twentyninth` or `--thirtieth` (D31, D32: written during the eighteenth session,
each scored once before the changes that followed it, then tuned on) and `--thirtyfirst` to `--thirtyeighth` (D33 to
D40, written in the nineteenth session and scored on its starting engine; D34, D35, D37 and D39 were then tuned on,
D33, D36, D38 and D40 kept out of its tuning) and `--thirtyninth` to `--fortysecond` (D41 to D44, written in the
twentieth session and scored on its starting engine; D41 and D43 were then tuned on, D42 and D44 kept out of its
tuning) and `--fortythird` to `--fortysixth` (D45 to D48, written midway through the twentieth session and scored on
its starting engine; D45 and D46 were then tuned on, D47 and D48 kept out) and `--fortyseventh` to `--fiftieth` (D49
to D52, written at the start of the twenty-first session and scored on its starting engine; D49 and D51 were then
tuned on, D50 and D52 kept out) and `--fiftyfirst` to `--fiftyfourth` (D53 to D56, written at the start of the
twenty-second session and scored on its starting engine; D53 and D55 were then tuned on, D54 and D56 kept out) and
`--fiftyfifth` to `--fiftyeighth` (D57 to D60, written at the start of the twenty-third session and scored on its
starting engine; D57 and D59 were then tuned on, D58 and D60 kept out) and `--fiftyninth` to `--sixtysecond` (D61 to
D64, written at the start of the twenty-fourth session and scored on its starting engine; D61 and D63 were then tuned
on, D62 and D64 kept out) and `--sixtythird` to `--sixtysixth` (D65 to D68, written at the start of the
twenty-fifth session and scored on its starting engine; D65 and D67 were then tuned on, D66 and D68 kept out) and
`--sixtyseventh` to `--seventieth` (D69 to D72, written at the start of the twenty-sixth session and scored on its
starting engine; D69 and D71 were then tuned on, D70 and D72 kept out) and `--seventyfirst` or `--seventysecond`
(D73, D74, written midway through the twenty-sixth session and scored on its starting and its current engine; D73 was
then tuned on, D74 kept out) and `--seventythird` to `--seventysixth` (D75 to D78, written at the start of the
twenty-seventh session and scored on its starting engine; D75 and D77 were then tuned on, D76 and D78 kept out), on
standard and hard, it
plays each script (strong, middling, weak, question-stuffer, off-topic, stealth pitch, false summary and, where money
is on the table, caving) and prints Spar's score beside the manager's range, marked `!` when outside it, and the
Spearman rank correlation between Spar's scores and the ranges' midpoints; then a summary per kind of rep. `-v` prints
each drill's transcript and score card. Exit code 0 whatever it finds.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from statistics import median

import yaml
from scipy.stats import spearmanr

from coach.drills.engine import replay
from coach.drills.scenarios import find_scenario
from coach.drills.scoring import render_card, score_drill

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "drills"
GAMING = {"stuffer": 35, "off_topic": 35, "stealth_pitch": 35, "caving": 25}


def main(folder: Path, verbose: bool) -> None:
    by_kind: dict[str, list[float]] = defaultdict(list)
    correlations = []
    for difficulty in ("standard", "hard"):
        print(f"\n{difficulty}")
        for path in sorted(folder.glob("*.yml")):
            scenario = find_scenario(path.stem)
            assert scenario is not None, path
            scores, middles, cells = [], [], []
            for kind, script in yaml.safe_load(path.read_text()).items():
                state, answers = replay(scenario, difficulty, "bench", script["messages"])
                card = score_drill(state)
                low, high = script["range"]
                scores.append(card.score)
                by_kind[kind].append(card.score)
                middles.append((low + high) / 2)
                cells.append(f"{kind}={card.score:.0f}{'' if low <= card.score <= high else '!'}")
                if verbose:
                    print(f"--- {scenario.id} {difficulty} {kind}: {card.score:.0f} (manager: {low}-{high})")
                    for message, answer in zip(script["messages"], answers, strict=False):
                        print(f"  rep:   {message}\n  buyer: {answer}")
                    print(render_card(card, state))
            rho = spearmanr(scores, middles).correlation
            correlations.append(rho)
            print(f"  {scenario.id:26} Spearman {rho:5.2f}  " + " ".join(cells))
    print(f"\nSpearman per scenario and difficulty: median {median(correlations):.2f}, lowest {min(correlations):.2f},")
    print(f"  {sum(r >= 0.85 for r in correlations)} of {len(correlations)} at 0.85 or more")
    for kind, points in by_kind.items():
        bound = f", {sum(p <= GAMING[kind] for p in points)} at or under {GAMING[kind]}" if kind in GAMING else ""
        strong = f", {sum(p >= 80 for p in points)} at 80 or more" if kind.startswith("strong") else ""
        print(
            f"  {kind:14} n={len(points):2} median {median(points):5.1f} range {min(points):.0f}-{max(points):.0f}"
            f"{bound}{strong}"
        )


if __name__ == "__main__":
    # `--<set>` reads tests/fixtures/drills/<set>/ ("--heldout", "--third" ... "--sixteenth"); none, the regression set.
    chosen = [arg[2:] for arg in sys.argv[1:] if arg.startswith("--") and (FIXTURES / arg[2:]).is_dir()]
    main(FIXTURES / (chosen[0] if chosen else "regression"), "-v" in sys.argv[1:])
