"""Speed and memory of the move and SAR readers, as a drill or interview turn uses them.

Run from the project root after `make readers`: `.venv/bin/python bench/readers.py [--rounds 3]`. It reads every
rep message of the moves dev split and every answer of the SAR dev split, one at a time (as a turn does), `rounds`
times, and prints the median and 95th percentile per text, the time to load both readers, and how much the
process's resident memory grew from before loading to the end: in this bare interpreter, and in the process that
serves them, the action server, with its modules and actions imported first as `spar run actions` does before it
loads the readers (numpy, for one, is loaded there already).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS_MS = {"moves": 15.0, "sar": 40.0}


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def dev_texts() -> dict[str, list[str]]:
    return {
        "moves": [json.loads(line)["text"] for line in (ROOT / "nlu/moves/dev.jsonl").read_text().splitlines()],
        "sar": [json.loads(line)["answer"] for line in (ROOT / "nlu/sar/dev.jsonl").read_text().splitlines()],
    }


def grown_in_action_server() -> float:
    """MiB the action server grows by from loading the readers (`load_readers`, the buyer's word lists with them)
    and reading every dev text once, after importing what `spar run actions` imports before loading them."""
    import actions
    from spar import action_server

    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    before = rss_mib()
    action_server.load_readers()
    from coach.drills.moves import analyse_moves
    from coach.interviews.sar import analyse_sar

    texts = dev_texts()
    for text in texts["moves"]:
        analyse_moves(text)
    for text in texts["sar"]:
        analyse_sar(text)
    return rss_mib() - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--in-action-server", action="store_true", help="print only the action server's growth")
    args = parser.parse_args()
    if args.in_action_server:
        print(f"{grown_in_action_server():.0f}")
        return 0
    before = rss_mib()
    from coach import language
    from coach.drills.moves import analyse_moves
    from coach.interviews.sar import analyse_sar

    start = time.perf_counter()
    language.load_reader("moves")
    language.load_reader("sar")
    loaded = time.perf_counter() - start
    texts = dev_texts()
    analyse = {"moves": analyse_moves, "sar": analyse_sar}
    print(f"readers loaded in {loaded * 1000:.0f} ms")
    print(f"{'reader':<8}{'texts':>7}{'median ms':>11}{'p95 ms':>9}{'goal':>8}")
    for reader, items in texts.items():
        timings = []
        for _ in range(args.rounds):
            for text in items:
                tick = time.perf_counter()
                analyse[reader](text)
                timings.append((time.perf_counter() - tick) * 1000)
        p95 = percentile(timings, 0.95)
        verdict = "ok" if p95 <= GOALS_MS[reader] else "MISSED"
        print(
            f"{reader:<8}{len(timings):>7}{statistics.median(timings):>11.1f}{p95:>9.1f}"
            f"{GOALS_MS[reader]:>6.0f} {verdict}"
        )
    grown = rss_mib() - before
    print(f"memory: {before:.0f} MiB before loading, grew by {grown:.0f} MiB from a bare interpreter")
    served = subprocess.run(
        [sys.executable, __file__, "--in-action-server"], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()[-1]
    print(f"memory: the action server grew by {served} MiB loading them and reading each text once (goal: 100 at most)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
