"""Speed and memory of the move and SAR readers, as a drill or interview turn uses them.

Run from the project root after `make readers`: `.venv/bin/python bench/readers.py [--rounds 3]`. It reads every
rep message of the moves dev split and every answer of the SAR dev split, one at a time (as a turn does), `rounds`
times, and prints the median and 95th percentile per text, the time to load both readers, and how much the
process's resident memory grew from before loading to the end.
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    before = rss_mib()
    from coach import language
    from coach.drills.moves import analyse_moves
    from coach.interviews.sar import analyse_sar

    start = time.perf_counter()
    language.load_reader("moves")
    language.load_reader("sar")
    loaded = time.perf_counter() - start
    texts = {
        "moves": [json.loads(line)["text"] for line in (ROOT / "nlu/moves/dev.jsonl").read_text().splitlines()],
        "sar": [json.loads(line)["answer"] for line in (ROOT / "nlu/sar/dev.jsonl").read_text().splitlines()],
    }
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
    print(f"memory: {before:.0f} MiB before loading, grew by {grown:.0f} MiB (goal: at most 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
