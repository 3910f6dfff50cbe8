"""Does aiming each day's micro-drill at the rep's most slipping due skill help, against a random skill?

Run from the project root: `.venv/bin/python bench/simulate_practice.py [--reps 50 --days 90 --seed 7]`.
Entirely in memory (no database, no Slack): one `fsrs.Card` per rep and skill, reviewed with
`coach.practice.memory.SCHEDULER` and `rating_for`, exactly as `coach.practice.memory.review_skill` does.

Learner model, per rep and skill: a hidden true ability in [0, 1], drawn uniformly from 0.2-0.7. Between practices
it decays exponentially toward 0.2 (half-life 30 days since the last practice); each practice first shows it (credit
= ability + N(0, 0.1) noise, clipped to [0, 1]) and then raises it by 0.12 * (1 - ability).

Schedule: day 0 (a Monday) every rep does a full drill on all skills, so every skill has a card. Each later
Monday-Friday at 9:00 UTC a rep with a due skill (card due <= now) is sent one micro-drill; a rep misses the day
with probability 0.1 (the micro-drill goes unanswered, no full drill), otherwise answers it and, with probability
0.15, also does a full drill on 4 random skills at 10:00. The "due" policy aims the micro-drill at the most slipping
due skill (lowest retrievability); the baseline sends it under the same condition but on a uniformly random skill.
Both runs share seeds: separate per-rep random streams for start abilities, day events, credit noise and the
baseline's pick, so the two policies see the same reps, absences and full drills.

Per week: micro-drills sent; due skill-days (sum over reps and practice days of skills due at 9:00, before
practice); attempts (micro or full drill) on a skill that was due, and their share of the due skill-days; the
average credit of those attempts; the average true ability over all reps and skills at the end of the week.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from fsrs import Card

from coach.practice.memory import SCHEDULER, rating_for

SKILLS = ["discovery", "business_acumen", "qualification", "listening", "closing", "objection_handling",
          "negotiation", "value_selling", "stakeholder_mapping", "prospecting"]  # fmt: skip
START = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)  # a Monday, 9:00 UTC
FLOOR, HALF_LIFE, GAIN, NOISE = 0.2, 30.0, 0.12, 0.1
MISS, FULL_DRILL, FULL_DRILL_SKILLS = 0.1, 0.15, 4


@dataclass
class Skill:
    ability: float  # true ability right after the last practice
    practised: float = 0.0  # day of the last practice
    card: Card = field(default_factory=Card)

    def now(self, day: float) -> float:
        """True ability today: decays toward FLOOR with a HALF_LIFE-day half-life since the last practice."""
        return FLOOR + (self.ability - FLOOR) * 0.5 ** ((day - self.practised) / HALF_LIFE)


@dataclass
class Week:
    sent: int = 0
    due: int = 0
    due_practised: int = 0
    due_credit: float = 0.0
    ability: float = 0.0


@dataclass
class Rep:
    skills: dict[str, Skill]
    events: random.Random
    noise: random.Random
    pick: random.Random


def practise(rep: Rep, name: str, t: datetime, day: float) -> float:
    """One attempt: credit from the true ability, the card reviewed, then the ability grows."""
    skill = rep.skills[name]
    ability = skill.now(day)
    credit = min(1.0, max(0.0, ability + rep.noise.gauss(0.0, NOISE)))
    skill.card, _ = SCHEDULER.review_card(skill.card, rating_for(credit), review_datetime=t)
    skill.ability, skill.practised = ability + GAIN * (1 - ability), day
    return credit


def due_now(rep: Rep, t: datetime) -> list[str]:
    """Due skills, the most slipping (lowest retrievability) first."""
    due = [name for name, s in rep.skills.items() if s.card.due <= t]
    return sorted(due, key=lambda n: SCHEDULER.get_card_retrievability(rep.skills[n].card, current_datetime=t))


def simulate(policy: str, reps: int, days: int, seed: int) -> list[Week]:
    team: list[Rep] = []
    for r in range(reps):
        start = random.Random(f"{seed}-{r}-start")
        team.append(
            Rep(
                {name: Skill(start.uniform(0.2, 0.7)) for name in SKILLS},
                random.Random(f"{seed}-{r}-events"),
                random.Random(f"{seed}-{r}-noise"),
                random.Random(f"{seed}-{r}-pick"),
            )
        )
    for rep in team:  # day 0: one full drill touching every skill
        for name in SKILLS:
            practise(rep, name, START, 0.0)
    weeks = [Week() for _ in range((days + 6) // 7)]
    for day in range(1, days):
        t = START + timedelta(days=day)
        week = weeks[day // 7]
        if t.weekday() < 5:
            for rep in team:
                due = due_now(rep, t)
                week.due += len(due)
                attempts: list[tuple[str, datetime]] = []
                if due:
                    week.sent += 1
                    attempts.append((due[0] if policy == "due" else rep.pick.choice(SKILLS), t))
                if rep.events.random() < MISS:
                    continue
                if rep.events.random() < FULL_DRILL:
                    later = t + timedelta(hours=1)
                    attempts += [(name, later) for name in rep.events.sample(SKILLS, FULL_DRILL_SKILLS)]
                for name, when in attempts:
                    was_due = rep.skills[name].card.due <= when
                    credit = practise(rep, name, when, day + (when - t).total_seconds() / 86400)
                    if was_due:
                        week.due_practised += 1
                        week.due_credit += credit
        if day % 7 == 6 or day == days - 1:
            week.ability = sum(s.now(day + 1) for rep in team for s in rep.skills.values()) / (reps * len(SKILLS))
    return weeks


def report(policy: str, weeks: list[Week]) -> None:
    print(f"\npolicy: {policy}")
    print(f"{'week':>4} {'sent':>6} {'due skill-days':>15} {'due practised':>14} {'share':>6} {'due credit':>11} "
          f"{'ability':>8}")  # fmt: skip
    for i, w in enumerate(weeks, 1):
        share = w.due_practised / w.due if w.due else 0.0
        credit = w.due_credit / w.due_practised if w.due_practised else float("nan")
        print(f"{i:>4} {w.sent:>6} {w.due:>15} {w.due_practised:>14} {share:>6.1%} {credit:>11.3f} {w.ability:>8.3f}")


def late_credit(weeks: list[Week]) -> float:
    """Average credit on due-skill attempts in weeks 10-13 (or the last four weeks)."""
    late = weeks[9:] or weeks[-4:]
    practised = sum(w.due_practised for w in late)
    return sum(w.due_credit for w in late) / practised if practised else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{args.reps} reps, {args.days} days, seed {args.seed}")
    results = {policy: simulate(policy, args.reps, args.days, args.seed) for policy in ("due", "random")}
    for policy, weeks in results.items():
        report(policy, weeks)
    print(f"\n{'policy':<8} {'micro-drills':>12} {'final ability':>14} {'due credit wk 10-13':>20}")
    for policy, weeks in results.items():
        sent = sum(w.sent for w in weeks)
        print(f"{policy:<8} {sent:>12} {weeks[-1].ability:>14.3f} {late_credit(weeks):>20.3f}")


if __name__ == "__main__":
    main()
